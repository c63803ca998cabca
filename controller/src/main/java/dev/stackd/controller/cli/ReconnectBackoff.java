package dev.stackd.controller.cli;

import dev.stackd.controller.loop.CappedBackoff;
import java.time.Duration;

/**
 * The pause before each attempt to reconnect a watch: 0.5 s, doubling up to 10 s, and back to 0.5 s once a
 * connection succeeds, so a server that restarts is found again quickly and one that stays down is not hammered.
 */
final class ReconnectBackoff {
    static final Duration FIRST = Duration.ofMillis(500);
    static final Duration MAX = Duration.ofSeconds(10);

    /** How a pause is spent: {@link Thread#sleep(Duration)}, or in tests something quicker that records it. */
    @FunctionalInterface
    interface Sleeper {
        Sleeper REAL = Thread::sleep;

        void sleep(Duration duration) throws InterruptedException;
    }

    private static final CappedBackoff BACKOFF = new CappedBackoff(FIRST, MAX);

    private final Sleeper sleeper;
    private int attempt = 1;

    ReconnectBackoff(Sleeper sleeper) {
        this.sleeper = sleeper;
    }

    /** Waits the current pause, then doubles the next one (up to {@link #MAX}). */
    void pause() throws InterruptedException {
        Duration now = BACKOFF.delay(attempt);
        attempt = Math.min(attempt + 1, 64);
        sleeper.sleep(now);
    }

    /** Connected again: the next loss starts from the first, short pause. */
    void reset() {
        attempt = 1;
    }
}
