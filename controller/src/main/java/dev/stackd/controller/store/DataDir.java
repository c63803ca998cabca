package dev.stackd.controller.store;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where stackd keeps its state: the {@code --data-dir} flag, else {@code $STACKD_DATA_DIR}, else
 * {@code /var/lib/stackd} for root, else {@code $XDG_DATA_HOME/stackd}, else {@code ~/.local/share/stackd}.
 * Blank values count as unset.
 */
public final class DataDir {
    public static final String ENV = "STACKD_DATA_DIR";
    static final Path SYSTEM = Path.of("/var/lib/stackd");

    private DataDir() {
    }

    /** Resolves against this process: its environment, its uid and its home. */
    public static Path resolve(String flagValue) {
        return resolve(flagValue, System.getenv(), isRoot(), System.getProperty("user.home"));
    }

    /** The rule itself, with the process's facts passed in. */
    public static Path resolve(String flagValue, Map<String, String> env, boolean root, String home) {
        if (present(flagValue)) return Path.of(flagValue);
        if (present(env.get(ENV))) return Path.of(env.get(ENV));
        if (root) return SYSTEM;
        if (present(env.get("XDG_DATA_HOME"))) return Path.of(env.get("XDG_DATA_HOME"), "stackd");
        return Path.of(home, ".local", "share", "stackd");
    }

    static boolean isRoot() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        } catch (LinkageError | RuntimeException notUnix) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
