package dev.stackd.api.compose;

import dev.stackd.api.compose.yaml.YNode;
import dev.stackd.api.model.ServiceSpec.MountSpec;
import java.util.Set;

/** A service's volumes entry, short ("src:/target:ro", "/target") or long syntax, as one MountSpec. */
final class MountParser {
    private static final Set<String> IGNORED_OPTIONS = Set.of("rw", "cached", "delegated", "consistent");
    private final Fields f;
    private final StackContext stack;

    MountParser(Fields f, StackContext stack) {
        this.f = f;
        this.stack = stack;
    }

    MountSpec parse(YNode n, String path) {
        if (n instanceof YNode.Mapping m) return longForm(m, path);
        String s = f.string(n, path);
        if (s == null) {
            if (n instanceof YNode.Scalar) f.error(path, n, "expected a volume, got null");
            return null;
        }
        return shortForm(s, n, path);
    }

    private MountSpec shortForm(String s, YNode n, String path) {
        String[] parts = s.split(":", -1);
        if (parts.length > 3) {
            f.error(path, n, "invalid volume \"" + s + "\": expected [source:]target[:options]");
            return null;
        }
        if (parts.length == 1) return anonymous(parts[0], n, path);
        String source = parts[0];
        String target = parts[1];
        boolean readOnly = false;
        Boolean noCopy = null;
        if (parts.length == 3) {
            for (String option : parts[2].split(",")) {
                if (option.equals("ro")) readOnly = true;
                else if (option.equals("nocopy")) noCopy = true;
                else if (!IGNORED_OPTIONS.contains(option)) {
                    f.error(path, n, "unsupported volume option \"" + option + "\" in \"" + s + "\": use ro, rw or nocopy");
                }
            }
        }
        if (!checkTarget(target, n, path) || source.isEmpty()) {
            if (source.isEmpty()) f.error(path, n, "invalid volume \"" + s + "\": empty source");
            return null;
        }
        if (isPath(source)) {
            var resolved = stack.resolve(source, f, path, n);
            return resolved == null ? null : new MountSpec("bind", resolved.toString(), target, readOnly, null, true, null);
        }
        checkVolume(source, n, path);
        return new MountSpec("volume", source, target, readOnly, null, null, noCopy);
    }

    private MountSpec anonymous(String target, YNode n, String path) {
        if (!checkTarget(target, n, path)) return null;
        return new MountSpec("volume", null, target, false, null, null, null);
    }

    private MountSpec longForm(YNode.Mapping m, String path) {
        Keys.MOUNT.check(m, path, f.problems());
        String type = f.string(m, "type", path);
        String source = f.string(m, "source", path);
        String target = f.string(m, "target", path);
        boolean readOnly = Boolean.TRUE.equals(f.bool(m, "read_only", path));
        if (type == null) {
            f.error(path, m, "a volume in long syntax needs a type: volume, bind or tmpfs");
            return null;
        }
        if (target == null) {
            f.error(path, m, "a volume in long syntax needs a target");
            return null;
        }
        if (!checkTarget(target, m.get("target"), Fields.child(path, "target"))) return null;
        Boolean createHostPath = null;
        Boolean noCopy = null;
        Long tmpfsSize = null;
        YNode.Mapping bind = sub(m, "bind", path, Keys.MOUNT_BIND, type);
        if (bind != null) createHostPath = f.bool(bind, "create_host_path", Fields.child(path, "bind"));
        YNode.Mapping volume = sub(m, "volume", path, Keys.MOUNT_VOLUME, type);
        if (volume != null) noCopy = f.bool(volume, "nocopy", Fields.child(path, "volume"));
        YNode.Mapping tmpfs = sub(m, "tmpfs", path, Keys.MOUNT_TMPFS, type);
        Integer tmpfsMode = null;
        if (tmpfs != null) {
            tmpfsSize = f.parsed(tmpfs, "size", Fields.child(path, "tmpfs"), "size", Units::bytes);
            tmpfsMode = f.parsed(tmpfs, "mode", Fields.child(path, "tmpfs"), "tmpfs mode", MountParser::longMode);
        }
        switch (type) {
            case "bind" -> {
                if (source == null || source.isEmpty()) {
                    f.error(path, m, "a bind mount needs a source");
                    return null;
                }
                var resolved = stack.resolve(source, f, Fields.child(path, "source"), m.get("source"));
                return resolved == null ? null : new MountSpec("bind", resolved.toString(), target, readOnly, null, createHostPath, null);
            }
            case "volume" -> {
                if (source != null && !source.isEmpty()) checkVolume(source, m.get("source"), Fields.child(path, "source"));
                return new MountSpec("volume", source == null || source.isEmpty() ? null : source, target, readOnly, null, null, noCopy);
            }
            case "tmpfs" -> {
                if (source != null) f.error(Fields.child(path, "source"), m.get("source"), "a tmpfs mount has no source");
                return new MountSpec("tmpfs", null, target, readOnly, tmpfsSize, null, null, tmpfsMode);
            }
            case "npipe", "image", "cluster" -> {
                f.error(Fields.child(path, "type"), m.get("type"), "volume type \"" + type + "\" is not supported by stackd: use volume, bind or tmpfs");
                return null;
            }
            default -> {
                f.error(Fields.child(path, "type"), m.get("type"), "unknown volume type \"" + type + "\": use volume, bind or tmpfs");
                return null;
            }
        }
    }

    /**
     * The long syntax's tmpfs mode: octal with a leading 0 or 0o ({@code 01777}, {@code 0o1777}). A bare {@code 1777}
     * is refused: compose reads that YAML number as decimal (03361), the short syntax's {@code mode=1777} as octal.
     */
    private static Integer longMode(String text) throws Units.Invalid {
        if (!text.startsWith("0")) throw new Units.Invalid("write it in octal with a leading 0 or 0o (01777): compose reads " + text + " as a decimal number");
        return Units.octalMode(text, Ranges.TMPFS_MODE);
    }

    /** The bind/volume/tmpfs sub-mapping, checked, and an error when it does not match the mount's type. */
    private YNode.Mapping sub(YNode.Mapping m, String key, String path, KeyTable table, String type) {
        if (!m.has(key)) return null;
        String at = Fields.child(path, key);
        YNode.Mapping sub = f.mapping(m.get(key), at);
        if (sub == null) return null;
        table.check(sub, at, f.problems());
        if (!key.equals(type)) f.error(at, m.get(key), "\"" + key + "\" options given for a mount of type " + type);
        return sub;
    }

    private boolean checkTarget(String target, YNode n, String path) {
        if (target.startsWith("/")) return true;
        f.error(path, n, "the mount target must be an absolute path in the container, got \"" + target + "\"");
        return false;
    }

    private void checkVolume(String name, YNode n, String path) {
        if (!stack.volumes.contains(name)) {
            f.error(path, n, "volume \"" + name + "\" is not defined in the top-level volumes" + stack.suggestions.forName(name, stack.volumes));
        }
    }

    private static boolean isPath(String source) {
        return source.startsWith("/") || source.startsWith(".") || source.startsWith("~");
    }
}
