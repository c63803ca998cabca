package dev.stackd.controller.store;

import java.time.Instant;

/**
 * A recorded event. Repeats are folded into one event ({@code count} > 1, {@code firstTime} of the first,
 * {@code lastTime} of the latest), and each repeat moves the event to a new, higher {@code seq}: so a watcher
 * that resumes after the last seq it saw never misses a repeat.
 *
 * @param seq monotonic and never reused, even after pruning
 */
public record Event(
        long seq,
        Instant firstTime,
        Instant lastTime,
        String type,
        String reason,
        String stack,
        String service,
        String object,
        String message,
        int count) {
}
