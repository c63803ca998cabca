package dev.stackd.controller.loop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Workers that take stack keys from the {@link WorkQueue} and reconcile them: one reconcile in flight per stack,
 * up to {@code workers} stacks at once. Failures go back with backoff; planned revisits with their delay.
 */
public final class ControlLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ControlLoop.class);

    private final WorkQueue queue;
    private final Function<String, Result> reconcile;
    private final int workers;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong reconciles = new AtomicLong();
    private final FailureLog failures;
    private final Timing timing;
    private volatile boolean running;

    /** Told how long each reconcile took and whether it succeeded (the daemon's metrics). */
    @FunctionalInterface
    public interface Timing {
        void reconciled(Duration took, boolean succeeded);
    }

    public ControlLoop(WorkQueue queue, Function<String, Result> reconcile, int workers, Timing timing) {
        this(queue, reconcile, workers, timing, java.time.Clock.systemUTC());
    }

    ControlLoop(WorkQueue queue, Function<String, Result> reconcile, int workers, Timing timing, java.time.Clock clock) {
        this.failures = new FailureLog(clock, Duration.ofMinutes(1));
        this.timing = timing;
        this.queue = queue;
        this.reconcile = reconcile;
        this.workers = workers;
    }

    public void start() {
        running = true;
        for (int i = 0; i < workers; i++) {
            threads.add(Thread.ofPlatform().name("reconcile-" + i).daemon(true).start(this::work));
        }
    }

    public long reconciles() {
        return reconciles.get();
    }

    private void work() {
        while (running) {
            String key;
            try {
                var next = queue.take(Duration.ofSeconds(1));
                if (next.isEmpty()) continue;
                key = next.get();
            } catch (InterruptedException e) {
                return;
            }
            try {
                Result r;
                long t0 = System.nanoTime();
                try {
                    r = reconcile.apply(key);
                } catch (RuntimeException e) {
                    failures.unexpected(key, e);
                    r = Result.retry(Result.Failure.UNEXPECTED, e.toString());
                }
                timing.reconciled(Duration.ofNanos(System.nanoTime() - t0), !r.isFailure());
                reconciles.incrementAndGet();
                switch (r) {
                    case Result.Retry retry -> {
                        failures.failed(key, retry);
                        Duration d = retry.kind() == Result.Failure.ENGINE_UNAVAILABLE
                                ? queue.addRateLimited(key, Result.ENGINE_DOWN_MAX_BACKOFF) : queue.addRateLimited(key);
                        log.debug("requeue stack={} after={}ms reason=\"{}\"", key, d.toMillis(), retry.error());
                    }
                    case Result.Terminal terminal -> {
                        failures.terminal(key, terminal);
                        queue.forget(key);
                    }
                    case Result.RequeueAfter later -> {
                        failures.succeeded(key);
                        queue.forget(key);
                        queue.addAfter(key, later.after());
                    }
                    case Result.Held held -> {
                        // still failing: the streak's log lines go on; no "recovered" while a backoff holds it
                        queue.forget(key);
                        queue.addAfter(key, held.after());
                    }
                    case Result.Done done -> {
                        failures.succeeded(key);
                        queue.forget(key);
                    }
                }
            } finally {
                queue.done(key);
            }
        }
    }

    /** Stops taking work; a reconcile in flight finishes its current engine call and its plan. */
    @Override
    public void close() {
        running = false;
        queue.shutdown();
        for (var t : threads) {
            try {
                t.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
