package dev.stackd.controller.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stackd.api.model.ServiceSpec;
import dev.stackd.api.model.ServiceSpec.HealthcheckSpec;
import dev.stackd.api.model.StackSpec;
import dev.stackd.controller.engine.Names;
import dev.stackd.controller.observe.ComposeProject.ComposeContainer;
import dev.stackd.controller.engine.ContainerSettings;
import dev.stackd.controller.engine.ContainerSettings.Health;
import dev.stackd.controller.observe.ObservedState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Whether a container docker compose made is the one stackd would make for a service, field by field: image ID,
 * command, entrypoint, environment, mounts, ports, networks and aliases, labels, restart policy, healthcheck,
 * resources, user, working_dir, privileged, read_only, init, cap_add, cap_drop. What the spec leaves unset is
 * what the image gives (the engine's own merge at create: command and entrypoint, environment, labels,
 * healthcheck, user, working_dir), so a container made from the same file matches.
 * <p>
 * A setting the spec sets that is not compared here is a difference too ("sysctls: not compared"): a container
 * stackd cannot vouch for is recreated, never adopted as if it matched. Names of environment variables and labels
 * are reported, never their values (they may be secrets).
 */
final class AdoptionMatch {
    private AdoptionMatch() {}

    private static final ObjectMapper JSON = new ObjectMapper();

    /** ServiceSpec fields compared below, or that do not shape the container (ordering, scaling, stackd's own). */
    private static final Set<String> COVERED = Set.of("name", "image", "build", "command", "entrypoint", "environment",
            "envFiles", "ports", "volumes", "networks", "networkMode", "healthcheck", "restart", "labels", "resources",
            "user", "workingDir", "privileged", "readOnly", "init", "capAdd", "capDrop", "secrets", "configs",
            // not part of the container's settings: ordering, scaling, image fetching, stackd's own, names
            "replicas", "dependsOn", "stackd", "pullPolicy", "containerName", "platform",
            // stop_grace_period is stackd's stop timeout; expose only documents ports (nothing is published)
            "stopGracePeriod", "expose");

    /** Each difference as "field have -> want" (names only for environment and labels); empty when it matches. */
    static List<String> differences(StackSpec stack, ServiceSpec s, ComposeContainer c, ObservedState observed) {
        ContainerSettings have = c.settings();
        var image = have.image();
        var out = new ArrayList<String>();

        String ref = Names.image(stack.name(), s);
        String wantImage = observed.images().get(ref);
        if (wantImage == null) out.add("image " + ref + " (not present here)");
        else if (!wantImage.equals(have.imageId())) out.add("image " + shortId(have.imageId()) + " -> " + shortId(wantImage));

        // the engine's merge at create: an entrypoint given drops the image's CMD; an empty one keeps it
        List<String> entrypoint = s.entrypoint();
        List<String> command = s.command();
        if (entrypoint == null || entrypoint.isEmpty()) {
            if (command == null || command.isEmpty()) command = image.command();
            if (entrypoint == null) entrypoint = image.entrypoint();
        }
        compare(out, "command", words(have.command()), words(command));
        compare(out, "entrypoint", words(have.entrypoint()), words(entrypoint));

        var env = new TreeMap<>(image.environment());
        s.environment().forEach((k, v) -> { if (v != null) env.put(k, v); }); // unset: compose passes nothing
        keys(out, "environment", have.environment(), env);

        var labels = new TreeMap<>(image.labels());
        labels.putAll(s.labels());
        var ownLabels = new TreeMap<String, String>();
        have.labels().forEach((k, v) -> { if (!k.startsWith("com.docker.compose.")) ownLabels.put(k, v); });
        keys(out, "labels", ownLabels, labels);

        mounts(out, stack, s, have);

        var ports = new TreeSet<String>();
        for (var p : s.ports()) {
            String protocol = p.protocol() == null ? "tcp" : p.protocol().toLowerCase(Locale.ROOT);
            ports.add(ContainerSettings.port(p.hostIp(), p.publishedText(), p.target() + "/" + protocol));
        }
        compare(out, "ports", new TreeSet<>(have.ports()), ports);

        networks(out, stack, s, c);

        compare(out, "restart", restart(have.restart()), restart(s.restart()));
        healthcheck(out, have.healthcheck(), s.healthcheck(), image.healthcheck());

        var r = s.resources();
        compare(out, "memory", positive(have.memory()), positive(r.memoryBytes()));
        compare(out, "memory reservation", positive(have.memoryReservation()), positive(r.memoryReservationBytes()));
        compare(out, "cpus", positive(have.nanoCpus()), positive(r.nanoCpus()));
        compare(out, "pids limit", positive(have.pidsLimit()), positive(r.pids()));
        compare(out, "user", text(have.user()), text(s.user() != null ? s.user() : image.user()));
        compare(out, "working_dir", text(have.workingDir()), text(s.workingDir() != null ? s.workingDir() : image.workingDir()));
        compare(out, "privileged", have.privileged(), s.privileged());
        compare(out, "read_only", have.readOnly(), s.readOnly());
        compare(out, "init", Boolean.TRUE.equals(have.init()), Boolean.TRUE.equals(s.init()));
        compare(out, "cap_add", capabilities(have.capAdd()), capabilities(s.capAdd()));
        compare(out, "cap_drop", capabilities(have.capDrop()), capabilities(s.capDrop()));

        for (String field : uncompared(s)) out.add(field + ": set in the spec, not compared on adoption");
        return out;
    }

    /** The service's settings that are set (not null, false or empty) but not compared. */
    static List<String> uncompared(ServiceSpec s) {
        JsonNode tree;
        try {
            tree = JSON.readTree(ServiceHash.canonicalJson(s));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("canonical JSON always reads", e);
        }
        var out = new ArrayList<String>();
        tree.fieldNames().forEachRemaining(name -> {
            JsonNode v = tree.get(name);
            boolean set = !(v.isNull() || (v.isBoolean() && !v.asBoolean()) || (v.isContainerNode() && v.isEmpty()));
            if (set && !COVERED.contains(name)) out.add(name);
        });
        return out;
    }

    private static void mounts(List<String> out, StackSpec stack, ServiceSpec s, ContainerSettings have) {
        var want = new TreeMap<String, String>();
        var anonymous = new TreeSet<String>();
        for (var m : s.volumes()) {
            // propagation and relabelling are not read back from the engine: a container with them is not vouched for
            String rw = (m.readOnly() ? " ro" : " rw") + (m.propagation() == null ? "" : " " + m.propagation())
                    + (m.selinux() == null ? "" : " " + m.selinux());
            switch (m.type()) {
                case "volume" -> {
                    if (m.source() == null) {
                        anonymous.add(m.target());
                        want.put(m.target(), "volume (anonymous)" + rw);
                    } else {
                        var v = stack.volumes().get(m.source());
                        want.put(m.target(), "volume " + (v == null ? m.source() : v.name()) + rw);
                    }
                }
                case "bind" -> want.put(m.target(), "bind " + m.source() + rw);
                default -> want.put(m.target(), m.type());
            }
        }
        ContainerRequests.fileMounts(stack, s).forEach((host, target) -> want.put(target, "bind " + host + " ro"));
        var got = new TreeMap<String, String>();
        for (var m : have.mounts()) {
            String rw = m.readOnly() ? " ro" : " rw";
            boolean volume = m.type().equals("volume");
            // an anonymous volume for a VOLUME of the image the spec does not mount: the engine's, not the spec's
            if (volume && !want.containsKey(m.target()) && have.image().volumes().contains(m.target())) continue;
            if (volume && anonymous.contains(m.target())) got.put(m.target(), "volume (anonymous)" + rw);
            else if (volume) got.put(m.target(), "volume " + m.source() + rw);
            else if (m.type().equals("bind")) got.put(m.target(), "bind " + m.source() + rw);
            else got.put(m.target(), m.type());
        }
        if (got.equals(want)) return;
        var targets = new TreeSet<>(got.keySet());
        targets.addAll(want.keySet());
        var parts = new ArrayList<String>();
        for (String t : targets) {
            if (Objects.equals(got.get(t), want.get(t))) continue;
            parts.add(t + " " + (got.containsKey(t) ? got.get(t) : "none") + " -> " + (want.containsKey(t) ? want.get(t) : "none"));
        }
        out.add("mounts " + String.join(", ", parts));
    }

    private static void networks(List<String> out, StackSpec stack, ServiceSpec s, ComposeContainer c) {
        String mode = c.settings().networkMode();
        if (s.networkMode() != null) {
            // service:X and container:X are both a container's namespace, which the engine records by ID
            String want = s.networkMode();
            boolean container = want.startsWith("service:") || want.startsWith("container:");
            boolean same = container ? mode != null && mode.startsWith("container:") : want.equals(mode);
            if (!same) out.add("network_mode " + mode + " -> " + want);
            return;
        }
        var want = new TreeSet<String>();
        s.networks().keySet().forEach(k -> want.add(ContainerRequests.networkName(stack, k)));
        var have = new TreeSet<>(c.container().networks().keySet());
        compare(out, "networks", have, want);
        for (var e : s.networks().entrySet()) {
            String network = ContainerRequests.networkName(stack, e.getKey());
            var endpoint = c.container().networks().get(network);
            if (endpoint == null) continue;
            var missing = new ArrayList<>(ContainerRequests.aliases(s, e.getValue()));
            missing.removeAll(endpoint.aliases());
            if (!missing.isEmpty()) out.add("aliases on " + network + " (missing " + String.join(", ", missing) + ")");
            String ipv4 = e.getValue() == null ? null : e.getValue().ipv4Address();
            if (ipv4 != null && !ipv4.equals(endpoint.ipv4Address())) out.add("ipv4_address on " + network + " " + endpoint.ipv4Address() + " -> " + ipv4);
        }
    }

    /** The engine's merge: no healthcheck in the spec keeps the image's; each unset field of one takes the image's. */
    private static void healthcheck(List<String> out, Health have, HealthcheckSpec spec, Health image) {
        Health want;
        if (spec == null) want = image;
        else if (spec.disable()) {
            if (have == null || !have.test().equals(List.of("NONE"))) out.add("healthcheck " + describe(have) + " -> disabled");
            return;
        } else {
            Health i = image == null ? new Health(List.of(), null, null, null, null) : image;
            want = new Health(spec.test().isEmpty() ? i.test() : spec.test(),
                    orElse(nanos(spec.interval()), i.interval()), orElse(nanos(spec.timeout()), i.timeout()),
                    orElse(nanos(spec.startPeriod()), i.startPeriod()), spec.retries() != null && spec.retries() != 0 ? spec.retries() : i.retries());
        }
        if (!describe(have).equals(describe(want))) out.add("healthcheck " + describe(have) + " -> " + describe(want));
    }

    private static String describe(Health h) {
        if (h == null || h.test().isEmpty()) return "none";
        return h.test() + " interval " + positive(h.interval()) + " timeout " + positive(h.timeout()) + " start_period "
                + positive(h.startPeriod()) + " retries " + (h.retries() == null || h.retries() == 0 ? null : h.retries());
    }

    private static Long nanos(Duration d) {
        return d == null ? null : d.toNanos();
    }

    private static Long orElse(Long v, Long fallback) {
        return v == null || v == 0 ? fallback : v;
    }

    private static <T> void compare(List<String> out, String field, T have, T want) {
        if (!Objects.equals(have, want)) out.add(field + " " + have + " -> " + want);
    }

    /** The keys whose values differ, are missing or are extra: values are not shown. */
    private static void keys(List<String> out, String field, Map<String, String> have, Map<String, String> want) {
        var differ = new TreeSet<String>();
        have.forEach((k, v) -> { if (!v.equals(want.get(k))) differ.add(k); });
        want.forEach((k, v) -> { if (!v.equals(have.get(k))) differ.add(k); });
        if (!differ.isEmpty()) out.add(field + " (" + String.join(", ", differ) + ")");
    }

    private static List<String> words(List<String> l) {
        return l == null ? List.of() : l;
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    /** Zero, negative (pids: -1) and unset all mean "no limit". */
    private static Long positive(Long v) {
        return v == null || v <= 0 ? null : v;
    }

    private static String restart(String r) {
        if (r == null || r.isEmpty()) return "no";
        return r.equals("on-failure:0") ? "on-failure" : r;
    }

    private static Set<String> capabilities(List<String> caps) {
        var out = new TreeSet<String>();
        for (String c : caps) {
            String u = c.toUpperCase(Locale.ROOT);
            out.add(u.startsWith("CAP_") ? u.substring(4) : u);
        }
        return out;
    }

    private static String shortId(String id) {
        if (id == null) return "none";
        String hex = id.startsWith("sha256:") ? id.substring(7) : id;
        return hex.substring(0, Math.min(12, hex.length()));
    }
}
