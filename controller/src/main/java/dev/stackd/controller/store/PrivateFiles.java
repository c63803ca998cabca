package dev.stackd.controller.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data dir holds the API token (root on this host) and the specs with their environment values, so it and
 * its files are the daemon user's alone: the directory 0700, files 0600. A mode that lets anyone else in is
 * narrowed with a warning; a file or directory that belongs to another user is refused (that user could swap the
 * token or the store under stackd). Modes are set with chmod after creation, so the umask does not matter.
 */
public final class PrivateFiles {
    private static final Logger log = LoggerFactory.getLogger(PrivateFiles.class);
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    /** The uid the files must belong to; -1 where there are no uids (then only modes are checked). */
    private final int uid;

    PrivateFiles(int uid) {
        this.uid = uid;
    }

    /** For this process's user. */
    public static PrivateFiles ofThisProcess() {
        return new PrivateFiles(processUid());
    }

    /** Creates {@code dir} (and its missing parents, with default modes) or checks the existing one; then 0700. */
    public void directory(Path dir) {
        try {
            if (Files.isDirectory(dir)) {
                secure(dir, DIRECTORY, "0700", false);
                return;
            }
            {
                Path parent = dir.toAbsolutePath().getParent();
                if (parent != null) Files.createDirectories(parent);
                try {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
                } catch (FileAlreadyExistsException raced) {
                    if (!Files.isDirectory(dir)) throw new StoreException("data directory " + dir + " is not a directory");
                }
            }
        } catch (IOException e) {
            throw new StoreException("cannot create data directory " + dir + ": " + e.getMessage()
                    + "; choose another with --data-dir or STACKD_DATA_DIR", e);
        }
        secure(dir, DIRECTORY, "0700", true);
    }

    /** Creates {@code file} empty when missing, or checks the existing one; then 0600. */
    public void file(Path file) {
        boolean created;
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
            created = true;
        } catch (FileAlreadyExistsException exists) {
            created = false;
        } catch (IOException e) {
            throw new StoreException("cannot create " + file + ": " + e.getMessage(), e);
        }
        secure(file, FILE, "0600", created);
    }

    /** Checks {@code file} like {@link #file} when it exists (SQLite's -wal and -shm); nothing when it does not. */
    public void fileIfExists(Path file) {
        if (Files.exists(file)) secure(file, FILE, "0600", false);
    }

    /** @param created whether stackd just made it (then a mode the umask narrowed is widened back silently) */
    private void secure(Path path, Set<PosixFilePermission> wanted, String octal, boolean created) {
        try {
            int owner = (Integer) Files.getAttribute(path, "unix:uid");
            if (uid >= 0 && owner != uid) {
                throw new StoreException(path + " belongs to uid " + owner + ", not to uid " + uid
                        + " that runs stackd: chown it to that user, or choose another --data-dir");
            }
            var mode = Files.getPosixFilePermissions(path);
            if (mode.equals(wanted)) return;
            Files.setPosixFilePermissions(path, wanted);
            if (!created) log.warn("permissions fixed path={} mode={} was={}", path, octal, octal(mode));
        } catch (UnsupportedOperationException | IllegalArgumentException notPosix) {
            // a file system without owners and modes: nothing to check
        } catch (IOException e) {
            throw new StoreException("cannot check the permissions of " + path + ": " + e.getMessage(), e);
        }
    }

    private static String octal(Set<PosixFilePermission> mode) {
        int bits = 0;
        for (var p : mode) bits |= 1 << (8 - p.ordinal()); // OWNER_READ is ordinal 0, worth 0400
        return String.format("%04o", bits);
    }

    private static int processUid() {
        try {
            return (int) new com.sun.security.auth.module.UnixSystem().getUid();
        } catch (LinkageError | RuntimeException notUnix) {
            return -1;
        }
    }
}
