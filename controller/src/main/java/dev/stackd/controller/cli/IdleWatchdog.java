package dev.stackd.controller.cli;

import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Interrupts a thread reading a stream when no line has arrived for a while: the only way to wake a read of the
 * JDK client's body stream blocked on a connection that its peer left without closing. {@link #stop} swallows
 * that interrupt, so an interrupt of the reader's own (Ctrl-C) still shows.
 */
final class IdleWatchdog {
    private final Thread reader;
    private final long idleNanos;
    private final AtomicLong lastLine = new AtomicLong(System.nanoTime());
    private final AtomicBoolean fired = new AtomicBoolean();
    private final Thread thread;

    /** Starts watching {@code reader}, the current thread. */
    IdleWatchdog(Thread reader, Duration idle) {
        this.reader = reader;
        this.idleNanos = idle.toNanos();
        this.thread = Thread.ofVirtual().name("stackd-watch-idle").start(this::run);
    }

    /** {@code lines}, each line read counting as a sign of life. */
    Iterator<String> watching(Iterator<String> lines) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                boolean more = lines.hasNext();
                lastLine.set(System.nanoTime());
                return more;
            }

            @Override
            public String next() {
                return lines.next();
            }
        };
    }

    private void run() {
        try {
            while (true) {
                long left = idleNanos - (System.nanoTime() - lastLine.get());
                if (left <= 0) {
                    fired.set(true);
                    reader.interrupt();
                    return;
                }
                TimeUnit.NANOSECONDS.sleep(left);
            }
        } catch (InterruptedException stopped) {
            // the stream ended first
        }
    }

    /** Stops watching; call it on the reader's thread once the reading is over. */
    void stop() {
        thread.interrupt();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        interrupted |= Thread.interrupted();
        // once the watchdog fired, the interrupt is taken for its own (a Ctrl-C at that very instant is missed;
        // the next one is not)
        if (interrupted && !fired.get()) Thread.currentThread().interrupt();
    }
}
