package dev.stackd.controller.store;

import java.time.Duration;

/**
 * How events are folded and kept.
 *
 * @param repeatWindow a repeat within this time of the event's last occurrence is folded into it
 * @param keepCount    prune keeps at most this many events, the newest
 * @param maxAge       prune drops events whose last occurrence is older than this
 * @param pruneEvery   the store prunes by itself after this many recorded events
 */
public record EventRetention(Duration repeatWindow, int keepCount, Duration maxAge, int pruneEvery) {
    public EventRetention {
        if (repeatWindow.isNegative() || maxAge.isNegative() || keepCount < 1 || pruneEvery < 1) {
            throw new IllegalArgumentException("invalid event retention: " + repeatWindow + ", keep " + keepCount
                    + ", max age " + maxAge + ", prune every " + pruneEvery);
        }
    }

    public static EventRetention defaults() {
        return new EventRetention(Duration.ofMinutes(10), 10_000, Duration.ofDays(7), 500);
    }
}
