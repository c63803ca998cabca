package dev.stackd.controller.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stackd.controller.http.HttpServer;
import dev.stackd.controller.http.Json;
import dev.stackd.controller.spec.ParsedStack;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "apply", description = "Apply a compose project: load its files here, then store it as the stack's desired state.")
final class ApplyCommand extends OutputCommand {
    @Mixin
    ManifestFile manifest;

    @Option(names = "--dry-run", description = "Store nothing; show what a reconcile would do.")
    boolean dryRun;

    @Option(names = "--adopt", description = "Take over what docker compose runs under the stack's name: containers that"
            + " match the spec keep running, the others are recreated; networks and volumes are kept as they are."
            + " Without it, such a project is refused (409).")
    boolean adopt;

    @Option(names = "--wait", arity = "0..1", fallbackValue = "5m", paramLabel = "TIMEOUT",
            converter = Durations.class,
            description = "Wait until the stack is Ready (default timeout when given without a value: ${FALLBACK-VALUE}).")
    Duration wait;

    @Override
    public Integer call() {
        var out = out();
        ManifestFile.Loaded loaded = manifest.load(root.env(), err());
        ParsedStack parsed = loaded.stack();
        ApiClient api = api();
        String body = Json.write(ManifestFile.envelope(loaded, Json.read(parsed.canonicalJson())));
        String stack = parsed.spec().name();
        String query = (dryRun ? "&dryRun=true" : "") + (adopt ? "&adopt=true" : "");
        String path = "/api/v1/stacks/" + ApiClient.encode(stack) + (query.isEmpty() ? "" : "?" + query.substring(1));
        JsonNode result = api.ok(api.put(path, body, HttpServer.SPEC_MEDIA_TYPE), 200, 201).json();
        if (!output.printData(out, result)) printResult(out, stack, result);
        if (dryRun || wait == null) return 0;
        return new StackWaiter(api, err()).await(stack, result.path("generation").asLong(), wait);
    }

    private void printResult(java.io.PrintWriter out, String stack, JsonNode result) {
        long generation = result.path("generation").asLong();
        if (dryRun) out.print(result.path("plan").asText());
        else if (result.path("created").asBoolean()) out.println("stack " + stack + " created (generation " + generation + ")");
        else if (result.path("changed").asBoolean()) out.println("stack " + stack + " updated to generation " + generation);
        else out.println("stack " + stack + " unchanged (generation " + generation + ")");
        out.flush();
    }
}
