package dev.stackd.controller.logs;

import java.time.Instant;
import java.util.List;

/**
 * What a client asked of a stack's logs.
 *
 * @param services only these services (empty: all of the stack's)
 * @param tail     per container, only the last this many lines of what was there at the start (null: all)
 * @param since    only lines from this time on (null: from each container's start)
 * @param follow   go on with new lines, across restarts and recreates of the containers, until closed
 */
public record LogQuery(List<String> services, Integer tail, Instant since, boolean follow) {
    public LogQuery {
        services = List.copyOf(services);
        if (tail != null && tail < 0) throw new IllegalArgumentException("tail must not be negative");
    }
}
