package dev.stackd.api.compose;

import dev.stackd.api.compose.yaml.YNode;
import dev.stackd.api.model.ServiceSpec.MountSpec;

/**
 * One entry of a service's {@code tmpfs:} list: {@code /run} or {@code /run:size=64m,mode=1777}. Compose hands the
 * part after the first colon to the engine as the mount's options; stackd reads the two the engine's tmpfs mount
 * takes, {@code size} (a byte size, 1024-based: {@code 64m}) and {@code mode} (octal permission bits, up to
 * {@code 7777}), each range-checked, and refuses any other option by name rather than drop it.
 */
final class TmpfsShort {
    private TmpfsShort() {}

    /** At most this many options: a mount has two, so a longer list is a mistake, not work to do. */
    private static final int MAX_OPTIONS = 16;

    /** The mount, or null after an error at {@code path}; {@code list} is the tmpfs node (its item when a list). */
    static MountSpec parse(String entry, String path, YNode list, Fields f) {
        YNode at = list instanceof YNode.Sequence s && itemIndex(path) >= 0 && itemIndex(path) < s.items().size() ? s.items().get(itemIndex(path)) : list;
        int colon = entry.indexOf(':');
        String target = colon < 0 ? entry : entry.substring(0, colon);
        if (!target.startsWith("/")) {
            f.error(path, at, "a tmpfs target must be an absolute path, got " + Fields.quote(target));
            return null;
        }
        Long size = null;
        Integer mode = null;
        if (colon >= 0) {
            String[] options = entry.substring(colon + 1).split(",", -1);
            if (options.length > MAX_OPTIONS) {
                f.error(path, at, "a tmpfs mount takes size and mode, not " + options.length + " options");
                return null;
            }
            for (String option : options) {
                int eq = option.indexOf('=');
                String key = eq < 0 ? option : option.substring(0, eq);
                String value = eq < 0 ? null : option.substring(eq + 1);
                try {
                    switch (key) {
                        case "size" -> {
                            if (value == null || size != null) throw new Units.Invalid("size needs one value: size=64m");
                            size = Units.bytes(value);
                        }
                        case "mode" -> {
                            if (value == null || mode != null) throw new Units.Invalid("mode needs one value: mode=1777");
                            mode = Units.octalMode(value, Ranges.TMPFS_MODE);
                        }
                        default -> {
                            f.error(path, at, "tmpfs option " + Fields.quote(option) + " is not supported by stackd: only size"
                                    + " and mode (the engine's tmpfs mount takes no others)");
                            return null;
                        }
                    }
                } catch (Units.Invalid e) {
                    f.error(path, at, "invalid tmpfs " + key + " " + Fields.quote(value == null ? option : value) + ": " + e.getMessage());
                    return null;
                }
            }
        }
        return new MountSpec("tmpfs", null, target, false, size, null, null, mode);
    }

    /** The index at the end of "services.web.tmpfs[2]", or -1. */
    private static int itemIndex(String path) {
        if (!path.endsWith("]")) return -1;
        int open = path.lastIndexOf('[');
        try {
            return Integer.parseInt(path.substring(open + 1, path.length() - 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
