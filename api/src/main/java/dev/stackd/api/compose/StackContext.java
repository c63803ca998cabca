package dev.stackd.api.compose;

import dev.stackd.api.compose.yaml.YNode;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
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
    /** The top-level x-stackd's update_config and rollback_config: each service's base. */
    final DeployParser.Defaults deployDefaults;
    /** The ports every service of the stack may still have. */
    final PortBudget ports = new PortBudget();
    /** "did you mean" for undeclared names, within one budget for the whole load. */
    final Suggestions suggestions = new Suggestions();
    /** Host ports claimed so far, with the path of the port that claimed each. */
    private final HostPortClaims<String> portClaims = new HostPortClaims<>();

    StackContext(String stackName, HostFiles host, Interpolator env, Set<String> services, Set<String> networks,
                 Set<String> volumes, Set<String> secrets, Set<String> configs, DeployParser.Defaults deployDefaults) {
        this.stackName = stackName;
        this.host = host;
        this.env = env;
        this.services = names(services);
        this.networks = names(networks);
        this.volumes = names(volumes);
        this.secrets = names(secrets);
        this.configs = names(configs);
        this.deployDefaults = deployDefaults;
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
        String earlier = portClaims.conflict(hostIp, published, protocol);
        if (earlier != null) {
            problems.add(path, at, "host port " + published + "/" + protocol + " on " + HostPortClaims.shown(hostIp)
                    + " is already published by " + earlier);
            return;
        }
        portClaims.claim(hostIp, published, protocol, path);
    }
}
