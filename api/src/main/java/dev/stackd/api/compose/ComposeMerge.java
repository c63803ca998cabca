package dev.stackd.api.compose;

import dev.stackd.api.compose.yaml.YNode;
import dev.stackd.api.compose.yaml.YamlTree;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Merges one compose file over another at the YAML-tree level, by the Compose Specification's rules as compose-go
 * implements them ({@code override/merge.go}, {@code override/uncity.go}): mappings merged key by key, scalars
 * replaced, sequences appended, except where a rule says otherwise ({@link #RULES}). A sequence whose entries have a
 * key (ports, volumes by target, environment by name...) keeps one entry per key: an entry of the later file
 * replaces the earlier file's entry with the same key, in its place. Entries with the same key inside one file are
 * left as written, so that validation still reports them (compose would silently keep the last).
 * <p>
 * Compose's tags are applied first: whatever the earlier files had where the later one says {@code !reset} or
 * {@code !override} is removed, so the later value (or nothing) is what remains.
 */
final class ComposeMerge {
    private final Problems problems;

    ComposeMerge(Problems problems) {
        this.problems = problems;
    }

    /** {@code over} merged over {@code base}; the tags of {@code over}'s file are applied to {@code base} first. */
    YNode.Mapping merge(YNode.Mapping base, YNode.Mapping over, List<YamlTree.Tagged> overTags) {
        YNode.Mapping cleared = clear(base, overTags, List.of());
        return (YNode.Mapping) mergeMappings(cleared, over, List.of());
    }

    /**
     * The service {@code over} extending {@code base} (compose's {@code ExtendService}): the same rules as a file
     * merge, at the path of a service.
     */
    YNode.Mapping extend(YNode.Mapping base, YNode.Mapping over) {
        return (YNode.Mapping) mergeMappings(base, over, List.of("services", "*"));
    }

    /** {@code over} merged over {@code base}, at {@code path} (keys of the tree from the root). */
    YNode mergeAt(YNode base, YNode over, List<String> path) {
        return merge(base, over, path);
    }

    /**
     * {@code root} without what the tagged places hold (a place under {@code prefix} only, taken relative to it).
     * A tagged list index removes nothing, as in compose.
     */
    static YNode.Mapping clear(YNode.Mapping root, List<YamlTree.Tagged> tags, List<Object> prefix) {
        YNode.Mapping out = root;
        for (YamlTree.Tagged t : tags) {
            List<Object> path = t.path();
            if (path.size() <= prefix.size() || !path.subList(0, prefix.size()).equals(prefix)) continue;
            out = (YNode.Mapping) remove(out, path.subList(prefix.size(), path.size()));
        }
        return out;
    }

    private static YNode remove(YNode node, List<Object> path) {
        if (path.isEmpty() || !(path.getFirst() instanceof String key) || !(node instanceof YNode.Mapping m) || !m.has(key)) return node;
        Map<String, YNode.Entry> entries = new LinkedHashMap<>(m.entries());
        if (path.size() == 1) entries.remove(key);
        else entries.put(key, entries.get(key).withValue(remove(entries.get(key).value(), path.subList(1, path.size()))));
        return m.withEntries(entries);
    }

    private YNode merge(YNode base, YNode over, List<String> path) {
        Rule rule = rule(path);
        if (rule != null) return rule.merge(this, base, over, path);
        if (isNull(over)) return base;
        if (base instanceof YNode.Mapping bm) {
            if (over instanceof YNode.Mapping om) return mergeMappings(bm, om, path);
            return mismatch(base, over, path);
        }
        if (base instanceof YNode.Sequence bs) {
            if (over instanceof YNode.Sequence os) return unique(path, bs, os);
            return mismatch(base, over, path);
        }
        return over;
    }

    private YNode mergeMappings(YNode.Mapping base, YNode.Mapping over, List<String> path) {
        Map<String, YNode.Entry> entries = new LinkedHashMap<>(base.entries());
        for (YNode.Entry e : over.entries().values()) {
            YNode.Entry earlier = entries.get(e.key());
            entries.put(e.key(), earlier == null ? e : earlier.withValue(merge(earlier.value(), e.value(), child(path, e.key()))));
        }
        return base.withEntries(entries);
    }

    private YNode mismatch(YNode base, YNode over, List<String> path) {
        problems.add(String.join(".", path), over, "cannot merge " + over.describe() + " over " + base.describe()
                + (base.file() != null ? " (" + base.file() + ":" + base.line() + ":" + base.column() + ")" : "")
                + ": write the same form in both files, or tag the later one !override");
        return base; // reported once, here: the parser reads the earlier form

    }

    private static List<String> child(List<String> path, String key) {
        List<String> out = new ArrayList<>(path.size() + 1);
        out.addAll(path);
        out.add(key);
        return out;
    }

    private static boolean isNull(YNode n) {
        return n == null || n instanceof YNode.Scalar s && s.isNull();
    }

    // ---- the rules ----

    @FunctionalInterface
    private interface Rule {
        YNode merge(ComposeMerge m, YNode base, YNode over, List<String> path);
    }

    /** compose-go's mergeSpecials, by path pattern ("*" is any one key). */
    private static final Map<String, Rule> RULES = new HashMap<>();

    /** compose-go's unique: how the entries of a sequence at a path are told apart. */
    private static final Map<String, Function<YNode, String>> KEYS = new HashMap<>();

    static {
        Rule override = (m, b, o, p) -> o;
        Rule toSequence = (m, b, o, p) -> m.toSequence(b, o, p);
        for (String p : List.of("services.*.command", "services.*.entrypoint", "services.*.healthcheck.test")) RULES.put(p, override);
        for (String p : List.of("networks.*.labels", "volumes.*.labels", "services.*.annotations", "services.*.build.args",
                "services.*.build.additional_contexts", "services.*.build.labels", "services.*.deploy.labels", "services.*.dns",
                "services.*.dns_opt", "services.*.dns_search", "services.*.env_file", "services.*.label_file",
                "services.*.environment", "services.*.labels", "services.*.volumes.*.volume.labels", "services.*.sysctls",
                "services.*.tmpfs")) {
            RULES.put(p, toSequence);
        }
        RULES.put("services.*.build", (m, b, o, p) -> m.mergeMappingsOf(b, o, p, ComposeMerge::buildMapping));
        RULES.put("services.*.depends_on", (m, b, o, p) -> m.mergeMappingsOf(b, o, p, ComposeMerge::dependsOnMapping));
        RULES.put("services.*.networks", (m, b, o, p) -> m.mergeMappingsOf(b, o, p, n -> namesMapping(n, null)));
        RULES.put("services.*.models", (m, b, o, p) -> m.mergeMappingsOf(b, o, p, n -> namesMapping(n, null)));
        RULES.put("services.*.extra_hosts", (m, b, o, p) -> m.extraHosts(b, o));
        RULES.put("services.*.build.extra_hosts", (m, b, o, p) -> m.extraHosts(b, o));
        RULES.put("services.*.logging", (m, b, o, p) -> m.logging(b, o, p));
        RULES.put("services.*.ulimits.*", override);
        RULES.put("networks.*.ipam.config", (m, b, o, p) -> m.ipamConfig(b, o, p));

        Function<YNode, String> keyValue = ComposeMerge::keyValueKey;
        for (String p : List.of("networks.*.labels", "networks.*.ipam.options", "services.*.annotations", "services.*.build.args",
                "services.*.build.additional_contexts", "services.*.build.platform", "services.*.build.tags",
                "services.*.build.labels", "services.*.cap_add", "services.*.cap_drop", "services.*.deploy.labels",
                "services.*.dns", "services.*.dns_opt", "services.*.dns_search", "services.*.environment",
                "services.*.labels", "services.*.links", "services.*.networks.*.aliases",
                "services.*.networks.*.link_local_ips", "services.*.profiles", "services.*.sysctls", "services.*.tmpfs")) {
            KEYS.put(p, keyValue);
        }
        KEYS.put("services.*.volumes", ComposeMerge::volumeKey);
        KEYS.put("services.*.devices", ComposeMerge::deviceKey);
        KEYS.put("services.*.configs", n -> mountKey(n, ""));
        KEYS.put("services.*.secrets", n -> mountKey(n, "/run/secrets"));
        KEYS.put("services.*.env_file", ComposeMerge::envFileKey);
        KEYS.put("services.*.expose", ComposeMerge::scalarKey);
        KEYS.put("services.*.ports", PortKeys::key);
    }

    private static <T> T byPattern(Map<String, T> table, List<String> path) {
        if (path.isEmpty() || path.size() > 6) return null;
        // the patterns have at most two wildcards: try each way to put them over this path's keys
        int n = path.size();
        for (int mask = 0; mask < (1 << n); mask++) {
            if (Integer.bitCount(mask) > 2) continue;
            StringBuilder key = new StringBuilder();
            for (int i = 0; i < n; i++) {
                if (i > 0) key.append('.');
                key.append((mask & (1 << i)) != 0 ? "*" : path.get(i));
            }
            T found = table.get(key.toString());
            if (found != null) return found;
        }
        return null;
    }

    private static Rule rule(List<String> path) {
        return byPattern(RULES, path);
    }

    /** Both sides as sequences, appended, then one entry per key where the path has keyed entries. */
    private YNode toSequence(YNode base, YNode over, List<String> path) {
        YNode.Sequence b = asSequence(base);
        YNode.Sequence o = asSequence(over);
        if (b == null || o == null) return mismatch(base, over, path);
        return unique(path, b, o);
    }

    private YNode.Sequence unique(List<String> path, YNode.Sequence base, YNode.Sequence over) {
        Function<YNode, String> keyOf = byPattern(KEYS, path);
        List<YNode> items = new ArrayList<>(base.items());
        if (keyOf == null) {
            items.addAll(over.items());
            return base.withItems(items);
        }
        Map<String, Integer> earlier = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String k = keyOf.apply(items.get(i));
            if (k != null) earlier.putIfAbsent(k, i);
        }
        for (YNode item : over.items()) {
            String k = keyOf.apply(item);
            Integer at = k == null ? null : earlier.get(k);
            if (at != null) items.set(at, item);
            else items.add(item);
        }
        return base.withItems(items);
    }

    /**
     * A sequence for a key=value mapping (entries "k=v", or "k" for a null value, sorted, as compose does), a
     * one-item sequence for a string; null for anything else.
     */
    private static YNode.Sequence asSequence(YNode n) {
        if (n == null || n instanceof YNode.Scalar s && s.isNull()) return new YNode.Sequence(List.of(), 0, 0);
        if (n instanceof YNode.Sequence s) return s;
        if (n instanceof YNode.Scalar s) return new YNode.Sequence(List.of(s), s.line(), s.column(), s.file());
        YNode.Mapping m = (YNode.Mapping) n;
        List<YNode.Entry> entries = new ArrayList<>(m.entries().values());
        List<YNode> items = new ArrayList<>();
        for (YNode.Entry e : entries) {
            if (e.value() instanceof YNode.Scalar v) {
                String text = v.isNull() ? e.key() : e.key() + "=" + v.text();
                items.add(new YNode.Scalar(text, e.line(), e.column(), e.file()));
            } else if (e.value() instanceof YNode.Sequence vs) {
                for (YNode item : vs.items()) {
                    if (!(item instanceof YNode.Scalar is) || is.isNull()) return null;
                    items.add(new YNode.Scalar(e.key() + "=" + is.text(), e.line(), e.column(), e.file()));
                }
            } else {
                return null;
            }
        }
        items.sort((x, y) -> ((YNode.Scalar) x).text().compareTo(((YNode.Scalar) y).text()));
        return new YNode.Sequence(items, m.line(), m.column(), m.file());
    }

    /** Both sides made mappings by {@code toMapping} (null: not convertible), then merged key by key. */
    private YNode mergeMappingsOf(YNode base, YNode over, List<String> path, Function<YNode, YNode.Mapping> toMapping) {
        if (isNull(over)) return base;
        YNode.Mapping b = toMapping.apply(base);
        YNode.Mapping o = toMapping.apply(over);
        if (b == null || o == null) return mismatch(base, over, path);
        return mergeMappings(b, o, path);
    }

    private static YNode.Mapping buildMapping(YNode n) {
        if (n instanceof YNode.Mapping m) return m;
        if (n instanceof YNode.Scalar s && !s.isNull()) {
            return new YNode.Mapping(Map.of("context", new YNode.Entry("context", s.line(), s.column(), s, s.file())),
                    s.line(), s.column(), s.file());
        }
        return null;
    }

    private static YNode.Mapping dependsOnMapping(YNode n) {
        return namesMapping(n, s -> {
            Map<String, YNode.Entry> d = new LinkedHashMap<>();
            d.put("condition", new YNode.Entry("condition", s.line(), s.column(), s.withText("service_started"), s.file()));
            d.put("required", new YNode.Entry("required", s.line(), s.column(), s.withText("true"), s.file()));
            return new YNode.Mapping(d, s.line(), s.column(), s.file());
        });
    }

    /** A list of names as a mapping name -> the default value (null when none); a mapping as it is. */
    private static YNode.Mapping namesMapping(YNode n, Function<YNode.Scalar, YNode> defaultValue) {
        if (n instanceof YNode.Mapping m) return m;
        if (!(n instanceof YNode.Sequence s)) return null;
        Map<String, YNode.Entry> entries = new LinkedHashMap<>();
        for (YNode item : s.items()) {
            if (!(item instanceof YNode.Scalar name) || name.isNull()) return null;
            YNode value = defaultValue == null ? name.withText(null) : defaultValue.apply(name);
            entries.put(name.text(), new YNode.Entry(name.text(), name.line(), name.column(), value, name.file()));
        }
        return new YNode.Mapping(entries, s.line(), s.column(), s.file());
    }

    /** Both as sequences; the later file's entries that the earlier one already has are not repeated. */
    private YNode extraHosts(YNode base, YNode over) {
        YNode.Sequence b = asSequence(base);
        YNode.Sequence o = asSequence(over);
        if (b == null || o == null) return mismatch(base, over, List.of("extra_hosts"));
        List<YNode> items = new ArrayList<>(b.items());
        List<String> seen = new ArrayList<>();
        for (YNode item : b.items()) seen.add(scalarKey(item));
        for (YNode item : o.items()) {
            if (!seen.contains(scalarKey(item))) items.add(item);
        }
        return b.withItems(items);
    }

    /** Logging options merge only when both files name the same driver (or one names none); else the later wins. */
    private YNode logging(YNode base, YNode over, List<String> path) {
        if (isNull(over)) return base;
        if (!(base instanceof YNode.Mapping b) || !(over instanceof YNode.Mapping o)) return mismatch(base, over, path);
        String bd = scalarKey(b.get("driver"));
        String od = scalarKey(o.get("driver"));
        if (bd == null || od == null || bd.equals(od)) return mergeMappings(b, o, path);
        return o;
    }

    /** ipam.config entries are told apart by subnet: the later file's entry for a subnet merges over the earlier one. */
    private YNode ipamConfig(YNode base, YNode over, List<String> path) {
        if (isNull(over)) return base;
        if (!(base instanceof YNode.Sequence b) || !(over instanceof YNode.Sequence o)) return mismatch(base, over, path);
        List<YNode> items = new ArrayList<>(b.items());
        for (YNode item : o.items()) {
            String subnet = subnet(item);
            int at = -1;
            for (int i = 0; i < items.size() && subnet != null; i++) {
                if (subnet.equals(subnet(items.get(i)))) at = i;
            }
            if (at >= 0 && items.get(at) instanceof YNode.Mapping bm && item instanceof YNode.Mapping om) {
                items.set(at, mergeMappings(bm, om, path));
            } else {
                items.add(item);
            }
        }
        return b.withItems(items);
    }

    private static String subnet(YNode n) {
        return n instanceof YNode.Mapping m ? scalarKey(m.get("subnet")) : null;
    }

    // ---- entry keys ----

    static String scalarKey(YNode n) {
        return n instanceof YNode.Scalar s ? s.text() : null;
    }

    private static String keyValueKey(YNode n) {
        String s = scalarKey(n);
        if (s == null) return null;
        int eq = s.indexOf('=');
        return eq < 0 ? s : s.substring(0, eq);
    }

    /** A service volume by its target (short syntax: the part after the source, before the options). */
    private static String volumeKey(YNode n) {
        if (n instanceof YNode.Mapping m) return scalarKey(m.get("target"));
        String s = scalarKey(n);
        if (s == null) return null;
        String[] parts = s.split(":", -1);
        return parts.length == 1 ? parts[0] : parts[1];
    }

    private static String deviceKey(YNode n) {
        if (n instanceof YNode.Mapping m) return scalarKey(m.get("target"));
        String s = scalarKey(n);
        if (s == null) return null;
        String[] parts = s.split(":", -1);
        return parts.length == 1 ? parts[0] : parts[1];
    }

    /** A secret or config by its target: the default one under {@code dir} for the short form or no target. */
    private static String mountKey(YNode n, String dir) {
        if (n instanceof YNode.Mapping m) {
            String target = scalarKey(m.get("target"));
            return target != null ? target : dir + "/" + scalarKey(m.get("source"));
        }
        String s = scalarKey(n);
        return s == null ? null : dir + "/" + s;
    }

    private static String envFileKey(YNode n) {
        if (n instanceof YNode.Mapping m) return scalarKey(m.get("path"));
        return scalarKey(n);
    }

    /** Compose tells ports apart by their canonical form: host IP, published, target and protocol. */
    static final class PortKeys {
        private PortKeys() {}

        static String key(YNode n) {
            if (n instanceof YNode.Mapping m) {
                return key(scalarKey(m.get("host_ip")), scalarKey(m.get("published")), scalarKey(m.get("target")),
                        scalarKey(m.get("protocol")));
            }
            String s = scalarKey(n);
            if (s == null) return null;
            String protocol = null;
            int slash = s.lastIndexOf('/');
            String rest = s;
            if (slash >= 0) {
                protocol = s.substring(slash + 1);
                rest = s.substring(0, slash);
            }
            int last = rest.lastIndexOf(':');
            if (last < 0) return key(null, null, rest, protocol);
            String target = rest.substring(last + 1);
            String front = rest.substring(0, last);
            int split = front.lastIndexOf(':');
            if (front.startsWith("[")) split = front.indexOf("]:") >= 0 ? front.indexOf("]:") + 1 : -1;
            if (split < 0) return key(null, front, target, protocol);
            String ip = front.substring(0, split);
            if (ip.startsWith("[") && ip.endsWith("]")) ip = ip.substring(1, ip.length() - 1);
            return key(ip, front.substring(split + 1), target, protocol);
        }

        private static String key(String ip, String published, String target, String protocol) {
            return (ip == null || ip.isEmpty() ? "0.0.0.0" : ip) + ":" + Objects.requireNonNullElse(published, "")
                    + ":" + target + "/" + (protocol == null || protocol.isEmpty() ? "tcp" : protocol);
        }
    }
}
