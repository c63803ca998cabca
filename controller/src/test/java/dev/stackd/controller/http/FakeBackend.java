package dev.stackd.controller.http;

import dev.stackd.api.model.StackSpec;
import dev.stackd.controller.engine.Engine.EngineEvent;
import dev.stackd.controller.logs.StackLogs;
import dev.stackd.controller.metrics.Metrics;
import dev.stackd.controller.testing.RecordingEngine;
import java.time.Clock;
import java.time.Duration;
import dev.stackd.controller.plan.Operation;
import dev.stackd.controller.plan.Plan;
import dev.stackd.controller.store.Store;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A backend over a real store that records what the API asked of the controller. */
public final class FakeBackend implements Backend {
    final Store store;
    final Metrics metrics = new Metrics();
    public final List<String> changed = new CopyOnWriteArrayList<>();
    public volatile boolean ready = true;
    /** When set, {@link #plan} and {@link #planFor} throw it, as the engine behind them would. */
    public volatile RuntimeException planFailure;
    /** docker compose's objects per project name, as {@link #composeObjects} reports them. */
    public final java.util.Map<String, List<String>> compose = new java.util.concurrent.ConcurrentHashMap<>();
    /** When set, {@link #composeObjects} throws it, as the engine behind it would. */
    public volatile RuntimeException composeFailure;
    /** The adopt flag of each planFor call, in order. */
    public final List<Boolean> plannedAdopt = new CopyOnWriteArrayList<>();
    /** Runs on each {@link #changed}, e.g. to play the reconciler and write a status. */
    public volatile Consumer<String> onChanged = name -> { };

    /** The engine whose containers {@link #logs} reads: tests put containers and lines there. */
    public final RecordingEngine engine = new RecordingEngine();
    private final List<Consumer<EngineEvent>> engineListeners = new CopyOnWriteArrayList<>();
    private final StackLogs logs;

    FakeBackend(Store store) {
        this.store = store;
        // a short window: the tests' lines come in order anyway; a relist each second: a missed event costs little
        this.logs = new StackLogs(engine, store, l -> {
            engineListeners.add(l);
            return () -> engineListeners.remove(l);
        }, Clock.systemUTC(), Duration.ofMillis(20), Duration.ofSeconds(1));
    }

    /** An engine event, as the daemon's event stream hands it to its listeners. */
    public void fire(EngineEvent e) {
        for (var l : engineListeners) l.accept(e);
    }

    /** The same recording engine: an apply's pulls (?pull=) call it. */
    @Override
    public dev.stackd.controller.engine.Engine engine() {
        return engine;
    }

    @Override
    public StackLogs logs() {
        return logs;
    }

    @Override
    public Store store() {
        return store;
    }

    @Override
    public Plan plan(String stack) {
        if (planFailure != null) throw planFailure;
        return new Plan(stack, List.of(), List.of(), List.of(new Plan.ServiceStep("web", java.util.Set.of(),
                List.of(new Operation.StartContainer(stack + "-web-1", "web", "exited (code 1)")))), List.of(), List.of(), null);
    }

    @Override
    public Plan planFor(StackSpec spec, boolean adopt) {
        if (planFailure != null) throw planFailure;
        plannedAdopt.add(adopt);
        List<Operation> pulls = spec.services().values().stream()
                .<Operation>map(s -> new Operation.PullImage(s.image(), s.name(), "missing"))
                .toList();
        return new Plan(spec.name(), List.of(), pulls, List.of(), List.of(), List.of(), null);
    }

    @Override
    public List<String> composeObjects(String stack) {
        if (composeFailure != null) throw composeFailure;
        return compose.getOrDefault(stack, List.of());
    }

    @Override
    public void changed(String stack) {
        changed.add(stack);
        onChanged.accept(stack);
    }

    @Override
    public boolean ready() {
        return ready;
    }

    @Override
    public Metrics metrics() {
        return metrics;
    }
}
