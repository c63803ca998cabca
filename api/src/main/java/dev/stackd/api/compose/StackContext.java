package dev.stackd.api.compose;

import dev.stackd.api.compose.yaml.YNode;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** What the service parser needs to know about the rest of the stack, and the host-port claims made so far. */
final class StackContext {
    final String stackName;
    final HostFiles host;
    final Interpolator env;
    final Set<String> services;
    final Set<String> networks;
    final Set<String> volumes;
    final Set<String> secrets;
    final Set<String> configs;
    /** The ports every service of the stack may still have. */
    final PortBudget ports = new PortBudget();
    /** Host ports claimed so far, by port and protocol, so that a claim is checked in constant time. */
    private final Map<String, PortClaims> portClaims = new HashMap<>();

    StackContext(String stackName, HostFiles host, Interpolator env, Set<String> services, Set<String> networks,
                 Set<String> volumes, Set<String> secrets, Set<String> configs) {
        this.stackName = stackName;
        this.host = host;
        this.env = env;
        this.services = names(services);
        this.networks = names(networks);
        this.volumes = names(volumes);
        this.secrets = names(secrets);
        this.configs = names(configs);
    }

    /**
     * A hash set, not Set.copyOf: the immutable sets probe linearly, and names like s0, s1, s2... have hash codes in
     * a run, which makes their lookups cluster.
     */
    private static Set<String> names(Set<String> names) {
        return Collections.unmodifiableSet(new HashSet<>(names));
    }

    /** A path from the file, made absolute; null after an error at {@code path} when it cannot be resolved here. */
    Path resolve(String value, Fields f, String path, YNode at) {
        return host.resolve(value, f, path, at);
    }

    /** Records that a host port is published at path; an error when another port claimed it first. */
    void claimHostPort(String hostIp, int published, String protocol, String path, YNode at, Problems problems) {
        String ip = hostIp == null || hostIp.isEmpty() ? WILDCARD : hostIp;
        PortClaims claims = portClaims.computeIfAbsent(published + "/" + protocol, k -> new PortClaims());
        PortClaim earlier = claims.conflict(ip);
        if (earlier != null) {
            problems.add(path, at, "host port " + published + "/" + protocol + " on " + ip + " is already published by " + earlier.path());
            return;
        }
        claims.add(new PortClaim(ip, claims.count++, path));
    }

    private static final String WILDCARD = "0.0.0.0";

    /** order: when the claim was made, among those of its port; the first conflicting claim is the one named. */
    private record PortClaim(String ip, int order, String path) {}

    /**
     * The claims on one port and protocol: the first on the wildcard address, and the first on each address. A
     * wildcard claim conflicts with any claim, another claim with a wildcard one or one on its own address.
     */
    private static final class PortClaims {
        int count;
        PortClaim first;
        PortClaim wildcard;
        final Map<String, PortClaim> byIp = new HashMap<>();

        PortClaim conflict(String ip) {
            if (ip.equals(WILDCARD)) return first;
            PortClaim same = byIp.get(ip);
            if (same == null) return wildcard;
            return wildcard == null || same.order() < wildcard.order() ? same : wildcard;
        }

        void add(PortClaim c) {
            if (first == null) first = c;
            if (c.ip().equals(WILDCARD)) {
                if (wildcard == null) wildcard = c;
            } else {
                byIp.putIfAbsent(c.ip(), c);
            }
        }
    }
}
