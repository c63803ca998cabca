package dev.stackd.api.compose;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to load: a compose file, or its text (file null); the folder relative paths and .env are taken from
 * (null: the file's folder); a stack name that wins over the file's; the caller's environment for interpolation.
 */
public record LoadRequest(Path file, String text, Path workingDir, Optional<String> nameOverride, Map<String, String> environment) {

    public LoadRequest {
        if (file == null && text == null) throw new IllegalArgumentException("a load request needs a file or a text");
        if (file == null && workingDir == null) throw new IllegalArgumentException("a text needs a working directory");
        nameOverride = Objects.requireNonNullElse(nameOverride, Optional.empty());
        environment = environment == null ? Map.of() : Map.copyOf(environment);
    }

    public static LoadRequest ofFile(Path file) {
        return new LoadRequest(file, null, null, Optional.empty(), Map.of());
    }

    public static LoadRequest ofText(String text, Path workingDir) {
        return new LoadRequest(null, text, workingDir, Optional.empty(), Map.of());
    }

    public LoadRequest withName(String name) {
        return new LoadRequest(file, text, workingDir, Optional.ofNullable(name), environment);
    }

    public LoadRequest withEnvironment(Map<String, String> env) {
        return new LoadRequest(file, text, workingDir, nameOverride, env);
    }

    /** The folder the file's relative paths are resolved against, absolute. */
    public Path effectiveWorkingDir() {
        Path dir = workingDir != null ? workingDir : file.toAbsolutePath().getParent();
        return dir.toAbsolutePath().normalize();
    }
}
