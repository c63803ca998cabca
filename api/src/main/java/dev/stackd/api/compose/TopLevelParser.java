package dev.stackd.api.compose;

import dev.stackd.api.compose.yaml.YNode;
import dev.stackd.api.model.ConfigSpec;
import dev.stackd.api.model.NetworkSpec;
import dev.stackd.api.model.SecretSpec;
import dev.stackd.api.model.VolumeSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The top-level networks, volumes, secrets and configs. A null entry ("front:") takes every default. */
final class TopLevelParser {
    private final Fields f;
    private final String stackName;
    private final HostFiles host;

    TopLevelParser(Fields f, String stackName, HostFiles host) {
        this.f = f;
        this.stackName = stackName;
        this.host = host;
    }

    private interface EntryParser<T> {
        T parse(String key, YNode.Mapping m, String path);
    }

    private <T> Map<String, T> each(YNode.Mapping root, String section, EntryParser<T> parser) {
        Map<String, T> out = new LinkedHashMap<>();
        if (!root.has(section)) return out;
        YNode.Mapping all = f.mapping(root.get(section), section);
        if (all == null) return out;
        for (YNode.Entry e : all.entries().values()) {
            if (e.key().startsWith("x-")) continue;
            String path = Fields.child(section, e.key());
            YNode.Mapping m = f.mapping(e.value(), path);
            if (m == null) continue;
            T value = parser.parse(e.key(), m, path);
            if (value != null) out.put(e.key(), value);
        }
        return out;
    }

    Map<String, NetworkSpec> networks(YNode.Mapping root) {
        return each(root, "networks", this::network);
    }

    Map<String, VolumeSpec> volumes(YNode.Mapping root) {
        return each(root, "volumes", this::volume);
    }

    Map<String, SecretSpec> secrets(YNode.Mapping root) {
        return each(root, "secrets", this::secret);
    }

    Map<String, ConfigSpec> configs(YNode.Mapping root) {
        return each(root, "configs", this::config);
    }

    /** The default network compose creates for services that name none. */
    NetworkSpec defaultNetwork() {
        return new NetworkSpec(stackName + "_default", null, null, false, false, false, null, null, null);
    }

    private NetworkSpec network(String key, YNode.Mapping m, String path) {
        Keys.NETWORK.check(m, path, f.problems());
        boolean external = external(m, path, List.of("driver", "driver_opts", "internal", "attachable", "ipam", "enable_ipv6"));
        return new NetworkSpec(engineName(key, m, path, external), f.string(m, "driver", path),
                f.keyValues(m.get("driver_opts"), Fields.child(path, "driver_opts"), '=', k -> ""),
                Boolean.TRUE.equals(f.bool(m, "internal", path)), Boolean.TRUE.equals(f.bool(m, "attachable", path)),
                external, f.bool(m, "enable_ipv6", path), ipam(m.get("ipam"), Fields.child(path, "ipam")),
                f.labels(m.get("labels"), Fields.child(path, "labels")));
    }

    private NetworkSpec.Ipam ipam(YNode n, String path) {
        if (n == null) return null;
        YNode.Mapping m = f.mapping(n, path);
        if (m == null) return null;
        Keys.IPAM.check(m, path, f.problems());
        List<NetworkSpec.IpamConfig> configs = new ArrayList<>();
        String configPath = Fields.child(path, "config");
        List<YNode> items = m.has("config") ? f.items(m.get("config"), configPath) : List.of();
        for (int i = 0; items != null && i < items.size(); i++) {
            String at = Fields.index(configPath, i);
            YNode.Mapping c = f.mapping(items.get(i), at);
            if (c == null) continue;
            Keys.IPAM_CONFIG.check(c, at, f.problems());
            configs.add(new NetworkSpec.IpamConfig(f.string(c, "subnet", at), f.string(c, "ip_range", at), f.string(c, "gateway", at)));
        }
        return new NetworkSpec.Ipam(f.string(m, "driver", path), configs,
                f.keyValues(m.get("options"), Fields.child(path, "options"), '=', k -> ""));
    }

    private VolumeSpec volume(String key, YNode.Mapping m, String path) {
        Keys.VOLUME.check(m, path, f.problems());
        boolean external = external(m, path, List.of("driver", "driver_opts"));
        return new VolumeSpec(engineName(key, m, path, external), f.string(m, "driver", path),
                f.keyValues(m.get("driver_opts"), Fields.child(path, "driver_opts"), '=', k -> ""), external,
                f.labels(m.get("labels"), Fields.child(path, "labels")));
    }

    private SecretSpec secret(String key, YNode.Mapping m, String path) {
        Keys.SECRET.check(m, path, f.problems());
        String file = file(m, path);
        String environment = f.string(m, "environment", path);
        exactlyOne(m, path, "secret", "file", "environment");
        String name = f.string(m, "name", path);
        return new SecretSpec(name != null ? name : key, file, environment);
    }

    private ConfigSpec config(String key, YNode.Mapping m, String path) {
        Keys.CONFIG.check(m, path, f.problems());
        String file = file(m, path);
        exactlyOne(m, path, "config", "file", "content", "environment");
        String name = f.string(m, "name", path);
        return new ConfigSpec(name != null ? name : key, file, f.string(m, "content", path), f.string(m, "environment", path));
    }

    private String file(YNode.Mapping m, String path) {
        String file = f.string(m, "file", path);
        if (file == null) return null;
        // a bind source handed to the engine, as compose does: only the caller's own file is looked for
        Path resolved = host.resolve(file, f, Fields.child(path, "file"), m.get("file"));
        if (resolved == null) return null;
        if (!host.fileMayExist(resolved)) f.error(Fields.child(path, "file"), m.get("file"), "file " + resolved + " does not exist");
        return resolved.toString();
    }

    private void exactlyOne(YNode.Mapping m, String path, String kind, String... keys) {
        long set = java.util.Arrays.stream(keys).filter(m::has).count();
        if (set != 1 && !m.has("external")) {
            f.error(path, m, "a " + kind + " needs exactly one of " + String.join(", ", keys));
        }
    }

    private boolean external(YNode.Mapping m, String path, List<String> conflicting) {
        if (!m.has("external")) return false;
        // the legacy external: {name: x} is external: true with name: x, as compose-go reads it
        boolean external = m.get("external") instanceof YNode.Mapping legacy
                ? legacyExternal(legacy, m, Fields.child(path, "external"))
                : Boolean.TRUE.equals(f.bool(m, "external", path));
        if (external) {
            for (String key : conflicting) {
                if (m.has(key)) f.error(Fields.child(path, key), m.get(key), "an external resource is created elsewhere: " + key + " cannot be set");
            }
        }
        return external;
    }

    private boolean legacyExternal(YNode.Mapping legacy, YNode.Mapping m, String path) {
        Keys.EXTERNAL.check(legacy, path, f.problems());
        String legacyName = f.string(legacy, "name", path);
        String name = f.string(m, "name", "");
        if (legacyName != null && name != null && !name.equals(legacyName)) {
            f.error(Fields.child(path, "name"), legacy.get("name"), "name and external.name conflict: give the engine's name with name: only");
        }
        return true;
    }

    /** Explicit name (or the legacy external.name), else the key for an external resource, else "{stack}_{key}". */
    private String engineName(String key, YNode.Mapping m, String path, boolean external) {
        String name = f.string(m, "name", path);
        if (name != null && !name.isEmpty()) return name;
        if (m.get("external") instanceof YNode.Mapping legacy && legacy.get("name") instanceof YNode.Scalar s && !s.isNull()) {
            return s.text();
        }
        return external ? key : stackName + "_" + key;
    }
}
