package dev.stackd.api.compose;

import dev.stackd.api.compose.yaml.YNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.regex.Pattern;

/**
 * dns_opt, dns_search, uts, cgroup, device_cgroup_rules, storage_opt, external_links and volumes_from: the rest
 * of the keys compose hands to the engine's create call (docker/compose create.go). volumes_from "SERVICE" is a
 * dependency, as compose-go's normalize makes it (started first, not restarted with it).
 */
final class MoreHostKeysParser {
    /** The engine's rule (moby opts.ValidateDeviceCgroupRule): type, major:minor (or *), access. */
    private static final Pattern DEVICE_CGROUP_RULE = Pattern.compile("[acb] ([0-9]{1,10}|\\*):([0-9]{1,10}|\\*) [rwm]{1,3}");
    private static final Pattern CONTAINER = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

    private final Fields f;
    private final StackContext stack;
    /** Services volumes_from names, in the order met. */
    private final Set<String> implied = new LinkedHashSet<>();

    MoreHostKeysParser(Fields f, StackContext stack) {
        this.f = f;
        this.stack = stack;
    }

    Set<String> impliedDependencies() {
        return implied;
    }

    List<String> dnsOpt(YNode.Mapping m, String path) {
        return strings(m, "dns_opt", path);
    }

    List<String> dnsSearch(YNode.Mapping m, String path) {
        return strings(m, "dns_search", path);
    }

    private List<String> strings(YNode.Mapping m, String key, String path) {
        List<String> out = f.strings(m.get(key), Fields.child(path, key));
        return out == null ? List.of() : out;
    }

    /** uts: only "host", as the engine allows. */
    String uts(YNode.Mapping m, String path) {
        return oneOf(m, "uts", path, Set.of("host"));
    }

    /** cgroup: "host" or "private" (the engine's CgroupnsMode). */
    String cgroup(YNode.Mapping m, String path) {
        return oneOf(m, "cgroup", path, Set.of("host", "private"));
    }

    private String oneOf(YNode.Mapping m, String key, String path, Set<String> allowed) {
        String v = f.string(m, key, path);
        if (v != null && !allowed.contains(v)) {
            f.error(Fields.child(path, key), m.get(key), "invalid " + key + " " + Fields.quote(v) + ": expected "
                    + String.join(" or ", allowed.stream().sorted().toList()));
        }
        return v;
    }

    List<String> deviceCgroupRules(YNode.Mapping m, String path) {
        String at = Fields.child(path, "device_cgroup_rules");
        List<String> items = f.list(m.get("device_cgroup_rules"), at);
        if (items == null) return List.of();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String rule = items.get(i);
            if (DEVICE_CGROUP_RULE.matcher(rule).matches()) {
                out.add(rule);
            } else {
                f.error(Fields.index(at, i), ((YNode.Sequence) m.get("device_cgroup_rules")).items().get(i), "invalid device cgroup rule "
                        + Fields.quote(rule) + ": expected TYPE MAJOR:MINOR ACCESS, e.g. \"c 1:3 mr\" or \"a *:* rwm\" (type a, b or c; * for any number; access some of r, w, m)");
            }
        }
        return out;
    }

    SortedMap<String, String> storageOpt(YNode.Mapping m, String path) {
        return f.keyValues(m.get("storage_opt"), Fields.child(path, "storage_opt"), '=', k -> "");
    }

    /** external_links: "CONTAINER" or "CONTAINER:ALIAS", containers the stack does not make. */
    List<String> externalLinks(YNode.Mapping m, String path) {
        String at = Fields.child(path, "external_links");
        List<String> items = f.list(m.get("external_links"), at);
        if (items == null) return List.of();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String link = items.get(i);
            String[] parts = link.split(":", -1);
            if (parts.length > 2 || !CONTAINER.matcher(parts[0]).matches() || (parts.length == 2 && parts[1].isEmpty())) {
                f.error(Fields.index(at, i), ((YNode.Sequence) m.get("external_links")).items().get(i), "invalid external link "
                        + Fields.quote(link) + ": expected CONTAINER or CONTAINER:ALIAS");
            } else {
                out.add(link);
            }
        }
        return out;
    }

    /** volumes_from: "SERVICE[:ro|rw]" (a service of this stack) or "container:NAME[:ro|rw]". */
    List<String> volumesFrom(YNode.Mapping m, String path) {
        String at = Fields.child(path, "volumes_from");
        List<String> items = f.list(m.get("volumes_from"), at);
        if (items == null) return List.of();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String entry = items.get(i);
            YNode node = ((YNode.Sequence) m.get("volumes_from")).items().get(i);
            String iAt = Fields.index(at, i);
            boolean container = entry.startsWith("container:");
            String rest = container ? entry.substring("container:".length()) : entry;
            String[] parts = rest.split(":", -1);
            if (parts.length > 2 || parts[0].isEmpty() || (parts.length == 2 && !parts[1].equals("ro") && !parts[1].equals("rw"))) {
                f.error(iAt, node, "invalid volumes_from " + Fields.quote(entry) + ": expected SERVICE[:ro|rw] or container:NAME[:ro|rw]");
            } else if (container && !CONTAINER.matcher(parts[0]).matches()) {
                f.error(iAt, node, "invalid volumes_from " + Fields.quote(entry) + ": " + Fields.quote(parts[0]) + " is not a container name");
            } else if (!container && !stack.services.contains(parts[0])) {
                f.error(iAt, node, "volumes_from refers to unknown service \"" + parts[0] + "\"" + stack.suggestions.forName(parts[0], stack.services)
                        + " (a container of another project is container:NAME)");
            } else {
                if (!container) implied.add(parts[0]);
                out.add(entry);
            }
        }
        return out;
    }
}
