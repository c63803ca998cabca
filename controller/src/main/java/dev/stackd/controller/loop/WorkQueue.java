package dev.stackd.controller.loop;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A work queue of stack keys, shaped like client-go's: a key waits at most once (adds deduplicate), a key is
 * handed to one worker at a time, a key added while it is being processed runs once more after {@link #done},
 * and delayed adds ({@link #addAfter}) and per-key exponential backoff ({@link #addRateLimited}) feed it later.
 */
public final class WorkQueue {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private final Clock clock;
    private final CappedBackoff backoff;

    private final LinkedHashSet<String> queue = new LinkedHashSet<>();
    private final Set<String> processing = new HashSet<>();
    private final Set<String> dirty = new HashSet<>();
    private final Map<String, Instant> delayed = new HashMap<>();
    private final TreeSet<Delayed> byTime = new TreeSet<>();
    private final Map<String, Integer> failures = new HashMap<>();
    private boolean shutdown;

    private record Delayed(Instant at, String key) implements Comparable<Delayed> {
        public int compareTo(Delayed o) {
            int c = at.compareTo(o.at);
            return c != 0 ? c : key.compareTo(o.key);
        }
    }

    public WorkQueue(Clock clock, Duration baseDelay, Duration maxDelay) {
        this.clock = clock;
        this.backoff = new CappedBackoff(baseDelay, maxDelay);
    }

    public WorkQueue() {
        this(Clock.systemUTC(), Duration.ofMillis(500), Duration.ofMinutes(5));
    }

    /** Queue the key now (a no-op if it already waits; marks it dirty if it is being processed). */
    public void add(String key) {
        lock.lock();
        try {
            if (shutdown) return;
            cancelDelayed(key);
            if (processing.contains(key)) {
                dirty.add(key);
            } else if (queue.add(key)) {
                ready.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Queue the key after a delay; an earlier pending delay for the key wins. */
    public void addAfter(String key, Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            add(key);
            return;
        }
        lock.lock();
        try {
            if (shutdown || queue.contains(key)) return;
            Instant at = clock.instant().plus(delay);
            Instant current = delayed.get(key);
            if (current != null && !current.isAfter(at)) return;
            cancelDelayed(key);
            delayed.put(key, at);
            byTime.add(new Delayed(at, key));
            ready.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Queue the key after its next backoff delay: base doubling per consecutive failure, capped. */
    public Duration addRateLimited(String key) {
        return addRateLimited(key, backoff.max());
    }

    /** As {@link #addRateLimited(String)}, with the delay capped lower (a failure whose cause is soon over). */
    public Duration addRateLimited(String key, Duration cap) {
        Duration delay;
        lock.lock();
        try {
            int n = failures.merge(key, 1, Integer::sum);
            delay = backoff.cappedAt(cap).delay(n);
        } finally {
            lock.unlock();
        }
        addAfter(key, delay);
        return delay;
    }

    Duration backoff(int failuresSoFar) {
        return backoff.delay(failuresSoFar);
    }

    /** The key succeeded: its backoff starts again from the base. */
    public void forget(String key) {
        lock.lock();
        try {
            failures.remove(key);
        } finally {
            lock.unlock();
        }
    }

    public int failures(String key) {
        lock.lock();
        try {
            return failures.getOrDefault(key, 0);
        } finally {
            lock.unlock();
        }
    }

    /** Blocks until a key is ready (or the timeout passes: empty), and marks it as being processed. */
    public Optional<String> take(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                promoteDue();
                if (!queue.isEmpty()) {
                    var it = queue.iterator();
                    String key = it.next();
                    it.remove();
                    processing.add(key);
                    return Optional.of(key);
                }
                if (shutdown) return Optional.empty();
                long wait = deadline - System.nanoTime();
                if (wait <= 0) return Optional.empty();
                if (!byTime.isEmpty()) {
                    long untilDue = Duration.between(clock.instant(), byTime.first().at()).toNanos();
                    wait = Math.max(1_000_000L, Math.min(wait, untilDue));
                }
                ready.awaitNanos(wait);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The worker finished with the key; if it was added meanwhile, it goes back in the queue. */
    public void done(String key) {
        lock.lock();
        try {
            processing.remove(key);
            if (dirty.remove(key) && !shutdown) {
                queue.add(key);
                ready.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    public int depth() {
        lock.lock();
        try {
            return queue.size() + delayed.size();
        } finally {
            lock.unlock();
        }
    }

    public void shutdown() {
        lock.lock();
        try {
            shutdown = true;
            ready.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void promoteDue() {
        Instant now = clock.instant();
        while (!byTime.isEmpty() && !byTime.first().at().isAfter(now)) {
            Delayed d = byTime.pollFirst();
            delayed.remove(d.key());
            if (processing.contains(d.key())) {
                dirty.add(d.key());
            } else {
                queue.add(d.key());
            }
        }
    }

    private void cancelDelayed(String key) {
        Instant at = delayed.remove(key);
        if (at != null) byTime.remove(new Delayed(at, key));
    }

}
