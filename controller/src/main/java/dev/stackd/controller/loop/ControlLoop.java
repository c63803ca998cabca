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
    private volatile boolean running;

    public ControlLoop(WorkQueue queue, Function<String, Result> reconcile, int workers) {
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
                try {
                    r = reconcile.apply(key);
                } catch (RuntimeException e) {
                    log.warn("reconcile-error stack={} error=\"{}\"", key, e.toString(), e);
                    r = Result.failed(e.toString());
                }
                reconciles.incrementAndGet();
                if (r.isFailure()) {
                    Duration d = r.engineUnavailable() ? queue.addRateLimited(key, Result.ENGINE_DOWN_MAX_BACKOFF)
                            : queue.addRateLimited(key);
                    log.debug("requeue stack={} after={}ms reason=\"{}\"", key, d.toMillis(), r.error());
                } else {
                    queue.forget(key);
                    if (r.requeueAfter() != null) queue.addAfter(key, r.requeueAfter());
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
