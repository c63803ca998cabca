package dev.stackd.controller;

import dev.stackd.controller.docker.DockerJavaEngine;
import dev.stackd.controller.docker.Engine;
import dev.stackd.controller.docker.GuardedEngine;
import dev.stackd.controller.exec.EventSink;
import dev.stackd.controller.exec.Executor;
import dev.stackd.controller.loop.ControlLoop;
import dev.stackd.controller.loop.EngineEvents;
import dev.stackd.controller.loop.Reconciler;
import dev.stackd.controller.loop.RestartBackoff;
import dev.stackd.controller.loop.Schedules;
import dev.stackd.controller.loop.WorkQueue;
import dev.stackd.controller.observe.Observer;
import dev.stackd.controller.plan.Planner;
import dev.stackd.controller.store.EventDraft;
import dev.stackd.controller.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller process: the store, the engine behind its circuit breaker, the work queue and its workers, and
 * the triggers (engine events, the periodic resync, changes in the store). {@code serve} runs one; tests too.
 */
public final class Daemon implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Daemon.class);

    public record Config(Path dataDir, String dockerHost, Duration resync, int workers, int parallelism) {
        public static Config defaults(Path dataDir) {
            return new Config(dataDir, null, Duration.ofSeconds(30), 4, 8);
        }
    }

    private final Store store;
    private final GuardedEngine engine;
    private final WorkQueue queue = new WorkQueue();
    private final EngineEvents triggers;
    private final ControlLoop loop;
    private final Schedules schedules;
    private boolean ownsEngine;

    private Daemon(Config config, Store store, Engine rawEngine) {
        this.store = store;
        this.engine = new GuardedEngine(rawEngine);
        var clock = Clock.systemUTC();
        EventSink events = (stack, type, reason, service, object, message) ->
                store.record(new EventDraft(type, reason, stack, service, object, message));
        this.triggers = new EngineEvents(engine, queue::add, this::resyncAll);
        var reconciler = new Reconciler(store, new Observer(engine, clock), new Planner(),
                new Executor(engine, events, config.parallelism()), new RestartBackoff(), triggers, events, clock);
        this.loop = new ControlLoop(queue, reconciler, config.workers());
        this.schedules = new Schedules()
                .every("resync", config.resync(), this::resyncAll)
                .every("prune-events", Duration.ofHours(1), () -> store.prune(clock.instant()));
    }

    /** Opens the store (refusing a newer or corrupt one), connects to the engine, and starts the loop. */
    public static Daemon start(Config config) {
        var store = Store.open(config.dataDir());
        try {
            Engine engine = config.dockerHost() == null ? DockerJavaEngine.fromEnvironment()
                    : new DockerJavaEngine(java.net.URI.create(config.dockerHost()));
            var d = start(config, store, engine);
            d.ownsEngine = true;
            return d;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** Runs on a store and an engine the caller opened; close() closes the store but leaves the engine open. */
    public static Daemon start(Config config, Store store, Engine engine) {
        var d = new Daemon(config, store, engine);
        d.loop.start();
        d.triggers.start();
        d.resyncAll();
        d.schedules.start();
        log.info("started data-dir={} stacks={} resync={}s", config.dataDir(), store.list().size(), config.resync().toSeconds());
        return d;
    }

    /** Every stack goes in the queue: at start (adoption), on the resync, and when the engine comes back. */
    public void resyncAll() {
        for (var s : store.list()) queue.add(s.name());
    }

    public Store store() { return store; }
    public WorkQueue queue() { return queue; }
    public GuardedEngine engine() { return engine; }

    /** A change in the store is a trigger. */
    public void changed(String stack) {
        queue.add(stack);
    }

    /** Ready: the store is open, the engine answers, and its events reach us. */
    public boolean ready() {
        return engine.available() && triggers.connected();
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
        log.info("stopped");
    }
}
