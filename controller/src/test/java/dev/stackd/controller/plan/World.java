package dev.stackd.controller.plan;

import dev.stackd.api.model.NetworkSpec;
import dev.stackd.api.model.ServiceSpec;
import dev.stackd.api.model.StackSpec;
import dev.stackd.controller.engine.Labels;
import dev.stackd.controller.engine.Names;
import dev.stackd.controller.observe.ComposeProject;
import dev.stackd.controller.observe.ComposeProject.ComposeContainer;
import dev.stackd.controller.engine.ContainerSettings;
import dev.stackd.controller.engine.ObservedContainer;
import dev.stackd.controller.observe.Observer;
import dev.stackd.controller.engine.ObservedContainer.Health;
import dev.stackd.controller.engine.ObservedContainer.ObservedEndpoint;
import dev.stackd.controller.engine.ObservedContainer.State;
import dev.stackd.controller.engine.ObservedNetwork;
import dev.stackd.controller.observe.ObservedState;
import dev.stackd.controller.observe.ObservedState.RestartRecord;
import dev.stackd.controller.engine.ObservedVolume;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/** A hand-made observation: start from nothing or from a stack that runs exactly as specified, then break things. */
final class World {
    static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    /** The time between two passes of {@link #converge}: longer than a rollout's default monitor (5 s). */
    static final java.time.Duration PASS = java.time.Duration.ofSeconds(10);

    private final String stack;
    private final Map<String, ObservedContainer> containers = new TreeMap<>();
    private final Map<String, ObservedNetwork> networks = new HashMap<>();
    private final Map<String, ObservedVolume> volumes = new HashMap<>();
    private final Map<String, String> images = new HashMap<>();
    private final Map<ObservedState.Replica, RestartRecord> restarts = new HashMap<>();
    private final Map<String, Instant> restartRequests = new HashMap<>();
    private final Map<String, ComposeContainer> composeContainers = new TreeMap<>();
    private final Map<String, ObservedNetwork> composeNetworks = new TreeMap<>();
    private final Map<String, ObservedVolume> composeVolumes = new TreeMap<>();
    private boolean adopt;
    /** The time of the next observation: NOW, moved on by {@link #converge} (a rollout waits for time to pass). */
    private Instant now = NOW;
    /** Containers created so far: a new container gets a new ID, as the engine gives it. */
    private int created;

    private World(String stack) {
        this.stack = stack;
    }

    static World empty(StackSpec desired) {
        return new World(desired.name());
    }

    /** Every object present, every container running its current spec on every network with every alias. */
    static World converged(StackSpec desired) {
        var w = new World(desired.name());
        desired.networks().forEach((key, n) -> w.networks.put(n.name(), observed("id-" + n.name(), n,
                n.external() ? Map.of() : ObjectLabels.network(desired.name(), key, n))));
        desired.volumes().forEach((key, v) -> w.volumes.put(v.name(), new ObservedVolume(v.name(), v.driver() == null ? "local" : v.driver(),
                v.driverOpts(), v.external() ? Map.of() : ObjectLabels.volume(desired.name(), key, v))));
        for (var s : desired.services().values()) {
            w.images.put(Names.image(desired.name(), s), imageId(Names.image(desired.name(), s)));
            for (int r = 1; r <= s.replicas(); r++) w.add(running(desired, s, r));
        }
        return w;
    }

    /** A network as the engine reports it after creating it from the spec: its defaults filled in (bridge, one subnet). */
    static ObservedNetwork observed(String id, NetworkSpec n, Map<String, String> labels) {
        var subnets = n.ipam() == null || n.ipam().config().isEmpty()
                ? List.of(new ObservedNetwork.Subnet("172.20.0.0/16", null, "172.20.0.1"))
                : n.ipam().config().stream().map(c -> new ObservedNetwork.Subnet(c.subnet(), c.ipRange(), c.gateway())).toList();
        return new ObservedNetwork(id, n.name(), n.driver() == null ? "bridge" : n.driver(), n.internal(), n.attachable(),
                Boolean.TRUE.equals(n.enableIpv6()), n.driverOpts(), subnets, labels);
    }

    static String imageId(String ref) {
        return "sha256:" + ref.replaceAll("[^a-z0-9]", "");
    }

    /** A running container as stackd would have made it for replica r of s. */
    static ObservedContainer running(StackSpec desired, ServiceSpec s, int replica) {
        String name = Names.container(desired.name(), s, replica);
        var endpoints = new HashMap<String, ObservedEndpoint>();
        if (s.networkMode() == null) {
            s.networks().forEach((key, sn) -> {
                String network = ContainerRequests.networkName(desired, key);
                var aliases = new ArrayList<>(ContainerRequests.aliases(s, sn));
                aliases.add("c0ffee" + replica); // the engine adds the short ID: extra aliases are fine
                endpoints.put(network, new ObservedEndpoint("id-" + network, aliases, sn.ipv4Address()));
            });
        }
        String ref = Names.image(desired.name(), s);
        // service:X joined X's first container (by ID, "cid-" + its name here)
        String shared = s.networkModeService() == null ? null
                : "container:cid-" + Names.container(desired.name(), desired.service(s.networkModeService()), 1);
        return new ObservedContainer("cid-" + name, name, ObjectLabels.container(desired.name(), s, replica, ServiceHash.of(s)),
                ref, imageId(ref), State.RUNNING, 0, Health.NONE, NOW.minusSeconds(3600), null, 0, false, endpoints,
                List.copyOf(ContainerRequests.volumeNames(desired, s).values()), shared,
                joined(desired, s.pid()), joined(desired, s.ipc()));
    }

    /** pid/ipc "service:X" as the engine records it: X's first container by ID ("cid-" + its name here). */
    private static String joined(StackSpec desired, String mode) {
        if (mode == null || !mode.startsWith("service:")) return null;
        return "container:cid-" + Names.container(desired.name(), desired.service(mode.substring("service:".length())), 1);
    }

    /** A "container:NAME" pid or ipc mode resolved by the engine at create: the ID of the container of that name now. */
    private String byId(String mode) {
        if (mode == null || !mode.startsWith("container:")) return null;
        var c = containers.get(mode.substring("container:".length()));
        return c == null ? mode : "container:" + c.id();
    }

    World add(ObservedContainer c) {
        containers.put(c.name(), c);
        return this;
    }

    World change(String container, Consumer<Box> change) {
        var c = containers.remove(container);
        if (c == null) throw new IllegalArgumentException("no container " + container);
        var box = new Box(c);
        change.accept(box);
        containers.put(box.name, box.build());
        return this;
    }

    World removeContainer(String name) {
        if (containers.remove(name) == null) throw new IllegalArgumentException("no container " + name);
        return this;
    }

    World removeNetwork(String name) {
        networks.remove(name);
        return this;
    }

    World network(String name, Map<String, String> labels) {
        networks.put(name, new ObservedNetwork("id-" + name, name, "bridge", false, labels));
        return this;
    }

    World network(ObservedNetwork n) {
        networks.put(n.name(), n);
        return this;
    }

    World volume(ObservedVolume v) {
        volumes.put(v.name(), v);
        return this;
    }

    World removeVolume(String name) {
        volumes.remove(name);
        return this;
    }

    World volume(String name, Map<String, String> labels) {
        volumes.put(name, new ObservedVolume(name, "local", labels));
        return this;
    }

    World removeImage(String ref) {
        images.remove(ref);
        return this;
    }

    World image(String ref, String id) {
        images.put(ref, id);
        return this;
    }

    /**
     * What docker compose (v1 names: {@code p_web_1}; v2: {@code p-web-1}) made from the same spec: every network,
     * volume and container, labelled as compose labels them, with the settings compose gives them. The containers
     * replace stackd's.
     */
    static World composeMade(StackSpec desired, boolean v1) {
        var w = new World(desired.name());
        String p = desired.name();
        desired.networks().forEach((key, n) -> {
            if (n.external()) return;
            var net = observed("id-" + n.name(), n, Map.of(Labels.COMPOSE_PROJECT, p, Labels.COMPOSE_NETWORK, key));
            w.networks.put(n.name(), net);
            w.composeNetworks.put(n.name(), net);
        });
        desired.volumes().forEach((key, v) -> {
            if (v.external()) return;
            var vol = new ObservedVolume(v.name(), "local", v.driverOpts(), Map.of(Labels.COMPOSE_PROJECT, p, Labels.COMPOSE_VOLUME, key));
            w.volumes.put(v.name(), vol);
            w.composeVolumes.put(v.name(), vol);
        });
        for (var s : desired.services().values()) {
            w.images.put(Names.image(p, s), imageId(Names.image(p, s)));
            for (int r = 1; r <= s.replicas(); r++) {
                var stackd = running(desired, s, r);
                String name = v1 ? p + "_" + s.name() + "_" + r : stackd.name();
                var labels = new TreeMap<String, String>(s.labels());
                labels.put(Labels.COMPOSE_PROJECT, p);
                labels.put(Labels.COMPOSE_SERVICE, s.name());
                labels.put(Labels.COMPOSE_CONTAINER_NUMBER, Integer.toString(r));
                labels.put(Labels.COMPOSE_ONEOFF, "False");
                labels.put(Labels.COMPOSE_CONFIG_HASH, "0123abcd");
                var c = new ObservedContainer("compose-" + name, name, labels, stackd.image(), stackd.imageId(), State.RUNNING, 0,
                        Health.NONE, NOW.minusSeconds(7200), null, 0, false, stackd.networks(), stackd.volumes());
                w.composeContainers.put(name, new ComposeContainer(c, s.name(), r, settings(desired, s, c, labels)));
            }
        }
        return w;
    }

    /** The settings compose gives a container of s: the spec's own, nothing from the image (it sets nothing). */
    static ContainerSettings settings(StackSpec desired, ServiceSpec s, ObservedContainer c, Map<String, String> labels) {
        var mounts = new ArrayList<ContainerSettings.MountPoint>();
        for (var m : s.volumes()) {
            String source = "volume".equals(m.type()) && m.source() != null ? desired.volumes().get(m.source()).name() : m.source();
            mounts.add(new ContainerSettings.MountPoint(m.type(), source, m.target(), m.readOnly()));
        }
        var ports = new java.util.TreeSet<String>();
        s.ports().forEach(p -> ports.add(ContainerSettings.port(p.hostIp(), p.published() == null ? null : p.published().toString(),
                p.target() + "/" + (p.protocol() == null ? "tcp" : p.protocol()))));
        var env = new TreeMap<String, String>();
        s.environment().forEach((k, v) -> { if (v != null) env.put(k, v); });
        var h = s.healthcheck();
        var health = h == null ? null : new ContainerSettings.Health(h.test(), nanos(h.interval()), nanos(h.timeout()),
                nanos(h.startPeriod()), h.retries());
        var r = s.resources();
        return new ContainerSettings(c.imageId(), s.command(), s.entrypoint(), env, labels, mounts, ports,
                s.networkMode() != null ? s.networkMode() : (s.networks().isEmpty() ? "default" : desired.networks().get(s.networks().firstKey()).name()),
                s.restart() == null ? "no" : s.restart(), health, r.memoryBytes(), r.memoryReservationBytes(), r.nanoCpus(), r.pids(),
                s.user(), s.workingDir(), s.privileged(), s.readOnly(), s.init(), s.capAdd(), s.capDrop(), null);
    }

    private static Long nanos(java.time.Duration d) {
        return d == null ? null : d.toNanos();
    }

    /** Changes what compose made for one of its containers (its settings, as a test breaks them). */
    World composeSettings(String container, java.util.function.UnaryOperator<ContainerSettings> change) {
        var c = composeContainers.get(container);
        if (c == null) throw new IllegalArgumentException("no compose container " + container);
        composeContainers.put(container, new ComposeContainer(c.container(), c.service(), c.number(), change.apply(c.settings())));
        return this;
    }

    World composeNetwork(ObservedNetwork n) {
        networks.put(n.name(), n);
        composeNetworks.put(n.name(), n);
        return this;
    }

    World composeContainer(ComposeContainer c) {
        composeContainers.put(c.container().name(), c);
        return this;
    }

    /** The apply said --adopt. */
    World adopt(boolean adopt) {
        this.adopt = adopt;
        return this;
    }

    /** The last start of the container was refused: containerd kept its task (no backoff left to wait). */
    World staleTask(String container) {
        var c = containers.get(container);
        if (c == null) throw new IllegalArgumentException("no container " + container);
        this.restarts.put(ObservedState.Replica.of(c), new RestartRecord(1, NOW.minusSeconds(30), NOW.minusSeconds(20), true));
        return this;
    }

    /** The clock of the next observation moves on by d. */
    World advance(java.time.Duration d) {
        now = now.plus(d);
        return this;
    }

    /** The user asked for a restart of the service at {@code at} (stored desired state). */
    World restartRequested(String service, Instant at) {
        restartRequests.put(service, at);
        return this;
    }

    World restarts(String container, int restarts, Instant nextRetryAt) {
        var c = containers.get(container);
        if (c == null) throw new IllegalArgumentException("no container " + container);
        this.restarts.put(ObservedState.Replica.of(c), new RestartRecord(restarts, NOW.minusSeconds(30), nextRetryAt));
        return this;
    }

    /**
     * Level-triggered convergence on this world: plan, apply the plan as the engine would, plan again; the rendered
     * plans of each pass up to the first empty one, which must come within 6 passes.
     */
    static List<String> converge(Planner planner, StackSpec desired, World world) {
        var passes = new ArrayList<String>();
        for (int pass = 0; pass < 6; pass++) {
            var plan = planner.plan(desired, world.state());
            if (plan.isEmpty() && plan.notices().isEmpty()) return passes;
            passes.add(plan.render());
            for (var op : plan.operations())
                world.apply(op, s -> desired.service(s) != null && desired.service(s).healthcheck() != null);
            world.now = world.now.plus(PASS); // what a rollout's monitor waits for
        }
        throw new AssertionError("no convergence after 6 passes:\n" + String.join("\n", passes));
    }

    /** Does what the engine would do for one operation (enough for the planner's convergence tests). */
    World apply(Operation op, StackSpecLookup specs) {
        switch (op) {
            case Operation.Adopt a -> {
                var o = a.adopted();
                switch (o.kind()) {
                    case CONTAINER -> {
                        var c = composeContainers.remove(o.name());
                        add(Observer.owned(c.container(), stack, o));
                    }
                    case NETWORK -> networks.put(o.name(), Observer.owned(composeNetworks.remove(o.name()), stack));
                    case VOLUME -> volumes.put(o.name(), Observer.owned(composeVolumes.remove(o.name()), stack));
                }
            }
            case Operation.CreateNetwork n -> networks.put(n.request().spec().name(),
                    observed("id2-" + n.request().spec().name(), n.request().spec(), n.request().labels()));
            case Operation.RemoveNetwork n -> networks.remove(n.name());
            case Operation.CreateVolume v -> {
                var spec = v.request().spec();
                volume(new ObservedVolume(spec.name(), spec.driver() == null ? "local" : spec.driver(), spec.driverOpts(), v.request().labels()));
            }
            case Operation.RemoveVolume v -> volumes.remove(v.name());
            case Operation.PullImage p -> images.put(p.ref(), imageId(p.ref()));
            case Operation.BuildImage b -> images.put(b.request().tag(), imageId(b.request().tag()));
            case Operation.CreateContainer c -> {
                var r = c.request();
                var endpoints = new HashMap<String, ObservedEndpoint>();
                if (r.network() != null)
                    // as the engine reports it: no network ID until the container first starts
                    endpoints.put(r.network(), new ObservedEndpoint("", r.networkAliases(), r.ipv4Address()));
                String shared = r.networkMode() != null && r.networkMode().startsWith("container:") ? r.networkMode() : null;
                add(new ObservedContainer("cid-" + r.name() + "-" + (++created), r.name(), r.labels(), r.image(), images.get(r.image()),
                        State.CREATED, 0, Health.NONE, null, null, 0, false, endpoints, List.copyOf(r.volumeNames().values()), shared,
                        byId(r.pidMode()), byId(r.ipcMode())));
            }
            case Operation.StartContainer s -> change(s.container(), c -> {
                c.state = State.RUNNING;
                c.startedAt = now;
                c.networks.replaceAll((network, e) -> new ObservedEndpoint(networks.get(network).id(), e.aliases(), e.ipv4Address()));
                c.health = specs.hasHealthcheck(s.service()) ? Health.HEALTHY : Health.NONE;
            });
            case Operation.RestartContainer s -> change(s.container(), c -> {
                c.state = State.RUNNING;
                c.startedAt = now;
                c.health = specs.hasHealthcheck(s.service()) ? Health.HEALTHY : Health.NONE;
            });
            case Operation.StopContainer s -> change(s.container(), c -> c.exited(0));
            case Operation.RemoveContainer r -> removeContainer(r.container());
            case Operation.RenameContainer r -> change(r.container(), c -> c.name = r.newName());
            case Operation.ConnectNetwork n -> change(n.container(), c -> c.networks.put(n.network(),
                    new ObservedEndpoint(networks.get(n.network()).id(), n.aliases(), n.ipv4Address())));
            case Operation.DisconnectNetwork n -> change(n.container(), c -> c.networks.remove(n.network()));
        }
        return this;
    }

    interface StackSpecLookup {
        boolean hasHealthcheck(String service);
    }

    ObservedState state() {
        var compose = new ComposeProject(adopt, List.copyOf(composeContainers.values()),
                List.copyOf(composeNetworks.values()), List.copyOf(composeVolumes.values()));
        return new ObservedState(stack, List.copyOf(containers.values()), networks, volumes, images, restarts, now, compose,
                restartRequests);
    }

    /** A container being changed by a test. */
    static final class Box {
        String name;
        final Map<String, String> labels;
        String imageId;
        State state;
        int exitCode;
        Health health;
        Instant startedAt;
        Instant finishedAt;
        final Map<String, ObservedEndpoint> networks;
        final List<String> volumes;
        private final ObservedContainer from;

        Box(ObservedContainer c) {
            from = c;
            name = c.name();
            labels = new HashMap<>(c.labels());
            imageId = c.imageId();
            state = c.state();
            exitCode = c.exitCode();
            health = c.health();
            startedAt = c.startedAt();
            finishedAt = c.finishedAt();
            networks = new HashMap<>(c.networks());
            volumes = new ArrayList<>(c.volumes());
        }

        Box exited(int code) { state = State.EXITED; exitCode = code; return this; }
        Box replica(String value) { labels.put(Labels.REPLICA, value); return this; }

        ObservedContainer build() {
            return new ObservedContainer(from.id(), name, labels, from.image(), imageId, state, exitCode, health, startedAt,
                    finishedAt, from.restartCount(), from.oomKilled(), networks, volumes, from.networkMode(), from.pidMode(), from.ipcMode());
        }
    }
}
