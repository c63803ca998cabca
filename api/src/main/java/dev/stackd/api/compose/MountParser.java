package dev.stackd.api.compose;

import dev.stackd.api.compose.yaml.YNode;
import dev.stackd.api.model.ServiceSpec.MountSpec;
import java.util.Set;

/**
 * A service's volumes entry, short ("src:/target:ro", "/target") or long syntax, as one MountSpec. The short
 * syntax's options are compose-go's ({@code format/volume.go}): ro, rw, nocopy, z and Z (SELinux relabelling) and the
 * propagation modes; the last of a kind wins, as there.
 */
final class MountParser {
    private static final Set<String> IGNORED_OPTIONS = Set.of("rw", "cached", "delegated", "consistent");
    static final Set<String> PROPAGATIONS = Set.of("rprivate", "private", "rshared", "shared", "rslave", "slave");
    private static final Set<String> SELINUX = Set.of("z", "Z");
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
        String propagation = null;
        String selinux = null;
        if (parts.length == 3) {
            for (String option : parts[2].split(",")) {
                if (option.equals("ro")) readOnly = true;
                else if (option.equals("rw")) readOnly = false;
                else if (option.equals("nocopy")) noCopy = true;
                else if (PROPAGATIONS.contains(option)) propagation = option;
                else if (SELINUX.contains(option)) selinux = option;
                else if (!IGNORED_OPTIONS.contains(option)) {
                    f.error(path, n, "unsupported volume option \"" + option + "\" in \"" + s + "\": use ro, rw, nocopy, z, Z or a"
                            + " propagation mode (" + String.join(", ", PROPAGATIONS.stream().sorted().toList()) + ")");
                }
            }
        }
        if (!checkTarget(target, n, path) || source.isEmpty()) {
            if (source.isEmpty()) f.error(path, n, "invalid volume \"" + s + "\": empty source");
            return null;
        }
        if (isPath(source)) {
            var resolved = stack.resolve(source, f, path, n);
            return resolved == null ? null : new MountSpec("bind", resolved.toString(), target, readOnly, null, true, null, null, propagation, selinux);
        }
        checkVolume(source, n, path);
        if (propagation != null) propagationOnVolume(propagation, n, path);
        return new MountSpec("volume", source, target, readOnly, null, null, noCopy, null, null, selinux);
    }

    /** The engine refuses propagation on a volume ("BindOptions must not be specified"): said here, with the way on. */
    private void propagationOnVolume(String propagation, YNode n, String path) {
        f.error(path, n, "propagation \"" + propagation + "\" applies to bind mounts only: the engine refuses it on a volume"
                + " (mount a host path to share mounts)");
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
        String propagation = null;
        String selinux = null;
        YNode.Mapping bind = sub(m, "bind", path, Keys.MOUNT_BIND, type);
        if (bind != null) {
            String at = Fields.child(path, "bind");
            createHostPath = f.bool(bind, "create_host_path", at);
            propagation = f.string(bind, "propagation", at);
            if (propagation != null && !PROPAGATIONS.contains(propagation)) {
                f.error(Fields.child(at, "propagation"), bind.get("propagation"), "invalid propagation " + Fields.quote(propagation)
                        + ": expected one of " + String.join(", ", PROPAGATIONS.stream().sorted().toList()));
                propagation = null;
            } else if (propagation != null && type.equals("volume")) {
                propagationOnVolume(propagation, bind.get("propagation"), Fields.child(at, "propagation"));
            }
            selinux = f.string(bind, "selinux", at);
            if (selinux != null && !SELINUX.contains(selinux)) {
                f.error(Fields.child(at, "selinux"), bind.get("selinux"), "invalid selinux " + Fields.quote(selinux) + ": expected z or Z");
                selinux = null;
            } else if (selinux != null && Boolean.FALSE.equals(createHostPath)) {
                // the engine's mount call (needed to refuse a missing host path) has no relabelling: compose drops z there
                f.error(Fields.child(at, "selinux"), bind.get("selinux"), "selinux relabelling needs the engine's bind call, which"
                        + " creates a missing host path: it cannot be combined with create_host_path: false");
            }
            if (createHostPath != null && type.equals("volume")) {
                f.error(Fields.child(at, "create_host_path"), bind.get("create_host_path"), "create_host_path applies to bind mounts only");
            }
        }
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
                return resolved == null ? null
                        : new MountSpec("bind", resolved.toString(), target, readOnly, null, createHostPath, null, null, propagation, selinux);
            }
            case "volume" -> {
                boolean named = source != null && !source.isEmpty();
                if (named) checkVolume(source, m.get("source"), Fields.child(path, "source"));
                if (!named && selinux != null) {
                    // relabelling goes through the engine's bind call, which names the volume
                    f.error(Fields.child(path, "bind.selinux"), bind.get("selinux"), "selinux relabelling of an anonymous volume is not"
                            + " supported: name the volume (declare it at the top level)");
                }
                return new MountSpec("volume", named ? source : null, target, readOnly, null, null, noCopy, null, null, selinux);
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
        // compose relabels a named volume too (its bind.selinux, the short syntax's z/Z); each other bind option is checked where read
        boolean volumeRelabel = key.equals("bind") && type.equals("volume");
        if (!key.equals(type) && !volumeRelabel) f.error(at, m.get(key), "\"" + key + "\" options given for a mount of type " + type);
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
