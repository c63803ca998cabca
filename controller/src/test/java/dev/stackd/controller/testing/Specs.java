package dev.stackd.controller.testing;

import dev.stackd.api.model.ConfigSpec;
import dev.stackd.api.model.NetworkSpec;
import dev.stackd.api.model.SecretSpec;
import dev.stackd.api.model.ServiceSpec;
import dev.stackd.api.model.ServiceSpec.BuildSpec;
import dev.stackd.api.model.ServiceSpec.DependsOn;
import dev.stackd.api.model.ServiceSpec.FileReference;
import dev.stackd.api.model.ServiceSpec.HealthcheckSpec;
import dev.stackd.api.model.ServiceSpec.MountSpec;
import dev.stackd.api.model.ServiceSpec.PortSpec;
import dev.stackd.api.model.ServiceSpec.ServiceNetwork;
import dev.stackd.api.model.ServiceSpec.StackdSettings;
import dev.stackd.api.model.StackSpec;
import dev.stackd.api.model.VolumeSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Hand-made specs for tests (planner, reconciler, engine): what the compose parser would produce, built in a line.
 * Every field defaults to "not set", as the parser leaves it.
 */
public final class Specs {
    private Specs() {}

    public static Svc service(String name) {
        return new Svc(name);
    }

    public static Stack stack(String name) {
        return new Stack(name);
    }

    public static final class Svc {
        private final String name;
        private String image;
        private BuildSpec build;
        private final Map<String, ServiceNetwork> networks = new TreeMap<>();
        private String networkMode;
        private final Map<String, DependsOn> dependsOn = new TreeMap<>();
        private HealthcheckSpec healthcheck;
        private String restart;
        private final Map<String, String> labels = new TreeMap<>();
        private final Map<String, String> environment = new TreeMap<>();
        private String containerName;
        private Duration stopGracePeriod;
        private int replicas = 1;
        private final List<PortSpec> ports = new ArrayList<>();
        private final List<MountSpec> volumes = new ArrayList<>();
        private final List<FileReference> secrets = new ArrayList<>();
        private final List<FileReference> configs = new ArrayList<>();
        private String pullPolicy;
        private StackdSettings stackd;
        private List<String> command;
        private List<String> entrypoint;
        private final List<String> expose = new ArrayList<>();
        private SortedMap<String, String> sysctls = new TreeMap<>();

        private Svc(String name) {
            this.name = name;
        }

        public Svc image(String image) { this.image = image; return this; }
        public Svc build(String context) { this.build = new BuildSpec(context, "Dockerfile", new TreeMap<>(), null); return this; }
        public Svc network(String key, String... aliases) { networks.put(key, new ServiceNetwork(List.of(aliases), null, null)); return this; }
        public Svc network(String key, int priority, String ipv4) { networks.put(key, new ServiceNetwork(List.of(), ipv4, priority)); return this; }
        public Svc networkMode(String mode) { this.networkMode = mode; return this; }
        private String pid;
        private String ipc;
        public Svc pid(String mode) { this.pid = mode; return this; }
        public Svc ipc(String mode) { this.ipc = mode; return this; }
        public Svc dependsOn(String dep, String condition) { dependsOn.put(dep, new DependsOn(condition, false, true)); return this; }
        public Svc healthcheck() {
            this.healthcheck = new HealthcheckSpec(List.of("CMD", "true"), Duration.ofSeconds(5), Duration.ofSeconds(2), 3, null, null, false);
            return this;
        }
        public Svc healthcheck(Duration interval, String... test) {
            this.healthcheck = new HealthcheckSpec(List.of(test), interval, Duration.ofSeconds(5), 3, null, null, false);
            return this;
        }
        public Svc restart(String policy) { this.restart = policy; return this; }
        public Svc label(String k, String v) { labels.put(k, v); return this; }
        public Svc env(String k, String v) { environment.put(k, v); return this; }
        public Svc containerName(String n) { this.containerName = n; return this; }
        public Svc stopGrace(Duration d) { this.stopGracePeriod = d; return this; }
        public Svc replicas(int n) { this.replicas = n; return this; }
        public Svc port(int published, int target) { ports.add(new PortSpec(null, published, target, "tcp")); return this; }
        public Svc volume(String key, String target) { volumes.add(new MountSpec("volume", key, target, false, null, null, null)); return this; }
        public Svc secret(String key, String target) { secrets.add(new FileReference(key, target, null, null, null)); return this; }
        public Svc config(String key) { configs.add(new FileReference(key, null, null, null, null)); return this; }
        public Svc pullPolicy(String p) { this.pullPolicy = p; return this; }
        public Svc command(String... words) { this.command = List.of(words); return this; }
        /** No words: an empty entrypoint (the image's is reset). */
        public Svc entrypoint(String... words) { this.entrypoint = List.of(words); return this; }
        public Svc expose(String port) { expose.add(port); return this; }
        /** A published port: hostIp and published may be null (all addresses, an ephemeral port). */
        public Svc port(String hostIp, Integer published, int target) { ports.add(new PortSpec(hostIp, published, target, "tcp")); return this; }
        public Svc tmpfs(String target, long size) { volumes.add(new MountSpec("tmpfs", null, target, false, size, null, null)); return this; }
        public Svc sysctl(String k, String v) { sysctls.put(k, v); return this; }
        public Svc restartUnhealthy(boolean on) {
            var d = StackdSettings.DEFAULTS;
            this.stackd = new StackdSettings(on, d.backoffInitial(), d.backoffMax(), d.backoffReset());
            return this;
        }

        boolean hasNoNetworking() {
            return networks.isEmpty() && networkMode == null;
        }

        private dev.stackd.api.model.UpdateConfig update;

        /** deploy.update_config. */
        public Svc update(dev.stackd.api.model.UpdateConfig u) { this.update = u; return this; }

        public ServiceSpec spec() {
            ServiceSpec base = update == null ? legacy() : with(legacy(), "updateConfig", update);
            if (pid == null && ipc == null) return base;
            var dependsOn = new TreeMap<>(base.dependsOn());
            // as the loader: pid/ipc service:X is a dependency restarted with X
            for (String mode : java.util.Arrays.asList(pid, ipc)) {
                if (mode != null && mode.startsWith("service:"))
                    dependsOn.putIfAbsent(mode.substring("service:".length()), new ServiceSpec.DependsOn("service_started", true, true));
            }
            return with(with(with(base, "dependsOn", dependsOn), "pid", pid), "ipc", ipc);
        }

        private ServiceSpec legacy() {
            return new ServiceSpec(name, image, build, command, entrypoint, new TreeMap<>(environment), List.of(), ports, List.copyOf(expose), volumes,
                    new TreeMap<>(networks), networkMode, new TreeMap<>(dependsOn), healthcheck, restart, new TreeMap<>(labels), containerName,
                    null, null, null, null, null, stopGracePeriod, replicas, null, List.of(), List.of(), false, false, null,
                    false, false, List.of(), List.of(), new TreeMap<>(sysctls), new TreeMap<>(), secrets, configs, null, null, pullPolicy, null, stackd);
        }

        /** The record with one component replaced (the spec has too many components for a builder of every one). */
        private static ServiceSpec with(ServiceSpec spec, String component, Object value) {
            try {
                var components = ServiceSpec.class.getRecordComponents();
                var types = new Class<?>[components.length];
                var values = new Object[components.length];
                for (int i = 0; i < components.length; i++) {
                    types[i] = components[i].getType();
                    values[i] = components[i].getName().equals(component) ? value : components[i].getAccessor().invoke(spec);
                }
                return ServiceSpec.class.getDeclaredConstructor(types).newInstance(values);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public static final class Stack {
        private final String name;
        private final Map<String, ServiceSpec> services = new TreeMap<>();
        private final Map<String, NetworkSpec> networks = new TreeMap<>();
        private final Map<String, VolumeSpec> volumes = new TreeMap<>();
        private final Map<String, SecretSpec> secrets = new TreeMap<>();
        private final Map<String, ConfigSpec> configs = new TreeMap<>();

        private Stack(String name) {
            this.name = name;
        }

        /** As the parser does: a service without networks joins "default", which the stack then has. */
        public Stack service(Svc s) {
            if (s.hasNoNetworking()) {
                s.network("default");
                network("default");
            }
            services.put(s.name, s.spec());
            return this;
        }

        public Stack network(String key) {
            networks.put(key, new NetworkSpec(name + "_" + key, "bridge", new TreeMap<>(), false, false, false, null, null, new TreeMap<>()));
            return this;
        }

        /** A network with settings of its own; its name is the engine's. */
        public Stack network(String key, NetworkSpec n) {
            networks.put(key, n);
            return this;
        }

        public Stack volume(String key, VolumeSpec v) {
            volumes.put(key, v);
            return this;
        }

        public Stack externalNetwork(String key, String engineName) {
            networks.put(key, new NetworkSpec(engineName, null, new TreeMap<>(), false, false, true, null, null, new TreeMap<>()));
            return this;
        }

        public Stack volume(String key) {
            volumes.put(key, new VolumeSpec(name + "_" + key, "local", new TreeMap<>(), false, new TreeMap<>()));
            return this;
        }

        public Stack externalVolume(String key, String engineName) {
            volumes.put(key, new VolumeSpec(engineName, null, new TreeMap<>(), true, new TreeMap<>()));
            return this;
        }

        public Stack secret(String key, String file) {
            secrets.put(key, new SecretSpec(key, file, null));
            return this;
        }

        public Stack config(String key, String file) {
            configs.put(key, new ConfigSpec(key, file, null, null));
            return this;
        }

        public StackSpec spec() {
            return new StackSpec(name, new TreeMap<>(services), new TreeMap<>(networks), new TreeMap<>(volumes),
                    new TreeMap<>(secrets), new TreeMap<>(configs));
        }
    }
}
