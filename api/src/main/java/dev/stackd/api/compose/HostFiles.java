package dev.stackd.api.compose;

import dev.stackd.api.compose.yaml.YNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The caller's host as the loader may use it, and the only part of the loader that touches a disk.
 * <p>
 * Local (the CLI, which loads the user's own file): relative paths start at the compose file's folder, "~" is the
 * caller's home, and .env and env_file files are read. Remote (a document sent to the server over HTTP): it names
 * files on the client's host, so there is no folder, no home and no disk: only absolute paths are accepted (bind
 * sources, build contexts, secret and config files, all handed to the engine as they are) and no file is opened
 * or even looked at. The server therefore never reads a path named in a request body.
 */
final class HostFiles {
    private final Path workingDir;
    private final Path home;

    private HostFiles(Path workingDir, Path home) {
        this.workingDir = workingDir;
        this.home = home;
    }

    /** Largest .env, env_file or compose file read, in bytes. */
    static final long MAX_FILE_BYTES = 1024 * 1024;

    static HostFiles remote() {
        return new HostFiles(null, null);
    }

    /** The caller's disk, relative paths starting at {@code workingDir}; "~" is this process's user until {@link #withHome}. */
    static HostFiles local(Path workingDir) {
        return new HostFiles(workingDir, Path.of(System.getProperty("user.home")));
    }

    /** The same host with "~" as {@code home} (the caller's HOME, once the environment is known); null keeps it. */
    HostFiles withHome(String home) {
        return home == null || !isLocal() ? this : new HostFiles(workingDir, Path.of(home));
    }

    boolean isLocal() {
        return workingDir != null;
    }

    /** The path made absolute, or null after recording at {@code path} why it cannot be here. */
    Path resolve(String value, Fields f, String path, YNode at) {
        boolean tilde = value.equals("~") || value.startsWith("~/");
        try {
            if (!isLocal() && tilde) {
                f.error(path, at, "\"" + value + "\": ~ is the home of the client, unknown to the server: use an absolute path,"
                        + " or apply with `stackd apply -f FILE`, which resolves it on your side");
                return null;
            }
            if (!isLocal() && !Path.of(value).isAbsolute()) {
                f.error(path, at, "relative paths cannot be resolved on the server (\"" + value + "\"): use an absolute path,"
                        + " or apply with `stackd apply -f FILE`, which resolves them from the file's folder");
                return null;
            }
            if (value.equals("~")) return home;
            if (tilde) return home.resolve(value.substring(2)).normalize();
            return isLocal() ? workingDir.resolve(value).toAbsolutePath().normalize() : Path.of(value).normalize();
        } catch (InvalidPathException e) {
            f.error(path, at, "invalid path \"" + value.replace("\0", "\\0") + "\"");
            return null;
        }
    }

    /** Whether a regular file is there; always true for a remote document (the client's files are the client's). */
    boolean fileMayExist(Path file) {
        return !isLocal() || Files.isRegularFile(file);
    }

    /** Whether a directory is there; always true for a remote document. */
    boolean directoryMayExist(Path dir) {
        return !isLocal() || Files.isDirectory(dir);
    }

    /**
     * A local file's text; empty when it is not a regular file. Never called for a remote document: the loader
     * refuses what would need it first, and this refuses again.
     */
    Optional<String> read(Path file) throws IOException {
        if (!isLocal()) throw new IllegalStateException("the files a remote document names are on the client");
        if (!Files.isRegularFile(file)) return Optional.empty();
        if (Files.size(file) > MAX_FILE_BYTES) throw new TooLarge();
        return Optional.of(Files.readString(file));
    }

    /** A file over {@link #MAX_FILE_BYTES}: refused unread. */
    static final class TooLarge extends IOException {
        TooLarge() {
            super("larger than 1 MiB");
        }
    }
}
