package dev.stackd.api.compose;

import dev.stackd.api.compose.yaml.YNode;
import dev.stackd.api.model.ServiceSpec.DependsOn;
import dev.stackd.api.model.ServiceSpec.ServiceNetwork;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/** How a service reaches the others: network_mode, networks (list or map), depends_on (list or map). */
final class ServiceLinksParser {
    private static final Set<String> CONDITIONS = Set.of("service_started", "service_healthy", "service_completed_successfully");
    private final Fields f;
    private final StackContext stack;

    ServiceLinksParser(Fields f, StackContext stack) {
        this.f = f;
        this.stack = stack;
    }

    String networkMode(YNode.Mapping m, String path) {
        String mode = f.string(m, "network_mode", path);
        if (mode == null) return null;
        String at = Fields.child(path, "network_mode");
        if (m.has("networks")) f.error(at, m.get("network_mode"), "network_mode cannot be used together with networks");
        if (mode.startsWith("service:")) {
            String other = mode.substring("service:".length());
            if (!stack.services.contains(other)) {
                f.error(at, m.get("network_mode"), "network_mode refers to unknown service \"" + other + "\""
                        + stack.suggestions.forName(other, stack.services));
            }
        } else if (!mode.equals("host") && !mode.equals("none") && !mode.equals("bridge") && !mode.startsWith("container:")) {
            f.error(at, m.get("network_mode"), "invalid network_mode \"" + mode + "\": expected host, none, bridge, service:NAME or container:NAME");
        }
        return mode;
    }

    SortedMap<String, ServiceNetwork> networks(YNode.Mapping m, String path, String networkMode) {
        SortedMap<String, ServiceNetwork> out = new TreeMap<>();
        YNode n = m.get("networks");
        String at = Fields.child(path, "networks");
        if (networkMode != null) return out;
        if (n == null) {
            out.put("default", new ServiceNetwork(null, null, null));
            return out;
        }
        if (n instanceof YNode.Mapping nm) {
            for (YNode.Entry e : nm.entries().values()) {
                String eAt = Fields.child(at, e.key());
                checkNetwork(e.key(), e.value(), eAt);
                YNode.Mapping opts = f.mapping(e.value(), eAt);
                if (opts == null) continue;
                Keys.SERVICE_NETWORK.check(opts, eAt, f.problems());
                Long priority = f.integer(opts, "priority", eAt, Ranges.PRIORITY);
                out.put(e.key(), new ServiceNetwork(f.list(opts.get("aliases"), Fields.child(eAt, "aliases")),
                        f.string(opts, "ipv4_address", eAt), priority == null ? null : Math.toIntExact(priority)));
            }
            return out;
        }
        List<YNode> items = f.items(n, at);
        if (items == null) return out;
        for (int i = 0; i < items.size(); i++) {
            String name = f.string(items.get(i), Fields.index(at, i));
            if (name == null) continue;
            checkNetwork(name, items.get(i), Fields.index(at, i));
            out.put(name, new ServiceNetwork(null, null, null));
        }
        return out;
    }

    private void checkNetwork(String name, YNode at, String path) {
        if (!name.equals("default") && !stack.networks.contains(name)) {
            f.error(path, at, "network \"" + name + "\" is not defined in the top-level networks"
                    + stack.suggestions.forName(name, withDefault(stack.networks)));
        }
    }

    /** The networks a service may name: the declared ones and "default", which needs no declaration. */
    private static Set<String> withDefault(Set<String> networks) {
        Set<String> all = new java.util.HashSet<>(networks);
        all.add("default");
        return all;
    }

    SortedMap<String, DependsOn> dependsOn(YNode n, String path) {
        SortedMap<String, DependsOn> out = new TreeMap<>();
        if (n == null) return out;
        if (n instanceof YNode.Mapping m) {
            for (YNode.Entry e : m.entries().values()) {
                String at = Fields.child(path, e.key());
                YNode.Mapping opts = f.mapping(e.value(), at);
                if (opts == null) continue;
                Keys.DEPENDS_ON.check(opts, at, f.problems());
                // required: false tolerates a service that is not in the stack, as compose does
                if (!"false".equals(f.string(opts, "required", at))) checkService(e.key(), e.value(), at);
                String condition = f.string(opts, "condition", at);
                if (condition == null) condition = "service_started";
                else if (!CONDITIONS.contains(condition)) {
                    f.error(Fields.child(at, "condition"), opts.get("condition"), "invalid condition \"" + condition
                            + "\": expected service_started, service_healthy or service_completed_successfully");
                }
                Boolean restart = f.bool(opts, "restart", at);
                Boolean required = f.bool(opts, "required", at);
                out.put(e.key(), new DependsOn(condition, Boolean.TRUE.equals(restart), required == null || required));
            }
            return out;
        }
        List<YNode> items = f.items(n, path);
        if (items == null) return out;
        for (int i = 0; i < items.size(); i++) {
            String name = f.string(items.get(i), Fields.index(path, i));
            if (name == null) continue;
            checkService(name, items.get(i), Fields.index(path, i));
            out.put(name, new DependsOn("service_started", false, true));
        }
        return out;
    }

    private void checkService(String name, YNode at, String path) {
        if (!stack.services.contains(name)) {
            f.error(path, at, "depends on unknown service \"" + name + "\"" + stack.suggestions.forName(name, stack.services));
        }
    }
}
