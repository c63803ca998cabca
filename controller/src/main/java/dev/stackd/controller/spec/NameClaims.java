package dev.stackd.controller.spec;

import dev.stackd.api.Manifests;
import dev.stackd.api.compose.HostPortClaims;
import dev.stackd.api.model.ServiceSpec;
import dev.stackd.api.model.ServiceSpec.PortSpec;
import dev.stackd.api.model.StackSpec;
import dev.stackd.controller.engine.Names;
import dev.stackd.controller.store.StackRecord;
import dev.stackd.controller.store.Store;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The engine's names are one namespace for every stack: an apply may not claim a container name, or a non-external
 * network or volume name, that another stored stack claims (a stack being deleted too, until its objects are
 * gone). Host ports too: a published port is a claim on (host address, port, protocol), and an unspecified address
 * (none, 0.0.0.0, ::) conflicts with every address, as in the engine ({@link HostPortClaims}). Docker compose refuses to join another project's network or volume unless it is declared external, and
 * two projects whose container names meet fight over them; here the second apply gets a 409 instead.
 *
 * <p>Work is linear: each stack's claims are computed once per generation, default container names are compared
 * as prefixes ({@code {stack}-{service}-}) with their replica count, never expanded.
 */
public final class NameClaims {
    private final Supplier<Store> store;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(long generation, Claims claims) {}

    /**
     * @param explicit   container_name -> the service key
     * @param defaults   "{stack}-{service}-" -> the replica count and the service key
     * @param networks   engine name of each non-external network -> its key
     * @param volumes    engine name of each non-external volume -> its key
     * @param ports      each published host port -> the service publishing it
     */
    private record Claims(Map<String, String> explicit, Map<String, Replicas> defaults,
                          Map<String, String> networks, Map<String, String> volumes, HostPortClaims<String> ports) {}

    private record Replicas(int count, String service) {}

    public NameClaims(Supplier<Store> store) {
        this.store = store;
    }

    /** What {@code spec} claims that another stack holds, one error per name with the field that claims it. */
    public List<SpecError> conflicts(StackSpec spec) {
        var mine = claimsOf(spec);
        var errors = new ArrayList<SpecError>();
        var live = new ArrayList<String>();
        for (StackRecord other : store.get().list()) {
            live.add(other.name());
            if (other.name().equals(spec.name())) continue;
            Claims theirs = claimsOf(other);
            if (theirs == null) continue;
            String owner = " is stack " + other.name() + "'s";
            mine.explicit().forEach((name, service) -> {
                if (holds(theirs, name)) errors.add(SpecError.at("services." + service + ".container_name", "container " + name + owner));
            });
            mine.defaults().forEach((prefix, replicas) -> {
                String clash = firstHeld(theirs, prefix, replicas.count());
                if (clash != null) errors.add(SpecError.at("services." + replicas.service(), "container " + clash + owner));
            });
            object(mine.networks(), theirs.networks(), "networks.", "network ", owner, errors);
            object(mine.volumes(), theirs.volumes(), "volumes.", "volume ", owner, errors);
            ports(spec, theirs.ports(), owner, errors);
        }
        cache.keySet().retainAll(live);
        return errors;
    }

    private static void object(Map<String, String> mine, Map<String, String> theirs, String section, String kind,
                               String owner, List<SpecError> errors) {
        mine.forEach((name, key) -> {
            if (theirs.containsKey(name)) {
                errors.add(SpecError.at(section + key + ".name", kind + name + owner + ": declare it external: true to share it"));
            }
        });
    }

    /** One error per published port of the spec that the other stack's ports hold. */
    private static void ports(StackSpec spec, HostPortClaims<String> theirs, String owner, List<SpecError> errors) {
        for (ServiceSpec s : spec.services().values()) {
            for (int i = 0; i < s.ports().size(); i++) {
                PortSpec p = s.ports().get(i);
                if (p.published() == null || p.publishedEnd() != null) continue; // a dynamic range claims no port
                String service = theirs.conflict(p.hostIp(), p.published(), p.protocol());
                if (service == null) continue;
                errors.add(SpecError.at("services." + s.name() + ".ports[" + i + "]", "host port " + p.published() + "/"
                        + p.protocol() + " on " + HostPortClaims.shown(p.hostIp()) + owner + " (service " + service + ")"));
            }
        }
    }

    /** Whether the other stack's containers include this exact name (explicit, or one of its default names). */
    private static boolean holds(Claims theirs, String name) {
        if (theirs.explicit().containsKey(name)) return true;
        int dash = name.lastIndexOf('-');
        int n = replica(name.substring(dash + 1));
        Replicas d = n < 1 ? null : theirs.defaults().get(name.substring(0, dash + 1));
        return d != null && n <= d.count();
    }

    /** The replica number a default name ends with ("12"), or 0 when it is not one. */
    private static int replica(String digits) {
        if (digits.isEmpty() || digits.length() > 4 || digits.startsWith("0") || !digits.chars().allMatch(Character::isDigit)) return 0;
        return Integer.parseInt(digits);
    }

    /** The first of {@code prefix}1..{@code prefix}{@code replicas} the other stack holds, or null. */
    private static String firstHeld(Claims theirs, String prefix, int replicas) {
        Replicas d = theirs.defaults().get(prefix);
        if (d != null && d.count() > 0 && replicas > 0) return prefix + 1;
        String lowest = null;
        int lowestN = Integer.MAX_VALUE;
        for (String name : theirs.explicit().keySet()) { // explicit names are few: one per service at most
            if (!name.startsWith(prefix)) continue;
            int n = replica(name.substring(prefix.length()));
            if (n >= 1 && n <= replicas && n < lowestN) {
                lowestN = n;
                lowest = name;
            }
        }
        return lowest;
    }

    private Claims claimsOf(StackRecord r) {
        var c = cache.get(r.name());
        if (c != null && c.generation() == r.generation()) return c.claims();
        Claims claims;
        try {
            claims = claimsOf(Manifests.stackFromJson(r.specJson()));
        } catch (RuntimeException e) {
            return null; // a stored spec that does not read claims nothing; its reconcile reports it
        }
        cache.put(r.name(), new Cached(r.generation(), claims));
        return claims;
    }

    private static Claims claimsOf(StackSpec spec) {
        var explicit = new LinkedHashMap<String, String>(); // in service order: errors are listed in it
        var defaults = new LinkedHashMap<String, Replicas>();
        for (ServiceSpec s : spec.services().values()) {
            if (s.containerName() != null) explicit.put(s.containerName(), s.name());
            else defaults.put(Names.replicaPrefix(spec.name(), s.name()), new Replicas(s.replicas(), s.name()));
        }
        var networks = new LinkedHashMap<String, String>();
        spec.networks().forEach((key, n) -> {
            if (!n.external()) networks.put(n.name(), key);
        });
        var volumes = new LinkedHashMap<String, String>();
        spec.volumes().forEach((key, v) -> {
            if (!v.external()) volumes.put(v.name(), key);
        });
        var ports = new HostPortClaims<String>();
        for (ServiceSpec s : spec.services().values()) {
            for (PortSpec p : s.ports()) {
                if (p.published() != null && p.publishedEnd() == null) ports.claim(p.hostIp(), p.published(), p.protocol(), s.name());
            }
        }
        return new Claims(explicit, defaults, networks, volumes, ports);
    }
}
