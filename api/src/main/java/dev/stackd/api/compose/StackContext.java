package dev.stackd.api.compose;

import dev.stackd.api.compose.yaml.YNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    private final List<PortClaim> portClaims = new ArrayList<>();

    StackContext(String stackName, HostFiles host, Interpolator env, Set<String> services, Set<String> networks,
                 Set<String> volumes, Set<String> secrets, Set<String> configs) {
        this.stackName = stackName;
        this.host = host;
        this.env = env;
        this.services = Set.copyOf(services);
        this.networks = Set.copyOf(networks);
        this.volumes = Set.copyOf(volumes);
        this.secrets = Set.copyOf(secrets);
        this.configs = Set.copyOf(configs);
    }

    /** A path from the file, made absolute; null after an error at {@code path} when it cannot be resolved here. */
    Path resolve(String value, Fields f, String path, YNode at) {
        return host.resolve(value, f, path, at);
    }

    /** Records that a host port is published at path; an error when another port claimed it first. */
    void claimHostPort(String hostIp, int published, String protocol, String path, YNode at, Problems problems) {
        String ip = hostIp == null || hostIp.isEmpty() ? WILDCARD : hostIp;
        for (PortClaim c : portClaims) {
            boolean sameAddress = c.ip().equals(ip) || c.ip().equals(WILDCARD) || ip.equals(WILDCARD);
            if (c.port() == published && c.protocol().equals(protocol) && sameAddress) {
                problems.add(path, at, "host port " + published + "/" + protocol + " on " + ip + " is already published by " + c.path());
                return;
            }
        }
        portClaims.add(new PortClaim(ip, published, protocol, path));
    }

    private static final String WILDCARD = "0.0.0.0";

    private record PortClaim(String ip, int port, String protocol, String path) {}
}
