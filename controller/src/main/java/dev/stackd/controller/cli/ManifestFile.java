package dev.stackd.controller.cli;

import dev.stackd.api.Manifests;
import dev.stackd.api.ValidationError;
import dev.stackd.api.compose.ComposeLoader;
import dev.stackd.api.compose.ProjectFiles;
import dev.stackd.api.compose.ProjectRequest;
import dev.stackd.api.compose.ProjectResult;
import dev.stackd.controller.spec.ParsedStack;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The compose project a client command reads, chosen as docker compose chooses it ({@link ProjectFiles}) and
 * loaded here, on the user's host: its files merged, include and extends read, profiles applied.
 */
final class ManifestFile {
    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
            description = "A compose file; repeat to merge several, in order (default: COMPOSE_FILE, else compose.yaml,"
                    + " compose.yml, docker-compose.yml or docker-compose.yaml and its override, here or in a parent folder).")
    List<Path> files = new ArrayList<>();

    @Option(names = "--profile", paramLabel = "PROFILE",
            description = "Enable a profile; repeatable (default: COMPOSE_PROFILES). '*' enables all.")
    List<String> profiles = new ArrayList<>();

    @Option(names = "--project-directory", paramLabel = "DIR",
            description = "Where relative paths and .env are taken from (default: the first file's folder).")
    Path projectDirectory;

    @Option(names = "--name", description = "The stack name (default: the file's name:, else the project directory's name).")
    String name;

    /** The project as loaded, and its stack as the server receives it. */
    record Loaded(ProjectResult project, ParsedStack stack, String firstFileText) {}

    /** Loads with this shell's environment, so errors show before anything is sent; warnings go to {@code err}. */
    Loaded load(Map<String, String> env, PrintWriter err) {
        ProjectRequest request = request(env, err);
        Path first = request.files().getFirst();
        ProjectResult project = ComposeLoader.load(request);
        warn(project, err);
        if (!project.isValid()) {
            var lines = new StringBuilder(first + " is invalid:");
            for (ValidationError e : project.errors()) lines.append('\n').append(e);
            throw new CliFailure(lines.toString());
        }
        return new Loaded(project, ParsedStack.valid(project.stack(), Manifests.toCanonicalJson(project.stack())), text(first));
    }

    /** compose's warnings about the project (an obsolete version:), as compose prints them, before anything else. */
    static void warn(ProjectResult project, PrintWriter err) {
        for (String w : project.warnings()) err.println("warning: " + w);
        err.flush();
    }

    /** The project's files as docker compose chooses them (warnings to {@code err}), or a CliFailure naming why not. */
    ProjectRequest request(Map<String, String> env, PrintWriter err) {
        var selection = ProjectFiles.select(files, projectDirectory, profiles, name, env, Path.of(""));
        for (String w : selection.warnings()) err.println("warning: " + w);
        err.flush();
        if (!selection.errors().isEmpty()) throw new CliFailure("error: " + String.join("\nerror: ", selection.errors()));
        return selection.request();
    }

    /** The body {@code apply} sends: the spec, the first file as written, the files merged and the profiles. */
    static Map<String, Object> envelope(Loaded loaded, Object specJson) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("spec", specJson);
        body.put("source", loaded.firstFileText());
        body.put("files", loaded.project().files().stream().map(Path::toString).toList());
        body.put("profiles", loaded.project().profiles());
        return body;
    }

    private static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new CliFailure("error: cannot read " + file + ": " + e.getMessage());
        }
    }
}
