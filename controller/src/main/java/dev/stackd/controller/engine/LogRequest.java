package dev.stackd.controller.engine;

import java.time.Instant;

/**
 * Which part of a container's output to read. The engine is always asked for its timestamps: they order the lines
 * of several containers, whether or not the reader shows them.
 *
 * @param since  only lines the engine took at or after this second (null: from the start); the engine's API counts
 *               whole seconds, so a reader that needs more precision drops what it has already seen
 * @param tail   only the last this many lines (null: all)
 * @param follow keep the stream open for new lines until the container stops or the reader closes it
 */
public record LogRequest(Instant since, Integer tail, boolean follow) {
    public LogRequest {
        if (tail != null && tail < 0) throw new IllegalArgumentException("tail must not be negative");
    }
}
