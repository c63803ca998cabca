package dev.stackd.controller.logs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Merges the lines of several containers into one stream in the engine's time order. Each container's own lines
 * come in order; the merge hands on the earliest head among them once no other container can still send an earlier
 * one:
 * <ul>
 *   <li>a container still reading its backlog (what was there at the start) is waited for: its lines are already
 *       written, they are only on their way;</li>
 *   <li>a container that only follows (its backlog is read, or it appeared later) and has nothing queued is waited
 *       for at most {@code window} from the head's arrival: a quiet container must not hold back a chatty one, and a
 *       line that reaches stackd later than that after an earlier one of another container is handed on after it;</li>
 *   <li>an ended container is not waited for.</li>
 * </ul>
 * Bounded: each container's queue holds at most {@code sourceBytes} (and always one line), and a reader that offers
 * more waits until the merge takes some, so the engine's stream is not read meanwhile and what the merge holds is at
 * most containers x {@code sourceBytes}. Thread-safe: the engine's readers put, one consumer takes.
 */
public final class LogMerge implements AutoCloseable {
    private final Duration window;
    private final long sourceBytes;
    private final LongSupplier nanoClock;
    private final boolean follow;
    private final Map<String, Source> sources = new LinkedHashMap<>();
    private boolean draining;
    private boolean closed;

    /**
     * @param follow false: the merge ends once every container has ended; true: it goes on (containers come and go)
     *               until {@link #endWhenDrained} or {@link #close}
     */
    public LogMerge(boolean follow, Duration window, long sourceBytes, LongSupplier nanoClock) {
        if (sourceBytes < 1) throw new IllegalArgumentException("sourceBytes must be positive");
        this.follow = follow;
        this.window = window;
        this.sourceBytes = sourceBytes;
        this.nanoClock = nanoClock;
    }

    private static final class Source {
        final String key;
        final String order;
        final ArrayDeque<Held> queue = new ArrayDeque<>();
        long bytes;
        boolean live;
        boolean ended;

        Source(String key, String order) {
            this.key = key;
            this.order = order;
        }
    }

    private record Held(LogEntry entry, long arrived, long size) {
        Instant time() {
            return entry.line().time();
        }
    }

    /** Earliest engine time first (a line without one first of all: nothing to wait for), then by container. */
    private static final Comparator<Source> BY_HEAD = Comparator
            .comparing((Source s) -> s.queue.peek().time(), Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(s -> s.order);

    /**
     * A container's stream opens (again, after a restart: the key is the container's ID), reading its backlog first
     * ({@code live} false) or only following ({@code live} true). {@code order} breaks ties of equal times.
     */
    public synchronized void open(String key, String order, boolean live) {
        Source s = sources.computeIfAbsent(key, k -> new Source(k, order));
        s.ended = false;
        s.live = live;
        notifyAll();
    }

    /** The container's backlog is read; from now on it only follows. */
    public synchronized void live(String key) {
        Source s = sources.get(key);
        if (s != null) s.live = true;
        notifyAll();
    }

    /** The container's stream ended (read to the end, stopped, gone, failed). */
    public synchronized void end(String key) {
        Source s = sources.get(key);
        if (s != null) s.ended = true;
        notifyAll();
    }

    /**
     * Queues a line of a container, waiting while that container's queue is full.
     *
     * @throws InterruptedException when the merge was closed (or the thread interrupted): the reader stops
     */
    public synchronized void put(String key, LogEntry entry) throws InterruptedException {
        Source s = sources.get(key);
        if (s == null) throw new IllegalStateException("no source " + key);
        long size = entry.size();
        while (!closed && !s.queue.isEmpty() && s.bytes + size > sourceBytes) wait();
        if (closed) throw new InterruptedException("the log stream was closed");
        s.queue.add(new Held(entry, nanoClock.getAsLong(), size));
        s.bytes += size;
        notifyAll();
    }

    /** The next line in time order, waiting for it; null once the merge is over (every container ended, or closed). */
    public synchronized LogEntry take() throws InterruptedException {
        while (true) {
            if (closed) return null;
            long waitNanos = waitNanos();
            if (waitNanos == 0) return poll();
            if (waitNanos < 0) {
                if (over()) return null;
                wait();
            } else {
                wait(Math.max(1, waitNanos / 1_000_000), (int) (waitNanos % 1_000_000));
            }
        }
    }

    /** The next line if one may be handed on now, else null (never waits). */
    public synchronized LogEntry poll() {
        if (closed || waitNanos() != 0) return null;
        Source head = earliest();
        Held h = head.queue.poll();
        head.bytes -= h.size();
        notifyAll(); // a reader may be waiting for room
        return h.entry();
    }

    /** 0: a line may go now; positive: wait that long for the window; negative: wait for a change. */
    private long waitNanos() {
        Source head = earliest();
        if (head == null) return -1;
        long age = nanoClock.getAsLong() - head.queue.peek().arrived();
        long wait = 0;
        for (Source s : sources.values()) {
            if (s == head || !s.queue.isEmpty() || s.ended) continue;
            if (!s.live) return -1; // its backlog is on its way
            wait = Math.max(wait, window.toNanos() - age);
        }
        return Math.max(0, wait);
    }

    private Source earliest() {
        Source best = null;
        for (Source s : sources.values()) {
            if (s.queue.isEmpty()) continue;
            if (best == null || BY_HEAD.compare(s, best) < 0) best = s;
        }
        return best;
    }

    /** Nothing queued, and no container will send more. */
    private boolean over() {
        if (follow && !draining) return false;
        for (Source s : sources.values()) if (!s.queue.isEmpty() || !s.ended) return false;
        return true;
    }

    /** A followed stream ends once every container has ended and everything queued is taken (the stack is deleted). */
    public synchronized void endWhenDrained() {
        draining = true;
        notifyAll();
    }

    /** What the queues hold now, in bytes. */
    public synchronized long heldBytes() {
        long n = 0;
        for (Source s : sources.values()) n += s.bytes;
        return n;
    }

    /** Drops what is queued and wakes every waiting reader (they stop) and the consumer (it gets null). */
    @Override
    public synchronized void close() {
        closed = true;
        for (Source s : sources.values()) {
            s.queue.clear();
            s.bytes = 0;
        }
        notifyAll();
    }
}
