package dev.stackd.controller.loop;

import dev.stackd.controller.loop.Result.Failure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the log says of failing reconciles: one line, without a stack trace, when a stack starts failing with a
 * kind of failure; while it goes on failing that way, a count at most once a {@code summaryEvery}; one line when
 * the stack reconciles again. The engine's own outage is the outage log's to tell: those retries say nothing here.
 */
final class FailureLog {
    private static final Logger log = LoggerFactory.getLogger(FailureLog.class);

    private record Streak(Failure kind, Instant since, Instant lastLine, long count, long sinceLine) {}

    private final Clock clock;
    private final Duration summaryEvery;
    private final Map<String, Streak> streaks = new HashMap<>();

    FailureLog(Clock clock, Duration summaryEvery) {
        this.clock = clock;
        this.summaryEvery = summaryEvery;
    }

    synchronized void failed(String stack, Result.Retry r) {
        if (r.kind() == Failure.ENGINE_UNAVAILABLE) {
            log.debug("reconcile-retry stack={} kind={} error=\"{}\"", stack, r.kind().word(), r.error());
            return;
        }
        var now = clock.instant();
        var s = streaks.get(stack);
        if (s == null || s.kind() != r.kind()) {
            streaks.put(stack, new Streak(r.kind(), now, now, 1, 0));
            log.warn("reconcile-failed stack={} kind={} error=\"{}\"", stack, r.kind().word(), r.error());
            return;
        }
        if (!now.isBefore(s.lastLine().plus(summaryEvery))) {
            log.warn("reconcile-still-failing stack={} kind={} for={}s failures={} since-last={} error=\"{}\"", stack,
                    r.kind().word(), Duration.between(s.since(), now).toSeconds(), s.count() + 1, s.sinceLine() + 1, r.error());
            streaks.put(stack, new Streak(s.kind(), s.since(), now, s.count() + 1, 0));
        } else {
            streaks.put(stack, new Streak(s.kind(), s.since(), s.lastLine(), s.count() + 1, s.sinceLine() + 1));
        }
    }

    /** A terminal failure: said once; the stack is not retried until it changes. */
    synchronized void terminal(String stack, Result.Terminal r) {
        streaks.remove(stack);
        log.warn("reconcile-stopped stack={} error=\"{}\" (no retry until the stack is applied again)", stack, r.error());
    }

    synchronized void succeeded(String stack) {
        var s = streaks.remove(stack);
        if (s == null) return;
        log.info("reconcile-recovered stack={} kind={} after={}s failures={}", stack, s.kind().word(),
                Duration.between(s.since(), clock.instant()).toSeconds(), s.count());
    }

    /** A bug: the reconcile threw. Its trace is worth the lines. */
    void unexpected(String stack, RuntimeException e) {
        log.error("reconcile-error stack={} error=\"{}\"", stack, e.toString(), e);
    }
}
