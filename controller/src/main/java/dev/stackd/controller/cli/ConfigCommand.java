package dev.stackd.controller.cli;

import dev.stackd.api.compose.ComposeLoader;
import dev.stackd.api.compose.ComposeWriter;
import dev.stackd.api.compose.ProjectRequest;
import dev.stackd.api.compose.ProjectResult;
import dev.stackd.api.model.StackSpec;
import dev.stackd.controller.engine.Names;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * The project as stackd reads it, printed as a compose file (as {@code docker compose config}): what stackd will
 * apply, and what a user compares with compose's own reading. Nothing is sent to a server.
 */
@Command(name = "config", description = {
        "Print the compose project as stackd reads it: interpolated, env_file read into environment, paths absolute,",
        "every key in its long syntax, engine names explicit. Applying the output gives the same stack."})
final class ConfigCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @ParentCommand
    StackdCommand root;

    /** The same files, profiles, project directory and name as apply: one loader for both. */
    @Mixin
    ManifestFile manifest;

    @Option(names = "--format", description = "yaml (default) or json.")
    ComposeWriter.Format format = ComposeWriter.Format.yaml;

    @Option(names = "--no-interpolate", description = "Print ${VAR} and $$ as written instead of their values.")
    boolean noInterpolate;

    @ArgGroup(exclusive = true)
    Listing listing;

    /** Instead of the file, one name a line. */
    static final class Listing {
        @Option(names = "--services", description = "Print the service names, one per line.")
        boolean services;
        @Option(names = "--volumes", description = "Print the volume keys, one per line.")
        boolean volumes;
        @Option(names = "--networks", description = "Print the network keys, one per line.")
        boolean networks;
        @Option(names = "--profiles", description = "Print the profiles services name, one per line.")
        boolean profiles;
        @Option(names = "--images", description = "Print the image of each service (a build's tag), one per line.")
        boolean images;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ProjectRequest request = manifest.request(root.env(), err);
        ProjectResult result = noInterpolate ? ComposeLoader.loadUninterpolated(request) : ComposeLoader.load(request);
        ManifestFile.warn(result, err);
        if (!result.isValid()) {
            Path first = request.files().getFirst();
            for (var e : result.errors()) err.println(first + ": " + e);
            if (noInterpolate) err.println("(with --no-interpolate, a value stackd parses, such as a port, a size or a duration, cannot hold a variable)");
            return 1;
        }
        StackSpec stack = result.stack();
        if (listing == null) {
            out.print(ComposeWriter.write(stack, !noInterpolate, format));
        } else {
            lines(result).forEach(out::println);
        }
        out.flush();
        return 0;
    }

    private List<String> lines(ProjectResult result) {
        StackSpec stack = result.stack();
        if (listing.services) return List.copyOf(stack.services().keySet());
        if (listing.volumes) return List.copyOf(stack.volumes().keySet());
        if (listing.networks) return List.copyOf(stack.networks().keySet());
        if (listing.images) return stack.services().values().stream().map(s -> Names.image(stack.name(), s)).toList();
        // as compose: every profile a service names, enabled or not
        return result.named();
    }
}
