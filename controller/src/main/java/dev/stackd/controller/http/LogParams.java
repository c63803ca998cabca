package dev.stackd.controller.http;

import dev.stackd.api.compose.Units;
import dev.stackd.controller.logs.LogQuery;
import dev.stackd.controller.spec.SpecError;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The query of {@code GET /api/v1/stacks/{name}/logs}, checked: every refusal is a 422 naming its parameter.
 *
 * @param timestamps the client shows the engine's times (they order the lines either way)
 * @param stream     answer as server-sent events (follow, or {@code Accept: text/event-stream}), else NDJSON
 */
record LogParams(LogQuery query, boolean timestamps, boolean stream) {
    /** The most lines per container a request may ask for: a client that wants more reads the engine's files. */
    static final int MAX_TAIL = 10_000;
    static final int DEFAULT_TAIL = 100;

    static LogParams of(RoutingContext ctx, Clock clock) {
        var problems = new ArrayList<SpecError>();
        List<String> services = new ArrayList<>();
        for (String s : ctx.queryParams().getAll("service")) {
            for (String one : s.split(",")) {
                if (one.isBlank()) continue;
                if (!services.contains(one.strip())) services.add(one.strip());
            }
        }
        Instant since = since(ctx.queryParams().get("since"), clock, problems);
        Integer tail = tail(ctx.queryParams().get("tail"), since != null, problems);
        boolean follow = flag(ctx, "follow", problems);
        boolean timestamps = flag(ctx, "timestamps", problems);
        if (!problems.isEmpty()) {
            throw ApiException.invalid(problems.size() == 1 ? problems.getFirst().toString()
                    : "the logs query has " + problems.size() + " problems", problems);
        }
        String accept = ctx.request().getHeader("Accept");
        boolean sse = follow || accept != null && accept.toLowerCase(Locale.ROOT).contains("text/event-stream");
        return new LogParams(new LogQuery(services, tail, since, follow), timestamps, sse);
    }

    /** A number of lines from 0 to {@link #MAX_TAIL}; absent: 100, or with since, the most (since bounds it). */
    private static Integer tail(String value, boolean since, List<SpecError> problems) {
        if (value == null || value.isBlank()) return since ? MAX_TAIL : DEFAULT_TAIL;
        String v = value.strip();
        if (v.equalsIgnoreCase("all")) {
            problems.add(SpecError.at("tail", "all is not served over HTTP: ask for up to " + MAX_TAIL
                    + " lines per container (tail=" + MAX_TAIL + "), or narrow it with since"));
            return null;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 0 && n <= MAX_TAIL) return n;
        } catch (NumberFormatException e) {
            // described below
        }
        problems.add(SpecError.at("tail", "must be a number of lines from 0 to " + MAX_TAIL + ", not " + value));
        return null;
    }

    /**
     * A duration back from now in compose's syntax ("10m", "1h30m") or an RFC 3339 time ("2024-05-01T12:00:00Z");
     * never in the future.
     */
    private static Instant since(String value, Clock clock, List<SpecError> problems) {
        if (value == null || value.isBlank()) return null;
        String v = value.strip();
        Instant now = clock.instant();
        Instant at;
        if (v.length() > 10 && v.charAt(4) == '-' && v.contains("T")) {
            try {
                at = OffsetDateTime.parse(v).toInstant();
            } catch (DateTimeParseException e) {
                problems.add(SpecError.at("since", "is not an RFC 3339 time (2024-05-01T12:00:00Z): " + value));
                return null;
            }
        } else {
            Duration back;
            try {
                back = Units.parseDuration(v);
            } catch (IllegalArgumentException e) {
                problems.add(SpecError.at("since", "must be a duration back from now (10m, 1h30m) or an RFC 3339 time, not "
                        + value + ": " + e.getMessage()));
                return null;
            }
            at = now.minus(back);
        }
        if (at.isAfter(now)) {
            problems.add(SpecError.at("since", "is in the future: " + value));
            return null;
        }
        if (at.getEpochSecond() < 0) {
            problems.add(SpecError.at("since", "is before 1970: " + value));
            return null;
        }
        return at;
    }

    private static boolean flag(RoutingContext ctx, String param, List<SpecError> problems) {
        String value = ctx.queryParams().get(param);
        if (value == null || value.equalsIgnoreCase("false")) return false;
        if (value.isEmpty() || value.equalsIgnoreCase("true")) return true;
        problems.add(SpecError.at(param, "must be true or false, not " + value));
        return false;
    }
}
