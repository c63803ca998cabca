package dev.stackd.controller.loop;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives back the heap a burst of work grew, once the loop is idle again. The serial collector (the launcher's
 * choice for a small daemon) shrinks the heap only in a full collection, and a steady state of resyncs makes only
 * short-lived garbage, so it never runs one: what an apply of hundreds of containers promoted stays committed (and
 * resident) for good. This is what G1's periodic collection ({@code G1PeriodicGCInterval}) does for G1: on a
 * schedule, when engine writes happened since the last check and the queue is empty, one full collection (its live
 * set is about 21 MiB at 500 containers), after which the heap shrinks to {@code MaxHeapFreeRatio} above what is
 * live. That takes {@code -XX:-ShrinkHeapInSteps} (the launcher's flags): by default the serial collector damps a
 * shrink over four full collections, and one does not shrink at all. Nothing happens while nothing changes.
 */
public final class HeapTrim implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(HeapTrim.class);

    private final AtomicLong writes = new AtomicLong();
    private final IntSupplier queueDepth;
    private final Runnable collect;
    private long writesAtLastTrim;

    public HeapTrim(IntSupplier queueDepth) {
        this(queueDepth, System::gc);
    }

    HeapTrim(IntSupplier queueDepth, Runnable collect) {
        this.queueDepth = queueDepth;
        this.collect = collect;
    }

    /** An engine write happened (the work that makes a heap grow: creates, recreates, their inspects). */
    public void wrote() {
        writes.incrementAndGet();
    }

    /** The scheduled check: trims when writes happened since the last trim and no stack waits in the queue. */
    @Override
    public synchronized void run() {
        long now = writes.get();
        if (now == writesAtLastTrim || queueDepth.getAsInt() > 0) return;
        var rt = Runtime.getRuntime();
        long before = rt.totalMemory();
        long t0 = System.nanoTime();
        collect.run();
        writesAtLastTrim = now;
        log.debug("heap-trimmed committed_before={}MiB committed_after={}MiB took={}ms", before >> 20,
                rt.totalMemory() >> 20, (System.nanoTime() - t0) / 1_000_000);
    }
}
