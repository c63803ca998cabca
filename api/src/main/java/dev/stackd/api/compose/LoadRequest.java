package dev.stackd.api.compose;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to load: a compose file, or its text (file null); the folder relative paths and .env are taken from
 * (null: the file's folder); a stack name that wins over the file's; the caller's environment for interpolation.
 * A text with neither file nor folder is {@linkplain #remote remote}: it came from another host, so the loader
 * reads no file for it and accepts only absolute paths.
 */
public record LoadRequest(Path file, String text, Path workingDir, Optional<String> nameOverride, Map<String, String> environment) {

    public LoadRequest {
        if (file == null && text == null) throw new IllegalArgumentException("a load request needs a file or a text");
        nameOverride = Objects.requireNonNullElse(nameOverride, Optional.empty());
        environment = environment == null ? Map.of() : Map.copyOf(environment);
    }

    public static LoadRequest ofFile(Path file) {
        return new LoadRequest(file, null, null, Optional.empty(), Map.of());
    }

    public static LoadRequest ofText(String text, Path workingDir) {
        return new LoadRequest(null, text, workingDir, Optional.empty(), Map.of());
    }

    /**
     * A document sent by a client (the server's case): its paths and files are on the client's host, so the
     * loader opens none of them, refuses relative and "~" paths, and reads no .env and no env_file.
     */
    public static LoadRequest remote(String text) {
        return new LoadRequest(null, text, null, Optional.empty(), Map.of());
    }

    public boolean isRemote() {
        return file == null && workingDir == null;
    }

    public LoadRequest withName(String name) {
        return new LoadRequest(file, text, workingDir, Optional.ofNullable(name), environment);
    }

    /** The folder relative paths and .env are taken from; null: the file's folder. */
    public LoadRequest withWorkingDir(Path dir) {
        return new LoadRequest(file, text, dir, nameOverride, environment);
    }

    public LoadRequest withEnvironment(Map<String, String> env) {
        return new LoadRequest(file, text, workingDir, nameOverride, env);
    }

    /** The folder the file's relative paths are resolved against, absolute; null for a remote document. */
    public Path effectiveWorkingDir() {
        if (isRemote()) return null;
        Path dir = workingDir != null ? workingDir : file.toAbsolutePath().getParent();
        return dir.toAbsolutePath().normalize();
    }
}
