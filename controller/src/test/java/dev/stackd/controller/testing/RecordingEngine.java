package dev.stackd.controller.testing;

import dev.stackd.api.model.NetworkSpec;
import dev.stackd.api.model.ServiceSpec;
import dev.stackd.api.model.StackSpec;
import dev.stackd.controller.engine.BuildRequest;
import dev.stackd.controller.engine.ContainerRequest;
import dev.stackd.controller.engine.ContainerSettings;
import dev.stackd.controller.engine.Engine;
import dev.stackd.controller.engine.EngineException;
import dev.stackd.controller.engine.Labels;
import dev.stackd.controller.engine.LogLine;
import dev.stackd.controller.engine.LogListener;
import dev.stackd.controller.engine.LogRequest;
import dev.stackd.controller.engine.Names;
import dev.stackd.controller.engine.NetworkRequest;
import dev.stackd.controller.engine.ObservedContainer;
import dev.stackd.controller.engine.ObservedContainer.Health;
import dev.stackd.controller.engine.ObservedContainer.ObservedEndpoint;
import dev.stackd.controller.engine.ObservedContainer.State;
import dev.stackd.controller.engine.ObservedNetwork;
import dev.stackd.controller.engine.ObservedVolume;
import dev.stackd.controller.engine.VolumeRequest;
import dev.stackd.controller.exec.AdoptionLog;
import dev.stackd.controller.observe.AdoptedObject;
import dev.stackd.controller.observe.ComposeProject;
import dev.stackd.controller.observe.ComposeProject.ComposeContainer;
import dev.stackd.controller.observe.ObservedState;
import dev.stackd.controller.observe.ObservedState.RestartRecord;
import dev.stackd.controller.observe.Observer;
import dev.stackd.controller.plan.ContainerRequests;
import dev.stackd.controller.plan.ObjectLabels;
import dev.stackd.controller.plan.Operation;
import dev.stackd.controller.plan.Plan;
import dev.stackd.controller.plan.Planner;
import dev.stackd.controller.plan.ServiceHash;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The one fake engine of the tests (sample-controller's fake client, for stackd): an in-memory engine that records
 * every call, with a switch to make calls fail. The reconciler, executor and daemon tests run against it; the pure
 * planner tests build one by hand ({@link #empty}, {@link #converged}, {@link #composeMade}, then break things) and take
 * the {@link #state() observed state} from it, and their convergence tests make each plan's calls on it
 * ({@link #run}).
 */
public final class RecordingEngine implements Engine, AdoptionLog {
    /** The time of the planner tests' worlds: the clock of a hand-made engine starts here. */
    public static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    /** The time between two passes of {@link #converge}: longer than a rollout's default monitor (5 s). */
    public static final Duration PASS = Duration.ofSeconds(10);

    /** The grace period of the last stop of each container (empty: the engine's default). */
    private final Map<String, Optional<Duration>> stopGrace = new HashMap<>();

    public synchronized Optional<Duration> stopGrace(String container) {
        var g = stopGrace.get(container);
        if (g == null) throw new IllegalStateException("container " + container + " was not stopped");
        return g;
    }

    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, ObservedContainer> containers = new LinkedHashMap<>();
    private final Map<String, ObservedNetwork> networks = new LinkedHashMap<>();
    private final Map<String, ObservedVolume> volumes = new LinkedHashMap<>();
    private final Map<String, String> images = new HashMap<>();
    /** How many containers of each name were created: a new container gets a new ID, as the engine gives it. */
    private final Map<String, Integer> created = new HashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile Predicate<String> failing = c -> false;
    private volatile Function<String, EngineException> failure = c -> new EngineException("injected failure: " + c, 500, null);
    private volatile boolean down;
    private volatile boolean listening = true;
    /** A pull succeeds (the planner tests' worlds) or is denied (the test machine has no registry). */
    private volatile boolean registry;
    private final Clock clock;

    // what the planner's observed state carries beside the engine's objects (the store's and the reconciler's)
    private String stack;
    private final Map<ObservedState.Replica, RestartRecord> restarts = new HashMap<>();
    private final Map<String, Instant> restartRequests = new HashMap<>();
    /** What the store says of the rollout: its generation, when applied, what it updated, its stored holds. */
    private dev.stackd.controller.observe.RolloutState rollout = dev.stackd.controller.observe.RolloutState.NONE;
    private final Map<String, AdoptedObject> adopted = new HashMap<>();
    private boolean adopt;

    /** An empty engine on the system clock, no registry. */
    public RecordingEngine() {
        this(Clock.systemUTC());
    }

    public RecordingEngine(Clock clock) {
        this.clock = clock;
    }

    public RecordingEngine withImage(String ref) {
        synchronized (this) {
            images.put(ref, idOfImage(ref));
        }
        return this;
    }

    /** The ID an image of this reference gets here. */
    static String idOfImage(String ref) {
        return "sha256:" + ref.replaceAll("[^a-z0-9]", "");
    }

    /** Calls whose recorded text matches fail with a 500. */
    public void failWhen(Predicate<String> call) {
        failWhen(call, c -> new EngineException("injected failure: " + c, 500, null));
    }

    /** Calls whose recorded text matches fail with the error made from that text. */
    public void failWhen(Predicate<String> call, Function<String, EngineException> error) {
        failure = error;
        failing = call;
    }

    /** The engine stops answering (status 0) until {@code down(false)}. */
    public void down(boolean down) {
        this.down = down;
    }

    /** The engine is shutting down: it takes no new connection, while calls on open ones still go through. */
    public void listening(boolean listening) {
        this.listening = listening;
    }

    /** The calls that change something, in order ("create container x", "start container x", ...). */
    public List<String> writes() {
        synchronized (calls) {
            return calls.stream().filter(c -> !c.startsWith("list") && !c.startsWith("inspect") && !c.startsWith("version")).toList();
        }
    }

    public List<String> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    public void clearCalls() {
        calls.clear();
    }

    public synchronized Optional<ObservedContainer> container(String name) {
        return Optional.ofNullable(containers.get(name));
    }

    /** Changes a container behind stackd's back (as a user or a crash would), field by field. */
    public synchronized RecordingEngine change(String container, Consumer<Box> change) {
        update(container, change);
        return this;
    }

    private synchronized void call(String text) {
        calls.add(text);
        if (down) throw new EngineException("connection refused", 0, null);
        if (failing.test(text)) throw failure.apply(text);
        var then = afterCall.remove(text);
        if (then != null) then.run();
    }

    private final Map<String, Runnable> afterCall = new HashMap<>();

    /** Runs {@code then} once, right after the call recorded as {@code text} (an engine that changes mid-plan). */
    public synchronized void after(String text, Runnable then) {
        afterCall.put(text, then);
    }

    /** Not a call (it opens and closes a socket): not recorded. */
    @Override public boolean acceptsConnections() { return !down && listening; }
    @Override public String serverVersion() { call("version"); return "fake"; }

    @Override
    public synchronized List<ContainerSummary> listContainerSummaries(String labelKey, String labelValue) {
        call("list containers " + labelKey + "=" + labelValue);
        return containers.values().stream()
                .filter(c -> c.labels().containsKey(labelKey) && (labelValue == null || labelValue.equals(c.labels().get(labelKey))))
                .map(c -> new ContainerSummary(c.id(), c.name(), c.state().name().toLowerCase(), c.labels()))
                .toList();
    }

    @Override
    public synchronized Optional<ObservedContainer> inspectContainer(String id) {
        call("inspect container " + id);
        return containers.values().stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /** Settings a test gave a container (compose's, to adopt); empty for the others. */
    private final Map<String, ContainerSettings> settings = new HashMap<>();

    public synchronized void settings(String id, ContainerSettings s) {
        settings.put(id, s);
    }

    @Override
    public synchronized Optional<ContainerSettings> containerSettings(String id) {
        call("inspect settings " + id);
        return containers.values().stream().anyMatch(c -> c.id().equals(id)) ? Optional.ofNullable(settings.get(id)) : Optional.empty();
    }

    /** How many calls whose text starts with {@code prefix} were made. */
    public long count(String prefix) {
        synchronized (calls) {
            return calls.stream().filter(c -> c.startsWith(prefix)).count();
        }
    }

    @Override public synchronized List<ObservedNetwork> listNetworks() { call("list networks"); return List.copyOf(networks.values()); }
    @Override public synchronized List<ObservedVolume> listVolumes() { call("list volumes"); return List.copyOf(volumes.values()); }
    @Override public synchronized Optional<String> imageId(String ref) { call("inspect image " + ref); return Optional.ofNullable(images.get(ref)); }

    @Override
    public synchronized String createContainer(ContainerRequest r) {
        call("create container " + r.name());
        if (containers.containsKey(r.name())) throw new EngineException("name in use: " + r.name(), 409, null);
        String imageId = images.get(r.image());
        if (imageId == null) throw new EngineException("no such image: " + r.image(), 404, null);
        var nets = new HashMap<String, ObservedEndpoint>();
        if (r.network() != null) {
            if (!networks.containsKey(r.network())) throw new EngineException("network " + r.network() + " not found", 404, null);
            // as the engine reports it: no network ID until the container first starts
            nets.put(r.network(), new ObservedEndpoint("", r.networkAliases(), r.ipv4Address()));
        }
        String shared = r.networkMode() != null && r.networkMode().startsWith("container:") ? r.networkMode() : null;
        String id = "cid-" + r.name() + "-" + created.merge(r.name(), 1, Integer::sum);
        containers.put(r.name(), new ObservedContainer(id, r.name(), r.labels(), r.image(), imageId, State.CREATED, 0,
                Health.NONE, null, null, 0, false, nets, List.copyOf(r.volumeNames().values()), shared,
                byId(r.pidMode()), byId(r.ipcMode()), clock.instant()));
        return id;
    }

    /** A "container:NAME" pid or ipc mode, resolved by the engine at create: the ID of the container of that name now. */
    private String byId(String mode) {
        if (mode == null || !mode.startsWith("container:")) return null;
        var c = containers.get(mode.substring("container:".length()));
        return c == null ? mode : "container:" + c.id();
    }

    private ObservedContainer get(String nameOrId) {
        var c = containers.get(nameOrId);
        if (c == null) c = containers.values().stream().filter(x -> x.id().equals(nameOrId)).findFirst().orElse(null);
        if (c == null) throw new EngineException("no such container: " + nameOrId, 404, null);
        return c;
    }

    /** Changes the container of this name or ID in place (its name may change). */
    private void update(String nameOrId, Consumer<Box> change) {
        var c = get(nameOrId);
        var box = new Box(c);
        change.accept(box);
        if (!box.name.equals(c.name())) containers.remove(c.name()); // else it keeps its place in the listing
        containers.put(box.name, box.build());
    }

    /**
     * Running from now, exit code reset, on its networks (the engine gives the endpoints their IDs at the first start).
     * A healthcheck's verdict is kept, but a new run is no longer unhealthy: the engine does not run the checks (see
     * {@link #health}).
     */
    private void runFromNow(Box c) {
        c.state = State.RUNNING;
        c.exitCode = 0;
        c.startedAt = clock.instant();
        c.oomKilled = false;
        if (c.health == Health.UNHEALTHY) c.health = Health.STARTING;
        c.networks.replaceAll((network, e) -> networks.containsKey(network)
                ? new ObservedEndpoint(networks.get(network).id(), e.aliases(), e.ipv4Address()) : e);
    }

    @Override public synchronized void startContainer(String c) { call("start container " + c); update(c, this::runFromNow); }

    @Override
    public synchronized void stopContainer(String c, Duration g) {
        call("stop container " + c);
        stopGrace.put(c, Optional.ofNullable(g));
        endLogs(get(c).id());
        update(c, x -> x.exited(0));
    }

    @Override public synchronized void restartContainer(String c, Duration g) { call("restart container " + c); update(c, this::runFromNow); }
    @Override public synchronized void removeContainer(String c, boolean f) { call("remove container " + c); endLogs(get(c).id()); containers.remove(get(c).name()); }
    @Override public synchronized void renameContainer(String c, String n) { call("rename container " + c + " " + n); update(c, x -> x.name = n); }

    @Override
    public synchronized String createNetwork(NetworkRequest r) {
        call("create network " + r.spec().name());
        String id = "nid" + ids.incrementAndGet() + "-" + r.spec().name();
        networks.put(r.spec().name(), observed(id, r.spec(), r.labels()));
        return id;
    }

    @Override public synchronized void removeNetwork(String n) { call("remove network " + n); networks.remove(n); }

    @Override
    public synchronized void connectNetwork(String n, String c, List<String> aliases, String ip) {
        call("connect network " + n + " " + c + " " + aliases);
        var net = networks.get(n);
        if (net == null) throw new EngineException("network " + n + " not found", 404, null);
        update(c, x -> x.networks.put(n, new ObservedEndpoint(net.id(), aliases, ip)));
    }

    @Override public synchronized void disconnectNetwork(String n, String c) { call("disconnect network " + n + " " + c); update(c, x -> x.networks.remove(n)); }

    @Override
    public synchronized void createVolume(VolumeRequest r) {
        call("create volume " + r.spec().name());
        var spec = r.spec();
        volumes.put(spec.name(), new ObservedVolume(spec.name(), spec.driver() == null ? "local" : spec.driver(), spec.driverOpts(), r.labels()));
    }

    @Override public synchronized void removeVolume(String n) { call("remove volume " + n); volumes.remove(n); }

    @Override
    public synchronized void pullImage(String ref, Duration t) {
        call("pull image " + ref);
        if (!registry) throw new EngineException("pull access denied for " + ref, 404, null);
        images.put(ref, idOfImage(ref));
    }

    @Override public synchronized String buildImage(BuildRequest r, Duration t) { call("build image " + r.tag()); withImage(r.tag()); return images.get(r.tag()); }
    private volatile EventListener listener;

    @Override public AutoCloseable subscribe(EventListener l) { call("subscribe"); listener = l; return () -> l.onClosed(null); }

    /** A healthcheck's verdict, as the engine reports it: the container's health changes and a health_status event names it. */
    public void health(String name, Health health) {
        ObservedContainer c;
        synchronized (this) {
            update(name, x -> x.health = health);
            c = get(name);
        }
        var l = listener;
        if (l != null) l.onEvent(new EngineEvent("container", "health_status: " + health.name().toLowerCase(java.util.Locale.ROOT),
                c.id(), c.labels()));
    }

    /** A running container put there directly (not through a create call), e.g. for a log stream to read. */
    public synchronized ObservedContainer runContainer(String name, Map<String, String> labels) {
        String id = "c" + ids.incrementAndGet();
        var c = new ObservedContainer(id, name, labels, "img", "sha256:img", State.RUNNING, 0, Health.NONE, clock.instant(), null, 0,
                false, Map.of(), List.of());
        containers.put(name, c);
        return c;
    }

    private final Map<String, List<LogLine>> logs = new HashMap<>();
    private final Map<String, List<LogFollower>> followers = new HashMap<>();

    /** The container (name or ID) writes a line; followed streams of it get it too. */
    public void log(String container, LogLine line) {
        List<LogFollower> to;
        synchronized (this) {
            String id = get(container).id();
            logs.computeIfAbsent(id, k -> new ArrayList<>()).add(line);
            to = List.copyOf(followers.getOrDefault(id, List.of()));
        }
        for (var f : to) f.queue.add(line);
    }

    /** How many log streams are open now (read by their reader threads). */
    public synchronized int openLogStreams() {
        return followers.values().stream().mapToInt(List::size).sum();
    }

    /**
     * What the engine keeps (since counts whole seconds, as the engine's API does), then, following, what the
     * container writes until it stops or goes. Each stream is read by a thread of its own, as docker-java's are.
     */
    @Override
    public AutoCloseable logs(String container, LogRequest request, LogListener listener) {
        var f = new LogFollower(listener);
        synchronized (this) {
            call("logs " + container);
            String id = get(container).id();
            var kept = logs.getOrDefault(id, List.of()).stream()
                    .filter(l -> request.since() == null || l.time() == null
                            || l.time().getEpochSecond() >= request.since().getEpochSecond())
                    .toList();
            if (request.tail() != null) kept = kept.subList(Math.max(0, kept.size() - request.tail()), kept.size());
            f.queue.addAll(kept);
            if (request.follow()) {
                f.followed = id;
                followers.computeIfAbsent(id, k -> new ArrayList<>()).add(f);
            } else {
                f.queue.add(LogFollower.END);
            }
        }
        f.thread = Thread.ofVirtual().name("test-engine-logs").start(f::run);
        return f::close;
    }

    private synchronized void endLogs(String id) {
        for (var f : followers.getOrDefault(id, List.of())) f.queue.add(LogFollower.END);
    }

    private synchronized void forget(LogFollower f) {
        if (f.followed != null) followers.getOrDefault(f.followed, new ArrayList<>()).remove(f);
    }

    private final class LogFollower {
        static final LogLine END = new LogLine(LogLine.Output.STDOUT, null, "<end>", false);
        final java.util.concurrent.LinkedBlockingQueue<LogLine> queue = new java.util.concurrent.LinkedBlockingQueue<>();
        final LogListener listener;
        volatile String followed;
        volatile Thread thread;
        final java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();

        LogFollower(LogListener listener) {
            this.listener = listener;
        }

        void run() {
            try {
                for (LogLine l; (l = queue.take()) != END; ) listener.onLine(l);
            } catch (InterruptedException e) {
                // closed
            } finally {
                forget(this);
                if (ended.compareAndSet(false, true)) listener.onClosed(null);
            }
        }

        void close() {
            var t = thread;
            if (t != null) t.interrupt();
        }
    }
    // ---- the planner tests' worlds: objects put there by hand (no call recorded), then the observed state ----

    private RecordingEngine(String stack) {
        this(new MutableClock(NOW));
        this.stack = stack;
        this.registry = true;
    }

    /** Nothing exists yet; every image can be pulled. */
    public static RecordingEngine empty(StackSpec desired) {
        return new RecordingEngine(desired.name());
    }

    /** Every object present, every container running its current spec on every network with every alias. */
    public static RecordingEngine converged(StackSpec desired) {
        var w = new RecordingEngine(desired.name());
        desired.networks().forEach((key, n) -> w.networks.put(n.name(), observed("id-" + n.name(), n,
                n.external() ? Map.of() : ObjectLabels.network(desired.name(), key, n))));
        desired.volumes().forEach((key, v) -> w.volumes.put(v.name(), new ObservedVolume(v.name(), v.driver() == null ? "local" : v.driver(),
                v.driverOpts(), v.external() ? Map.of() : ObjectLabels.volume(desired.name(), key, v))));
        for (var s : desired.services().values()) {
            w.withImage(Names.image(desired.name(), s));
            for (int r = 1; r <= s.replicas(); r++) w.add(running(desired, s, r));
        }
        return w;
    }

    /**
     * What docker compose (v1 names: {@code p_web_1}; v2: {@code p-web-1}) made from the same spec: every network,
     * volume and container, labelled as compose labels them, with the settings compose gives them; nothing of stackd's.
     */
    public static RecordingEngine composeMade(StackSpec desired, boolean v1) {
        var w = new RecordingEngine(desired.name());
        String p = desired.name();
        desired.networks().forEach((key, n) -> {
            if (!n.external()) w.network(observed("id-" + n.name(), n, Map.of(Labels.COMPOSE_PROJECT, p, Labels.COMPOSE_NETWORK, key)));
        });
        desired.volumes().forEach((key, v) -> {
            if (!v.external())
                w.volume(new ObservedVolume(v.name(), "local", v.driverOpts(), Map.of(Labels.COMPOSE_PROJECT, p, Labels.COMPOSE_VOLUME, key)));
        });
        for (var s : desired.services().values()) {
            w.withImage(Names.image(p, s));
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
                w.composeContainer(new ComposeContainer(c, s.name(), r, settings(desired, s, c, labels)));
            }
        }
        return w;
    }

    /** A network as the engine reports it after creating it from the spec: its defaults filled in (bridge, one subnet). */
    public static ObservedNetwork observed(String id, NetworkSpec n, Map<String, String> labels) {
        var subnets = n.ipam() == null || n.ipam().config().isEmpty()
                ? List.of(new ObservedNetwork.Subnet("172.20.0.0/16", null, "172.20.0.1"))
                : n.ipam().config().stream().map(c -> new ObservedNetwork.Subnet(c.subnet(), c.ipRange(), c.gateway())).toList();
        return new ObservedNetwork(id, n.name(), n.driver() == null ? "bridge" : n.driver(), n.internal(), n.attachable(),
                Boolean.TRUE.equals(n.enableIpv6()), n.driverOpts(), subnets, labels);
    }

    /** A running container as stackd would have made it for replica r of s (its ID: "cid-" + its name). */
    public static ObservedContainer running(StackSpec desired, ServiceSpec s, int replica) {
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
        return new ObservedContainer("cid-" + name, name, ObjectLabels.container(desired.name(), s, replica, ServiceHash.of(s)),
                ref, idOfImage(ref), State.RUNNING, 0, Health.NONE, NOW.minusSeconds(3600), null, 0, false, endpoints,
                List.copyOf(ContainerRequests.volumeNames(desired, s).values()), joined(desired, s.networkModeService()),
                joined(desired, serviceOf(s.pid())), joined(desired, serviceOf(s.ipc())));
    }

    private static String serviceOf(String mode) {
        return mode == null || !mode.startsWith("service:") ? null : mode.substring("service:".length());
    }

    /** A namespace joined from service X, as the engine records it: X's first container by ID ("cid-" + its name). */
    private static String joined(StackSpec desired, String service) {
        return service == null ? null : "container:cid-" + Names.container(desired.name(), desired.service(service), 1);
    }

    /** The settings compose gives a container of s: the spec's own, nothing from the image (it sets nothing). */
    public static ContainerSettings settings(StackSpec desired, ServiceSpec s, ObservedContainer c, Map<String, String> labels) {
        var mounts = new ArrayList<ContainerSettings.MountPoint>();
        for (var m : s.volumes()) {
            String source = "volume".equals(m.type()) && m.source() != null ? desired.volumes().get(m.source()).name() : m.source();
            mounts.add(new ContainerSettings.MountPoint(m.type(), source, m.target(), m.readOnly()));
        }
        var ports = new TreeSet<String>();
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

    private static Long nanos(Duration d) {
        return d == null ? null : d.toNanos();
    }

    public synchronized RecordingEngine add(ObservedContainer c) {
        containers.put(c.name(), c);
        return this;
    }

    /** The container changes behind stackd's back (it ended, ...): null removes it. No call recorded. */
    public synchronized void mutate(String name, java.util.function.UnaryOperator<ObservedContainer> change) {
        var c = containers.get(name);
        if (c == null) throw new IllegalArgumentException("no container " + name);
        var changed = change.apply(c);
        containers.remove(name);
        if (changed != null) containers.put(changed.name(), changed);
    }

    /** The container is gone behind stackd's back (no call recorded); so are the others below. */
    public synchronized RecordingEngine withoutContainer(String name) {
        if (containers.remove(name) == null) throw new IllegalArgumentException("no container " + name);
        return this;
    }

    public synchronized RecordingEngine network(String name, Map<String, String> labels) {
        return network(new ObservedNetwork("id-" + name, name, "bridge", false, labels));
    }

    public synchronized RecordingEngine network(ObservedNetwork n) {
        networks.put(n.name(), n);
        return this;
    }

    public synchronized RecordingEngine withoutNetwork(String name) {
        networks.remove(name);
        return this;
    }

    public synchronized RecordingEngine volume(String name, Map<String, String> labels) {
        return volume(new ObservedVolume(name, "local", labels));
    }

    public synchronized RecordingEngine volume(ObservedVolume v) {
        volumes.put(v.name(), v);
        return this;
    }

    public synchronized RecordingEngine withoutVolume(String name) {
        volumes.remove(name);
        return this;
    }

    public synchronized RecordingEngine image(String ref, String id) {
        images.put(ref, id);
        return this;
    }

    public synchronized RecordingEngine withoutImage(String ref) {
        images.remove(ref);
        return this;
    }

    /** A container compose made (its labels say whose), with the settings an inspect reports. */
    public synchronized RecordingEngine composeContainer(ComposeContainer c) {
        add(c.container());
        if (c.settings() != null) settings.put(c.container().id(), c.settings());
        return this;
    }

    /** Changes what compose made for one of its containers (its settings, as a test breaks them). */
    public synchronized RecordingEngine composeSettings(String container, UnaryOperator<ContainerSettings> change) {
        String id = get(container).id();
        var s = settings.get(id);
        if (s == null) throw new IllegalArgumentException("no compose container " + container);
        settings.put(id, change.apply(s));
        return this;
    }

    /** The apply said --adopt. */
    public synchronized RecordingEngine adopt(boolean adopt) {
        this.adopt = adopt;
        return this;
    }

    /** As the store records an adoption (the executor's one operation that is no engine call): the object is the stack's now. */
    @Override
    public synchronized void adopted(String stack, AdoptedObject object) {
        adopted.put(object.kind() + " " + (object.kind() == AdoptedObject.Kind.VOLUME ? object.name() : object.id()), object);
    }

    /** The last start of the container was refused: containerd kept its task (no backoff left to wait). */
    public synchronized RecordingEngine staleTask(String container) {
        restarts.put(ObservedState.Replica.of(get(container)), new RestartRecord(1, NOW.minusSeconds(30), NOW.minusSeconds(20), true));
        return this;
    }

    /** The user asked for a restart of the service at {@code at} (stored desired state). */
    public synchronized RecordingEngine restartRequested(String service, Instant at) {
        restartRequests.put(service, at);
        return this;
    }

    /** The store's rollout state (generation, updated services, stored pauses and rollbacks). */
    public RecordingEngine rollout(dev.stackd.controller.observe.RolloutState rollout) {
        this.rollout = rollout;
        return this;
    }

    /** The reconciler's restart memory of the container's replica. */
    public synchronized RecordingEngine restarts(String container, int restarts, Instant nextRetryAt) {
        this.restarts.put(ObservedState.Replica.of(get(container)), new RestartRecord(restarts, NOW.minusSeconds(30), nextRetryAt));
        return this;
    }

    /** Moves the clock of a hand-made engine on (what a rollout's monitor waits for). */
    public RecordingEngine advance(Duration by) {
        if (!(clock instanceof MutableClock m)) throw new IllegalStateException("this engine runs on the system clock");
        m.advance(by);
        return this;
    }

    /** What the observer reports of this engine for the hand-made engine's stack. */
    public ObservedState state() {
        if (stack == null) throw new IllegalStateException("not a hand-made engine: no stack");
        return state(stack);
    }

    /**
     * What the observer reports of this engine for the stack, with the restart memory and requests given here:
     * docker compose's objects of the project apart (adoption candidates, their settings read when adopting), adopted
     * objects as the stack's own. Every other container is reported too, whoever owns it: the planner must leave
     * alone what is not the stack's.
     */
    public synchronized ObservedState state(String stack) {
        var owned = new ArrayList<ObservedContainer>();
        var candidates = new ArrayList<ComposeContainer>();
        for (var c : containers.values()) {
            var adoption = adopted.get("CONTAINER " + c.id());
            if (adoption != null) owned.add(Observer.owned(c, stack, adoption));
            else if (!composeOnly(c.labels(), stack)) owned.add(c);
            else if (!"True".equals(c.labels().get(Labels.COMPOSE_ONEOFF)))
                candidates.add(new ComposeContainer(c, c.labels().get(Labels.COMPOSE_SERVICE),
                        Integer.parseInt(c.labels().getOrDefault(Labels.COMPOSE_CONTAINER_NUMBER, "0")), adopt ? settings.get(c.id()) : null));
        }
        var nets = new HashMap<String, ObservedNetwork>();
        var composeNets = new ArrayList<ObservedNetwork>();
        for (var n : networks.values()) {
            if (adopted.containsKey("NETWORK " + n.id())) n = Observer.owned(n, stack);
            else if (composeOnly(n.labels(), stack)) composeNets.add(n);
            nets.put(n.name(), n);
        }
        var vols = new HashMap<String, ObservedVolume>();
        var composeVols = new ArrayList<ObservedVolume>();
        for (var v : volumes.values()) {
            if (adopted.containsKey("VOLUME " + v.name())) v = Observer.owned(v, stack);
            else if (composeOnly(v.labels(), stack)) composeVols.add(v);
            vols.put(v.name(), v);
        }
        owned.sort(Comparator.comparing(ObservedContainer::name));
        candidates.sort(Comparator.comparing(c -> c.container().name()));
        composeNets.sort(Comparator.comparing(ObservedNetwork::name));
        composeVols.sort(Comparator.comparing(ObservedVolume::name));
        return new ObservedState(stack, owned, nets, vols, images, restarts, clock.instant(),
                new ComposeProject(adopt, candidates, composeNets, composeVols), restartRequests, rollout);
    }

    /** Labelled as the project's by compose, and by no stackd stack (as the observer tells them). */
    private static boolean composeOnly(Map<String, String> labels, String stack) {
        return stack.equals(labels.get(Labels.COMPOSE_PROJECT)) && !labels.containsKey(Labels.STACK);
    }

    /**
     * Makes the plan's engine calls on this engine, one per operation in the plan's order (an adoption recorded as the
     * store records it), then the healthchecks of what it started pass at once: a (re)started container of a service
     * that {@code healthchecked} names is healthy, any other has no health. A call the engine refuses is left undone
     * and the next one made (the executor would skip the rest of that service; a test that needs that runs the
     * executor itself).
     *
     * @return the refused calls' errors, in order
     */
    public synchronized List<EngineException> run(Plan plan, Predicate<String> healthchecked) {
        var refused = new ArrayList<EngineException>();
        var started = new ArrayList<String>();
        for (var op : plan.operations()) {
            try {
                switch (op) {
                    case Operation.Adopt o -> adopted(plan.stack(), o.adopted());
                    case Operation.CreateNetwork o -> createNetwork(o.request());
                    case Operation.RemoveNetwork o -> removeNetwork(o.name());
                    case Operation.ConnectNetwork o -> connectNetwork(o.network(), o.container(), o.aliases(), o.ipv4Address(), o.links());
                    case Operation.DisconnectNetwork o -> disconnectNetwork(o.network(), o.container());
                    case Operation.CreateVolume o -> createVolume(o.request());
                    case Operation.RemoveVolume o -> removeVolume(o.name());
                    case Operation.PullImage o -> pullImage(o.ref(), null);
                    case Operation.BuildImage o -> buildImage(o.request(), null);
                    case Operation.CreateContainer o -> createContainer(o.request());
                    case Operation.StartContainer o -> { startContainer(o.container()); started.add(o.container()); }
                    case Operation.StopContainer o -> stopContainer(o.container(), o.grace());
                    case Operation.RestartContainer o -> { restartContainer(o.container(), o.grace()); started.add(o.container()); }
                    case Operation.RemoveContainer o -> removeContainer(o.container(), true);
                    case Operation.RenameContainer o -> renameContainer(o.container(), o.newName());
                }
            } catch (EngineException e) {
                refused.add(e);
            }
        }
        for (String name : started) {
            var c = containers.get(name);
            if (c == null || !c.isRunning()) continue;
            boolean healthy = c.service() != null && healthchecked.test(c.service());
            update(name, x -> x.health = healthy ? Health.HEALTHY : Health.NONE);
        }
        return refused;
    }

    /**
     * Level-triggered convergence on this engine: plan, run the plan, let {@link #PASS} go by, plan again; the
     * rendered plans of each pass up to the first empty one, which must come within 6 passes.
     */
    public static List<String> converge(Planner planner, StackSpec desired, RecordingEngine world) {
        var passes = new ArrayList<String>();
        for (int pass = 0; pass < 6; pass++) {
            var plan = planner.plan(desired, world.state());
            if (plan.isEmpty() && plan.notices().isEmpty()) return passes;
            passes.add(plan.render());
            world.run(plan, s -> desired.service(s) != null && desired.service(s).healthcheck() != null);
            world.advance(PASS);
        }
        throw new AssertionError("no convergence after 6 passes:\n" + String.join("\n", passes));
    }

    /** A container being changed by a test, field by field. */
    public static final class Box {
        public String name;
        public final Map<String, String> labels;
        public String imageId;
        public State state;
        public int exitCode;
        public Health health;
        public Instant startedAt;
        public Instant finishedAt;
        public Instant createdAt;
        public boolean oomKilled;
        public final Map<String, ObservedEndpoint> networks;
        public final List<String> volumes;
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
            createdAt = c.createdAt();
            oomKilled = c.oomKilled();
            networks = new HashMap<>(c.networks());
            volumes = new ArrayList<>(c.volumes());
        }

        public Box exited(int code) { state = State.EXITED; exitCode = code; return this; }
        public Box replica(String value) { labels.put(Labels.REPLICA, value); return this; }

        ObservedContainer build() {
            return new ObservedContainer(from.id(), name, labels, from.image(), imageId, state, exitCode, health, startedAt,
                    finishedAt, from.restartCount(), oomKilled, networks, volumes, from.networkMode(), from.pidMode(), from.ipcMode(),
                    createdAt);
        }
    }
    @Override public void close() {}
}
