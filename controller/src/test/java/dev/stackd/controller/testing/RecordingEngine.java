package dev.stackd.controller.testing;

import dev.stackd.controller.engine.BuildRequest;
import dev.stackd.controller.engine.ContainerRequest;
import dev.stackd.controller.engine.Engine;
import dev.stackd.controller.engine.EngineException;
import dev.stackd.controller.engine.LogLine;
import dev.stackd.controller.engine.LogListener;
import dev.stackd.controller.engine.LogRequest;
import dev.stackd.controller.engine.NetworkRequest;
import dev.stackd.controller.engine.VolumeRequest;
import dev.stackd.controller.engine.ContainerSettings;
import dev.stackd.controller.engine.ObservedContainer;
import dev.stackd.controller.engine.ObservedContainer.Health;
import dev.stackd.controller.engine.ObservedContainer.ObservedEndpoint;
import dev.stackd.controller.engine.ObservedContainer.State;
import dev.stackd.controller.engine.ObservedNetwork;
import dev.stackd.controller.engine.ObservedVolume;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * An in-memory engine that records every call (sample-controller's fake client, for stackd): enough state for the
 * reconciler to converge against it, and a switch to make calls fail.
 */
public final class RecordingEngine implements Engine {
    /** The grace period of the last stop of each container (empty: the engine's default). */
    private final Map<String, java.util.Optional<Duration>> stopGrace = new java.util.HashMap<>();

    public synchronized java.util.Optional<Duration> stopGrace(String container) {
        var g = stopGrace.get(container);
        if (g == null) throw new IllegalStateException("container " + container + " was not stopped");
        return g;
    }

    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, ObservedContainer> containers = new LinkedHashMap<>();
    private final Map<String, ObservedNetwork> networks = new LinkedHashMap<>();
    private final Map<String, ObservedVolume> volumes = new LinkedHashMap<>();
    private final Map<String, String> images = new HashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile Predicate<String> failing = c -> false;
    private volatile Function<String, EngineException> failure = c -> new EngineException("injected failure: " + c, 500, null);
    private volatile boolean down;
    private volatile boolean listening = true;

    public RecordingEngine withImage(String ref) {
        images.put(ref, "sha256:" + Integer.toHexString(ref.hashCode()));
        return this;
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

    /** Changes a container behind stackd's back (as a user or a crash would). */
    public synchronized void mutate(String name, java.util.function.UnaryOperator<ObservedContainer> change) {
        var c = containers.get(name);
        if (c == null) throw new IllegalArgumentException("no container " + name);
        var changed = change.apply(c);
        if (changed == null) containers.remove(name);
        else containers.put(changed.name(), changed);
    }

    public synchronized void removeNetworkBehindBack(String name) {
        networks.remove(name);
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
            var n = networks.get(r.network());
            if (n == null) throw new EngineException("network " + r.network() + " not found", 404, null);
            nets.put(r.network(), new ObservedEndpoint(n.id(), r.networkAliases(), r.ipv4Address()));
        }
        var vols = new ArrayList<String>(r.volumeNames().values());
        String id = "c" + ids.incrementAndGet();
        containers.put(r.name(), new ObservedContainer(id, r.name(), r.labels(), r.image(), imageId, State.CREATED, 0,
                Health.NONE, null, null, 0, false, nets, vols));
        return id;
    }

    private ObservedContainer get(String nameOrId) {
        var c = containers.get(nameOrId);
        if (c == null) c = containers.values().stream().filter(x -> x.id().equals(nameOrId)).findFirst().orElse(null);
        if (c == null) throw new EngineException("no such container: " + nameOrId, 404, null);
        return c;
    }

    private ObservedContainer with(ObservedContainer c, State s, int exit, Instant started) {
        return new ObservedContainer(c.id(), c.name(), c.labels(), c.image(), c.imageId(), s, exit,
                s == State.RUNNING && c.health() == Health.UNHEALTHY ? Health.STARTING : c.health(),
                started, c.finishedAt(), c.restartCount(), false, c.networks(), c.volumes());
    }

    @Override public synchronized void startContainer(String c) { call("start container " + c); var x = get(c); containers.put(x.name(), with(x, State.RUNNING, 0, Instant.now())); }
    @Override public synchronized void stopContainer(String c, Duration g) { call("stop container " + c); stopGrace.put(c, java.util.Optional.ofNullable(g)); var x = get(c); endLogs(x.id()); containers.put(x.name(), with(x, State.EXITED, 0, x.startedAt())); }
    @Override public synchronized void restartContainer(String c, Duration g) { call("restart container " + c); var x = get(c); containers.put(x.name(), with(x, State.RUNNING, 0, Instant.now())); }
    @Override public synchronized void removeContainer(String c, boolean f) { call("remove container " + c); endLogs(get(c).id()); containers.remove(get(c).name()); }

    @Override
    public synchronized void renameContainer(String c, String n) {
        call("rename container " + c + " " + n);
        var x = get(c);
        containers.remove(x.name());
        containers.put(n, new ObservedContainer(x.id(), n, x.labels(), x.image(), x.imageId(), x.state(), x.exitCode(), x.health(),
                x.startedAt(), x.finishedAt(), x.restartCount(), x.oomKilled(), x.networks(), x.volumes()));
    }

    @Override
    public synchronized String createNetwork(NetworkRequest r) {
        call("create network " + r.spec().name());
        String id = "n" + ids.incrementAndGet();
        networks.put(r.spec().name(), new ObservedNetwork(id, r.spec().name(), r.spec().driver() == null ? "bridge" : r.spec().driver(),
                r.spec().internal(), r.labels()));
        return id;
    }

    @Override public synchronized void removeNetwork(String n) { call("remove network " + n); networks.remove(n); }

    @Override
    public synchronized void connectNetwork(String n, String c, List<String> aliases, String ip) {
        call("connect network " + n + " " + c + " " + aliases);
        var x = get(c);
        var net = networks.get(n);
        if (net == null) throw new EngineException("network " + n + " not found", 404, null);
        var nets = new HashMap<>(x.networks());
        nets.put(n, new ObservedEndpoint(net.id(), aliases, ip));
        containers.put(x.name(), new ObservedContainer(x.id(), x.name(), x.labels(), x.image(), x.imageId(), x.state(), x.exitCode(),
                x.health(), x.startedAt(), x.finishedAt(), x.restartCount(), x.oomKilled(), nets, x.volumes()));
    }

    @Override
    public synchronized void disconnectNetwork(String n, String c) {
        call("disconnect network " + n + " " + c);
        var x = get(c);
        var nets = new HashMap<>(x.networks());
        nets.remove(n);
        containers.put(x.name(), new ObservedContainer(x.id(), x.name(), x.labels(), x.image(), x.imageId(), x.state(), x.exitCode(),
                x.health(), x.startedAt(), x.finishedAt(), x.restartCount(), x.oomKilled(), nets, x.volumes()));
    }

    @Override public synchronized void createVolume(VolumeRequest r) { call("create volume " + r.spec().name()); volumes.put(r.spec().name(), new ObservedVolume(r.spec().name(), r.spec().driver() == null ? "local" : r.spec().driver(), r.spec().driverOpts(), r.labels())); }
    @Override public synchronized void removeVolume(String n) { call("remove volume " + n); volumes.remove(n); }
    @Override public synchronized void pullImage(String ref, Duration t) { call("pull image " + ref); throw new EngineException("pull access denied for " + ref, 404, null); }
    @Override public synchronized String buildImage(BuildRequest r, Duration t) { call("build image " + r.tag()); withImage(r.tag()); return images.get(r.tag()); }
    private volatile EventListener listener;

    @Override public AutoCloseable subscribe(EventListener l) { call("subscribe"); listener = l; return () -> l.onClosed(null); }

    /** A healthcheck's verdict, as the engine reports it: the container's health changes and a health_status event names it. */
    public void health(String name, Health health) {
        ObservedContainer c;
        synchronized (this) {
            c = get(name);
            containers.put(c.name(), new ObservedContainer(c.id(), c.name(), c.labels(), c.image(), c.imageId(), c.state(),
                    c.exitCode(), health, c.startedAt(), c.finishedAt(), c.restartCount(), c.oomKilled(), c.networks(), c.volumes()));
        }
        var l = listener;
        if (l != null) l.onEvent(new EngineEvent("container", "health_status: " + health.name().toLowerCase(java.util.Locale.ROOT),
                c.id(), c.labels()));
    }

    /** A running container put there directly (not through a create call), e.g. for a log stream to read. */
    public synchronized ObservedContainer runContainer(String name, Map<String, String> labels) {
        String id = "c" + ids.incrementAndGet();
        var c = new ObservedContainer(id, name, labels, "img", "sha256:img", State.RUNNING, 0, Health.NONE, Instant.now(), null, 0,
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
    @Override public void close() {}
}
