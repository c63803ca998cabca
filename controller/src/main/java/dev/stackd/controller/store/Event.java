package dev.stackd.controller.store;

import dev.stackd.controller.event.EventType;
import java.time.Instant;

/**
 * A recorded event. Repeats are folded into one event ({@code count} > 1, {@code firstTime} of the first,
 * {@code lastTime} of the latest), and each repeat moves the event to a new, higher {@code seq}: so a watcher
 * that resumes after the last seq it saw never misses a repeat.
 *
 * @param seq    monotonic and never reused, even after pruning
 * @param object the object as it was recorded ({@link dev.stackd.controller.event.ObjectRef#render()}); shown, never parsed
 */
public record Event(
        long seq,
        Instant firstTime,
        Instant lastTime,
        EventType type,
        String reason,
        String stack,
        String service,
        String object,
        String message,
        int count) {
}
