package dev.stackd.controller.testing;

import dev.stackd.api.model.ServiceSpec;
import dev.stackd.api.model.ServiceSpec.DependsOn;
import dev.stackd.api.model.ServiceSpec.HealthcheckSpec;
import dev.stackd.api.model.ServiceSpec.MountSpec;
import dev.stackd.api.model.ServiceSpec.PortSpec;
import dev.stackd.api.model.ServiceSpec.ServiceNetwork;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** Builds ServiceSpecs by hand in tests: every field defaults to "not set", as the parser would leave it. */
public final class ServiceBuilder {
    private final String name;
    private String image = TestImage.REF;
    private List<String> command;
    private List<String> entrypoint;
    private final TreeMap<String, String> environment = new TreeMap<>();
    private final List<PortSpec> ports = new ArrayList<>();
    private final List<String> expose = new ArrayList<>();
    private final List<MountSpec> volumes = new ArrayList<>();
    private final TreeMap<String, ServiceNetwork> networks = new TreeMap<>();
    private final TreeMap<String, DependsOn> dependsOn = new TreeMap<>();
    private HealthcheckSpec healthcheck;
    private String restart;
    private final TreeMap<String, String> labels = new TreeMap<>();
    private Duration stopGracePeriod;
    private int replicas = 1;

    private ServiceBuilder(String name) {
        this.name = name;
    }

    public static ServiceBuilder service(String name) {
        return new ServiceBuilder(name);
    }

    public ServiceBuilder image(String image) { this.image = image; return this; }
    public ServiceBuilder command(String... command) { this.command = List.of(command); return this; }
    public ServiceBuilder entrypoint(String... entrypoint) { this.entrypoint = List.of(entrypoint); return this; }
    public ServiceBuilder env(String key, String value) { environment.put(key, value); return this; }
    public ServiceBuilder label(String key, String value) { labels.put(key, value); return this; }
    public ServiceBuilder restart(String restart) { this.restart = restart; return this; }
    public ServiceBuilder replicas(int replicas) { this.replicas = replicas; return this; }
    public ServiceBuilder stopGracePeriod(Duration grace) { this.stopGracePeriod = grace; return this; }
    public ServiceBuilder expose(String port) { expose.add(port); return this; }

    /** A published port: hostIp and published may be null (all addresses, an ephemeral port). */
    public ServiceBuilder port(String hostIp, Integer published, int target) {
        ports.add(new PortSpec(hostIp, published, target, "tcp"));
        return this;
    }

    public ServiceBuilder volume(String key, String target) {
        volumes.add(new MountSpec("volume", key, target, false, null, null, null));
        return this;
    }

    public ServiceBuilder tmpfs(String target, long size) {
        volumes.add(new MountSpec("tmpfs", null, target, false, size, null, null));
        return this;
    }

    public ServiceBuilder network(String key, String... aliases) {
        networks.put(key, new ServiceNetwork(List.of(aliases), null, null));
        return this;
    }

    public ServiceBuilder dependsOn(String service) {
        dependsOn.put(service, new DependsOn("service_started", false, true));
        return this;
    }

    public ServiceBuilder healthcheck(Duration interval, String... test) {
        this.healthcheck = new HealthcheckSpec(List.of(test), interval, Duration.ofSeconds(5), 3, null, null, false);
        return this;
    }

    public ServiceSpec build() {
        return new ServiceSpec(name, image, null, command, entrypoint, environment, List.of(), ports, expose, volumes,
                networks, null, dependsOn, healthcheck, restart, labels, null, null, null, null, null, null,
                stopGracePeriod, replicas, null, List.of(), List.of(), false, false, null, false, false, List.of(),
                List.of(), null, null, List.of(), List.of(), null, null, null, null, null);
    }
}
