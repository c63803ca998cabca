package dev.stackd.controller.exec;

import dev.stackd.controller.engine.Engine;
import dev.stackd.controller.engine.EngineException;
import dev.stackd.controller.event.EventDraft;
import dev.stackd.controller.event.Reasons;
import dev.stackd.controller.plan.Operation;
import dev.stackd.controller.plan.Operation.*;
import dev.stackd.controller.plan.Plan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a plan: one engine call per operation, no decisions of its own. Prune, infrastructure and cleanup run in
 * order; services run as soon as the services they come after are done, independent ones in parallel (bounded).
 * A failed operation stops the rest of its service and every service that comes after it; the others go on.
 */
public final class Executor {
    private static final Logger log = LoggerFactory.getLogger(Executor.class);
    private static final Duration PULL_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(30);

    private final Engine engine;
    private final EventSink events;
    private final int parallelism;
    private final OperationListener operations;
    private final AdoptionLog adoptions;

    public Executor(Engine engine, EventSink events, int parallelism) {
        this(engine, events, parallelism, OperationListener.NONE);
    }

    /** @param operations told about every engine call, for the per-verb metrics */
    public Executor(Engine engine, EventSink events, int parallelism, OperationListener operations) {
        this(engine, events, parallelism, operations, AdoptionLog.NONE);
    }

    /** @param adoptions records what a plan adopts from docker compose (the one operation that is no engine call) */
    public Executor(Engine engine, EventSink events, int parallelism, OperationListener operations, AdoptionLog adoptions) {
        this.engine = engine;
        this.events = events;
        this.parallelism = Math.max(1, parallelism);
        this.operations = operations;
        this.adoptions = adoptions;
    }

    /**
     * @throws EngineException (unavailable) before any call when the plan would start a container and the engine
     *         takes no new connection: it is shutting down (see {@link Engine#acceptsConnections()})
     */
    public Execution execute(Plan plan) {
        if (startsContainers(plan) && !engine.acceptsConnections()) {
            throw new EngineException("the engine takes no new connections (shutting down, or gone)", 0, null);
        }
        var run = new Run(plan.stack());
        boolean ok = run.sequence(plan.prune()) & run.sequence(plan.infrastructure());
        if (!ok) {
            for (var s : plan.services()) run.skipped.addAll(s.operations());
            run.skipped.addAll(plan.cleanup());
        } else {
            run.services(plan.services());
            run.sequence(plan.cleanup());
        }
        return new Execution(run.done, run.failed, run.skipped);
    }

    private static boolean startsContainers(Plan plan) {
        return plan.services().stream().flatMap(s -> s.operations().stream()).anyMatch(op ->
                op instanceof CreateContainer || op instanceof StartContainer || op instanceof RestartContainer);
    }

    private final class Run {
        final String stack;
        final List<Operation> done = Collections.synchronizedList(new ArrayList<>());
        final List<Execution.Failure> failed = Collections.synchronizedList(new ArrayList<>());
        final List<Operation> skipped = Collections.synchronizedList(new ArrayList<>());

        Run(String stack) {
            this.stack = stack;
        }

        /** Runs in order; after a failure the rest is skipped. True when all succeeded. */
        boolean sequence(List<Operation> ops) {
            for (int i = 0; i < ops.size(); i++) {
                if (!run(ops.get(i))) {
                    skipped.addAll(ops.subList(i + 1, ops.size()));
                    return false;
                }
            }
            return true;
        }

        void services(List<Plan.ServiceStep> steps) {
            var finished = ConcurrentHashMap.<String>newKeySet();
            var broken = ConcurrentHashMap.<String>newKeySet();
            var pending = new ArrayList<>(steps);
            var names = new HashSet<String>();
            for (var s : steps) names.add(s.service());
            var permits = new Semaphore(parallelism);
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                while (!pending.isEmpty()) {
                    var wave = new ArrayList<Plan.ServiceStep>();
                    for (var it = pending.iterator(); it.hasNext(); ) {
                        var step = it.next();
                        Set<String> deps = new HashSet<>(step.after());
                        deps.retainAll(names);
                        if (deps.stream().anyMatch(broken::contains)) {
                            skipped.addAll(step.operations());
                            broken.add(step.service());
                            it.remove();
                        } else if (finished.containsAll(deps)) {
                            wave.add(step);
                            it.remove();
                        }
                    }
                    if (wave.isEmpty()) {
                        // A cycle the validator should have refused: run the rest in order rather than hang.
                        wave.addAll(pending);
                        pending.clear();
                    }
                    var futures = new ArrayList<Future<?>>();
                    for (var step : wave) {
                        futures.add(pool.submit(() -> {
                            permits.acquireUninterruptibly();
                            try {
                                if (sequence(step.operations())) finished.add(step.service());
                                else broken.add(step.service());
                            } finally {
                                permits.release();
                            }
                        }));
                    }
                    for (var f : futures) {
                        try {
                            f.get();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        } catch (java.util.concurrent.ExecutionException e) {
                            throw new IllegalStateException(e.getCause());
                        }
                    }
                }
            }
        }

        boolean run(Operation op) {
            long t0 = System.nanoTime();
            try {
                // checked again before every start, not only before the plan: a plan that began before the engine's
                // SIGTERM would go on through its pooled connections, and a start during the shutdown leaves a
                // containerd task behind that fails every later start of the container ("task already exists")
                if ((op instanceof StartContainer || op instanceof RestartContainer) && !engine.acceptsConnections()) {
                    throw new EngineException("the engine takes no new connections (shutting down, or gone)", 0, null);
                }
                call(stack, op);
                Duration took = Duration.ofNanos(System.nanoTime() - t0);
                operations.finished(op.verb(), true, took);
                done.add(op);
                long ms = took.toMillis();
                log.info("op stack={} op={} target=\"{}\" cause=\"{}\" ms={}", stack, op.verb(), op.target(), op.cause(), ms);
                events.record(EventDraft.normal(stack, op.service(), op.object(), op.reason(), op.cause()));
                return true;
            } catch (RuntimeException e) {
                operations.finished(op.verb(), false, Duration.ofNanos(System.nanoTime() - t0));
                failed.add(new Execution.Failure(op, e));
                if (e instanceof EngineException ee && ee.unavailable()) {
                    // the engine's outage log tells it once, not once per operation of every stack
                    log.debug("op-failed stack={} op={} target=\"{}\" error=\"{}\"", stack, op.verb(), op.target(), e.getMessage());
                } else {
                    log.warn("op-failed stack={} op={} target=\"{}\" error=\"{}\"", stack, op.verb(), op.target(), e.getMessage());
                }
                events.record(EventDraft.warning(stack, op.service(), op.object(), failureReason(op, e),
                        op.verb() + " failed: " + e.getMessage()));
                return false;
            }
        }
    }

    private void call(String stack, Operation op) {
        switch (op) {
            case Adopt o -> adoptions.adopted(stack, o.adopted());
            case CreateNetwork o -> engine.createNetwork(o.request());
            case RemoveNetwork o -> engine.removeNetwork(o.name());
            case ConnectNetwork o -> {
                if (o.links().isEmpty()) engine.connectNetwork(o.network(), o.container(), o.aliases(), o.ipv4Address());
                else engine.connectNetwork(o.network(), o.container(), o.aliases(), o.ipv4Address(), o.links());
            }
            case DisconnectNetwork o -> engine.disconnectNetwork(o.network(), o.container());
            case CreateVolume o -> engine.createVolume(o.request());
            case RemoveVolume o -> engine.removeVolume(o.name());
            case PullImage o -> engine.pullImage(o.ref(), PULL_TIMEOUT);
            case BuildImage o -> engine.buildImage(o.request(), BUILD_TIMEOUT);
            case CreateContainer o -> engine.createContainer(o.request());
            case StartContainer o -> engine.startContainer(o.container());
            case StopContainer o -> engine.stopContainer(o.container(), o.grace());
            case RestartContainer o -> engine.restartContainer(o.container(), o.grace());
            case RemoveContainer o -> engine.removeContainer(o.container(), true);
            case RenameContainer o -> engine.renameContainer(o.container(), o.newName());
        }
    }

    private static String failureReason(Operation op, RuntimeException e) {
        if (e instanceof EngineException ee && ee.unavailable()) return Reasons.ENGINE_UNAVAILABLE;
        return switch (op) {
            case PullImage o -> Reasons.PULL_FAILED;
            case BuildImage o -> Reasons.BUILD_FAILED;
            case CreateContainer o -> (e instanceof EngineException ee && ee.notFound()) ? Reasons.IMAGE_MISSING : Reasons.CREATE_FAILED;
            default -> Reasons.failed(op.verb());
        };
    }
}
