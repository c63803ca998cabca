package dev.stackd.controller;

import dev.stackd.api.Manifests;
import dev.stackd.api.model.StackSpec;
import dev.stackd.controller.engine.dockerjava.DockerJavaEngine;
import dev.stackd.controller.event.EventType;
import dev.stackd.controller.http.Backend;
import dev.stackd.controller.logs.StackLogs;
import dev.stackd.controller.metrics.Metrics;
import dev.stackd.controller.observe.EngineCache;
import dev.stackd.controller.plan.Plan;
import dev.stackd.controller.engine.Engine;
import dev.stackd.controller.engine.GuardedEngine;
import dev.stackd.controller.exec.EventSink;
import dev.stackd.controller.exec.Executor;
import dev.stackd.controller.exec.OperationListener;
import dev.stackd.controller.loop.ControlLoop;
import dev.stackd.controller.loop.EngineEvents;
import dev.stackd.controller.reconcile.JobRunner;
import dev.stackd.controller.reconcile.Reconciler;
import dev.stackd.controller.reconcile.RestartBackoff;
import dev.stackd.controller.loop.HeapTrim;
import dev.stackd.controller.loop.Schedules;
import dev.stackd.controller.loop.WorkQueue;
import dev.stackd.controller.observe.Observer;
import dev.stackd.controller.plan.Planner;
import dev.stackd.controller.status.StackStatus;
import dev.stackd.controller.store.DataDirLock;
import dev.stackd.controller.event.EventDraft;
import dev.stackd.controller.event.ObjectRef;
import dev.stackd.controller.event.Reasons;
import dev.stackd.controller.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller process: the store, the engine behind its circuit breaker, the work queue and its workers, and
 * the triggers (engine events, the periodic resync, changes in the store). {@code serve} runs one; tests too.
 */
public final class Daemon implements Backend, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Daemon.class);
    /** /readyz pings the engine when no call reached it for this long: an idle daemon notices an outage too. */
    static final Duration READY_PROBE_AFTER = Duration.ofSeconds(2);

    /** @param cacheMaxAge how long an engine read is reused while no event says it changed (zero: never) */
    /** @param revisions how many applied generations each stack's history keeps (serve --revisions, 1 to 1000) */
    public record Config(Path dataDir, String dockerHost, Duration resync, int workers, int parallelism, Duration cacheMaxAge,
                         int revisions) {
        public Config(Path dataDir, String dockerHost, Duration resync, int workers, int parallelism, Duration cacheMaxAge) {
            this(dataDir, dockerHost, resync, workers, parallelism, cacheMaxAge, Store.DEFAULT_REVISIONS);
        }

        public Config(Path dataDir, String dockerHost, Duration resync, int workers, int parallelism) {
            this(dataDir, dockerHost, resync, workers, parallelism, Duration.ofSeconds(10));
        }

        public Config withRevisions(int revisions) {
            return new Config(dataDir, dockerHost, resync, workers, parallelism, cacheMaxAge, revisions);
        }

        public static Config defaults(Path dataDir) {
            return new Config(dataDir, null, Duration.ofSeconds(30), 4, 8);
        }
    }

    private final Config config;
    private final Store store;
    private final GuardedEngine engine;
    private DataDirLock lock; // held from open() to close(); none when the caller opened the store
    private final WorkQueue queue = new WorkQueue();
    private volatile EngineEvents triggers;
    private final ControlLoop loop;
    private final Schedules schedules;
    private boolean ownsEngine;
    private final Observer observer;
    private final Planner planner = new Planner();
    private final RestartBackoff backoff = new RestartBackoff();
    private final EventSink events;
    private final Metrics metrics = new Metrics();
    private final StackLogs logs;
    private final HeapTrim heapTrim = new HeapTrim(queue::depth);

    private Daemon(Config config, Store store, Engine rawEngine) {
        this.config = config;
        this.store = store;
        store.keepRevisions(config.revisions());
        this.engine = new GuardedEngine(rawEngine, metrics::engineError);
        var clock = Clock.systemUTC();
        this.events = event -> {
            store.record(event);
            metrics.event(event.reason());
        };
        var cache = new EngineCache(engine, clock, config.cacheMaxAge(), () -> triggers != null && triggers.connected());
        this.observer = new Observer(cache, clock);
        this.triggers = new EngineEvents(engine, queue::add, () -> {
            cache.invalidateAll(); // events were missed while the stream was down
            resyncAll();
        });
        triggers.tap(cache::onEvent);
        this.logs = new StackLogs(engine, store, triggers::listen);
        // a run's engine calls tell only their failures: its Job* events say the rest (no Created/Started/Removed per run)
        EventSink warnings = event -> {
            if (event.type() == EventType.Warning) events.record(event);
        };
        // every engine write is counted, and tells the heap trim that work happened
        OperationListener operations = (verb, ok, took) -> {
            metrics.operation(verb, ok, took);
            heapTrim.wrote();
        };
        var jobs = new JobRunner(store, new Executor(engine, warnings, config.parallelism(), operations), events);
        var reconciler = new Reconciler(store, observer, planner,
                new Executor(engine, events, config.parallelism(), operations, store::adopt), backoff, triggers, events, clock, jobs);
        this.loop = new ControlLoop(queue, reconciler::apply, config.workers(), metrics::reconcile);
        metrics.queueDepth(queue::depth);
        var conditions = reconciler.conditions();
        for (var s : store.list()) {
            if (!s.deleting()) conditions.seed(s.name(), s.statusJson()); // until the first reconcile: as last stored
        }
        metrics.stacksByCondition(StackStatus.CONDITION_TYPES, conditions::counts);
        this.schedules = new Schedules()
                .every("resync", config.resync(), () -> {
                    cache.refreshLists(); // a missed event is seen within one period, not a period plus the lists' age
                    resyncAll();
                })
                .every("prune-events", Duration.ofHours(1), () -> store.prune(clock.instant()))
                .every("trim-heap", Duration.ofSeconds(30), heapTrim);
    }

    /**
     * Locks the data dir (one daemon per data dir), opens the store (refusing a newer or corrupt one) and makes
     * the engine's client, without calling the engine: {@link #start()} does that, once the caller has what must
     * come first (the API's port). {@code engines} makes the engine from {@code --docker-host} (null: the default).
     */
    public static Daemon open(Config config, Function<String, Engine> engines) {
        var lock = DataDirLock.acquire(config.dataDir());
        Store store = null;
        try {
            store = Store.open(config.dataDir());
            var d = new Daemon(config, store, engines.apply(config.dockerHost()));
            d.ownsEngine = true;
            d.lock = lock;
            return d;
        } catch (RuntimeException e) {
            if (store != null) store.close();
            lock.close();
            throw e;
        }
    }

    /** The real engine: {@code dockerHost}, else DOCKER_HOST, else the local socket. Connects at the first call. */
    public static Engine dockerEngine(String dockerHost) {
        return dockerHost == null ? DockerJavaEngine.fromEnvironment() : new DockerJavaEngine(java.net.URI.create(dockerHost));
    }

    /** Runs on a store and an engine the caller opened; close() closes the store but leaves the engine open. */
    public static Daemon start(Config config, Store store, Engine engine) {
        return new Daemon(config, store, engine).start();
    }

    /** Starts the loop, the engine's event stream, the first resync of every stack, and the schedules. */
    public Daemon start() {
        loop.start();
        triggers.start();
        resyncAll();
        schedules.start();
        log.info("started data-dir={} stacks={} resync={}s", config.dataDir(), store.list().size(), config.resync().toSeconds());
        return this;
    }

    /** Every stack goes in the queue: at start (adoption), on the resync, and when the engine comes back. */
    public void resyncAll() {
        for (var s : store.list()) queue.add(s.name());
    }

    @Override
    public Store store() { return store; }
    public WorkQueue queue() { return queue; }
    public GuardedEngine engine() { return engine; }

    @Override
    public Plan plan(String stack) {
        var record = store.get(stack).orElseThrow(() -> new IllegalArgumentException("no stack " + stack));
        var spec = Manifests.stackFromJson(record.specJson());
        // as the reconciler plans it: with the generation's stored pauses and rollbacks
        var rollout = dev.stackd.controller.reconcile.StoredRollout.read(store, record, spec);
        var adoptions = store.adoptions(stack);
        return planner.plan(spec, observer.observe(stack, dev.stackd.controller.plan.RollbackSpec.effective(spec, rollout), adoptions)
                .withRestarts(backoff.snapshot(spec)).withRestartRequests(store.restartRequests(stack)).withRollout(rollout));
    }

    @Override
    public Plan planFor(StackSpec spec, boolean adopt) {
        var adoptions = store.adoptions(spec.name()).permitting(adopt);
        return planner.plan(spec, observer.observe(spec.name(), spec, adoptions).withRestarts(backoff.snapshot(spec))
                .withRestartRequests(store.restartRequests(spec.name())));
    }

    @Override
    public java.util.List<String> composeObjects(String stack) {
        return observer.composeProject(stack, store.adoptions(stack)).objects();
    }

    @Override
    public Metrics metrics() {
        return metrics;
    }

    @Override
    public StackLogs logs() {
        return logs;
    }

    /** A change in the store is a trigger. */
    @Override
    public void changed(String stack) {
        queue.add(stack);
    }

    /**
     * Ready: the store is open, the engine answers, and its events reach us. An outage counts from its first failed
     * call: the breaker opens only after several, and a daemon that backs off makes few calls while the engine is down.
     * An idle daemon makes none: asking pings the engine when it has been quiet for {@link #READY_PROBE_AFTER}, and
     * the answer shows in a later ask (this one does not wait for it).
     */
    @Override
    public boolean ready() {
        engine.probeIfQuiet(READY_PROBE_AFTER);
        return engine.available() && !engine.outage().down() && triggers.connected();
    }

    public long reconciles() {
        return loop.reconciles();
    }

    /** Graceful: stop taking work, let the reconcile in flight finish, leave every container running. */
    @Override
    public void close() {
        schedules.close();
        triggers.close();
        loop.close();
        if (ownsEngine) engine.close();
        store.close();
        if (lock != null) lock.close();
        log.info("stopped");
    }
}
