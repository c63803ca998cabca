package dev.stackd.controller.cli;

import dev.stackd.controller.spec.ComposeSpecParser;
import dev.stackd.controller.spec.ParsedStack;
import dev.stackd.controller.spec.SpecError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** The compose file a client command reads (-f, --name), parsed here as the server would parse it. */
final class ManifestFile {
    @Option(names = {"-f", "--file"}, required = true, description = "The compose file.")
    Path file;

    @Option(names = "--name", description = "The stack name (default: the file's name:, else its folder).")
    String name;

    /** Parses with this shell's environment, so errors show before anything is sent. */
    ParsedStack parse(Map<String, String> env) {
        if (!Files.isRegularFile(file)) throw new CliFailure("error: " + file + ": no such file");
        ParsedStack parsed = new ComposeSpecParser().composeFile(file, name, env);
        if (parsed.isValid()) return parsed;
        var lines = new StringBuilder(file + " is invalid:");
        for (SpecError e : parsed.errors()) lines.append('\n').append(e);
        throw new CliFailure(lines.toString());
    }

    String text() {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new CliFailure("error: cannot read " + file + ": " + e.getMessage());
        }
    }
}
