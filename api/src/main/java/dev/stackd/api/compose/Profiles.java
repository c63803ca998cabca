package dev.stackd.api.compose;

import dev.stackd.api.compose.yaml.YNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Compose's profiles (compose-go {@code types/project.go} WithProfiles, {@code loader/validate.go}): a service with
 * {@code profiles} is in the stack only when one of them is enabled ({@code *} enables all); a service without is
 * always in it. An active service may not need an inactive one: a {@code depends_on} entry (unless
 * {@code required: false}, which drops the need, as in compose) or a {@code network_mode: service:X} naming one
 * is an error that says which profile would enable it.
 */
final class Profiles {
    /** The compose schema's pattern for a profile name. */
    static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

    private Profiles() {}

    /**
     * The root with the inactive services removed and the {@code profiles} key of the others too; every profile a
     * service names (enabled or not) is added to {@code named}, for {@code stackd config --profiles}.
     */
    static YNode.Mapping select(YNode.Mapping root, List<String> enabled, Fields f, java.util.Collection<String> named) {
        if (!(root.get("services") instanceof YNode.Mapping services)) return root;
        Set<String> on = Set.copyOf(enabled);
        Map<String, List<String>> inactive = new LinkedHashMap<>();
        Map<String, YNode.Entry> active = new LinkedHashMap<>();
        for (YNode.Entry e : services.entries().values()) {
            if (!(e.value() instanceof YNode.Mapping service) || !service.has("profiles")) {
                active.put(e.key(), e);
                continue;
            }
            String at = "services." + e.key() + ".profiles";
            List<String> profiles = f.list(service.get("profiles"), at);
            if (profiles == null) profiles = List.of();
            named.addAll(profiles);
            for (int i = 0; i < profiles.size(); i++) {
                if (!NAME.matcher(profiles.get(i)).matches()) {
                    f.error(Fields.index(at, i), service.get("profiles"), "invalid profile name \"" + profiles.get(i)
                            + "\": expected [a-zA-Z0-9][a-zA-Z0-9_.-]*");
                }
            }
            Map<String, YNode.Entry> without = new LinkedHashMap<>(service.entries());
            without.remove("profiles");
            boolean isActive = profiles.isEmpty() || on.contains("*") || profiles.stream().anyMatch(on::contains);
            if (isActive) active.put(e.key(), e.withValue(service.withEntries(without)));
            else inactive.put(e.key(), profiles);
        }
        if (inactive.isEmpty() && active.equals(services.entries())) return root;
        for (YNode.Entry e : List.copyOf(active.values())) {
            if (e.value() instanceof YNode.Mapping service) active.put(e.key(), e.withValue(needs(e.key(), service, inactive, f)));
        }
        Map<String, YNode.Entry> top = new LinkedHashMap<>(root.entries());
        top.put("services", top.get("services").withValue(services.withEntries(active)));
        return root.withEntries(top);
    }

    /**
     * The service's entry after checking what it needs: each error is reported here, at its place, and the entry
     * that caused it is removed, so that the parser does not report it again as an unknown service.
     */
    private static YNode.Mapping needs(String name, YNode.Mapping service, Map<String, List<String>> inactive, Fields f) {
        Map<String, YNode.Entry> entries = new LinkedHashMap<>(service.entries());
        String path = "services." + name;
        YNode deps = service.get("depends_on");
        if (deps instanceof YNode.Sequence seq) {
            List<YNode> kept = new ArrayList<>();
            for (int i = 0; i < seq.items().size(); i++) {
                YNode item = seq.items().get(i);
                String dep = ComposeMerge.scalarKey(item);
                if (dep != null && inactive.containsKey(dep)) {
                    f.error(Fields.index(path + ".depends_on", i), item, inactiveMessage("depends on", dep, inactive.get(dep)) + ", or add required: false");
                } else {
                    kept.add(item);
                }
            }
            entries.put("depends_on", entries.get("depends_on").withValue(seq.withItems(kept)));
        } else if (deps instanceof YNode.Mapping m) {
            Map<String, YNode.Entry> kept = new LinkedHashMap<>();
            for (YNode.Entry d : m.entries().values()) {
                boolean required = !(d.value() instanceof YNode.Mapping opts && "false".equals(ComposeMerge.scalarKey(opts.get("required"))));
                if (required && inactive.containsKey(d.key())) {
                    f.problems().add(path + ".depends_on." + d.key(), d, inactiveMessage("depends on", d.key(), inactive.get(d.key())) + ", or add required: false");
                } else {
                    kept.put(d.key(), d);
                }
            }
            entries.put("depends_on", entries.get("depends_on").withValue(m.withEntries(kept)));
        }
        String mode = ComposeMerge.scalarKey(service.get("network_mode"));
        if (mode != null && mode.startsWith("service:") && inactive.containsKey(mode.substring("service:".length()))) {
            String other = mode.substring("service:".length());
            f.error(path + ".network_mode", service.get("network_mode"), inactiveMessage("uses the network of", other, inactive.get(other)));
            entries.remove("network_mode");
        }
        return service.withEntries(entries);
    }

    private static String inactiveMessage(String verb, String service, List<String> profiles) {
        return verb + " service \"" + service + "\", which is not enabled: its profiles (" + String.join(", ", profiles)
                + ") are not active: enable one with --profile (or COMPOSE_PROFILES)";
    }
}
