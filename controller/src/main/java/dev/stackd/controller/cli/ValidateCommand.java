package dev.stackd.controller.cli;

import dev.stackd.api.compose.ComposeLoader;
import dev.stackd.api.compose.LoadRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "validate", description = "Validate a compose file: interpolate, resolve paths, check every key.")
public final class ValidateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-f", "--file"}, required = true, description = "The compose file.")
    Path file;

    @Option(names = "--name", description = "The stack name (default: the file's name:, else its folder).")
    String name;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        if (!Files.isRegularFile(file)) {
            err.println("error: " + file + ": no such file");
            return 1;
        }
        var result = ComposeLoader.load(LoadRequest.ofFile(file).withName(name).withEnvironment(System.getenv()));
        if (!result.isValid()) {
            for (var e : result.errors()) err.println(file + ": " + e);
            return 1;
        }
        var stack = result.stack();
        int n = stack.services().size();
        out.println("ok: stack " + stack.name() + ", " + n + (n == 1 ? " service" : " services"));
        return 0;
    }
}
