package dev.stackd.controller.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stackd.controller.http.HttpServer;
import dev.stackd.controller.http.Json;
import dev.stackd.controller.spec.ComposeSpecParser;
import dev.stackd.controller.spec.ParsedStack;
import dev.stackd.controller.spec.SpecError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "apply", description = "Apply a compose file: parse it here, then store it as the stack's desired state.")
final class ApplyCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @ParentCommand
    StackdCommand root;

    @Mixin
    ClientOptions client;

    @Option(names = {"-f", "--file"}, required = true, description = "The compose file.")
    Path file;

    @Option(names = "--name", description = "The stack name (default: the file's name:, else its folder).")
    String name;

    @Option(names = "--dry-run", description = "Store nothing; show what a reconcile would do.")
    boolean dryRun;

    @Option(names = "--wait", arity = "0..1", fallbackValue = "5m", paramLabel = "TIMEOUT",
            converter = Durations.class,
            description = "Wait until the stack is Ready (default timeout when given without a value: ${FALLBACK-VALUE}).")
    Duration wait;

    @Option(names = {"-o", "--output"}, description = "table (default), json or yaml.")
    OutputFormat output = OutputFormat.table;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        ParsedStack parsed = parseLocally(file, name, root.env());
        ApiClient api = client.client(root.env());
        String body = Json.write(Map.of("spec", Json.read(parsed.canonicalJson()), "source", read(file)));
        String stack = parsed.spec().name();
        String path = "/api/v1/stacks/" + ApiClient.encode(stack) + (dryRun ? "?dryRun=true" : "");
        JsonNode result = api.ok(api.put(path, body, HttpServer.SPEC_MEDIA_TYPE), 200, 201).json();
        if (!output.printData(out, result)) printResult(out, stack, result);
        if (dryRun || wait == null) return 0;
        return new StackWaiter(api, spec.commandLine().getErr()).await(stack, result.path("generation").asLong(), wait);
    }

    private void printResult(java.io.PrintWriter out, String stack, JsonNode result) {
        long generation = result.path("generation").asLong();
        if (dryRun) out.print(result.path("plan").asText());
        else if (result.path("created").asBoolean()) out.println("stack " + stack + " created (generation " + generation + ")");
        else if (result.path("changed").asBoolean()) out.println("stack " + stack + " updated to generation " + generation);
        else out.println("stack " + stack + " unchanged (generation " + generation + ")");
        out.flush();
    }

    /** Parses the file as the server would, with this shell's environment, so errors show before anything is sent. */
    static ParsedStack parseLocally(Path file, String name, Map<String, String> env) {
        if (!Files.isRegularFile(file)) throw new CliFailure("error: " + file + ": no such file");
        ParsedStack parsed = new ComposeSpecParser().composeFile(file, name, env);
        if (parsed.isValid()) return parsed;
        var lines = new StringBuilder(file + " is invalid:");
        for (SpecError e : parsed.errors()) lines.append('\n').append(e);
        throw new CliFailure(lines.toString());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new CliFailure("error: cannot read " + file + ": " + e.getMessage());
        }
    }
}
