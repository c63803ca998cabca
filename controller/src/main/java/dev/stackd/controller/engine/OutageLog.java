package dev.stackd.controller.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the log says of an engine outage: one line when the engine stops answering, a count at most once a
 * {@code summaryEvery} while it stays down, one line when it answers again. Callers report every call's outcome
 * here instead of logging their own failure (a hundred stacks retrying would otherwise print a hundred lines each).
 */
public final class OutageLog {
    private static final Logger log = LoggerFactory.getLogger(OutageLog.class);

    private final Clock clock;
    private final Duration summaryEvery;
    private Instant downSince;
    private Instant lastSummary;
    private long failedCalls;
    private long failedSinceSummary;
    /** When a call last reached the engine or failed to: null before the first. */
    private Instant lastHeard;

    public OutageLog(Clock clock, Duration summaryEvery) {
        this.clock = clock;
        this.summaryEvery = summaryEvery;
    }

    public OutageLog() {
        this(Clock.systemUTC(), Duration.ofMinutes(1));
    }

    /** The engine did not answer (or refused new connections, or the breaker refused the call). */
    public synchronized void failed(String kind, String error) {
        var now = clock.instant();
        lastHeard = now;
        failedCalls++;
        failedSinceSummary++;
        if (downSince == null) {
            downSince = now;
            lastSummary = now;
            failedSinceSummary = 0;
            log.warn("engine-unavailable kind={} error=\"{}\"", kind, error);
            return;
        }
        if (!now.isBefore(lastSummary.plus(summaryEvery))) {
            log.info("engine-still-unavailable for={}s failed-calls={} since-last={}",
                    Duration.between(downSince, now).toSeconds(), failedCalls, failedSinceSummary);
            lastSummary = now;
            failedSinceSummary = 0;
        }
    }

    /** A call went through: ends an outage, if one was going on. */
    public synchronized void answered() {
        lastHeard = clock.instant();
        if (downSince == null) return;
        log.info("engine-available after={}s failed-calls={}",
                Duration.between(downSince, clock.instant()).toSeconds(), failedCalls);
        downSince = null;
        failedCalls = 0;
        failedSinceSummary = 0;
    }

    public synchronized boolean down() {
        return downSince != null;
    }

    /** Whether no call has reached the engine, nor failed to, for {@code quiet} (or ever). */
    public synchronized boolean quietFor(Duration quiet) {
        return lastHeard == null || !clock.instant().isBefore(lastHeard.plus(quiet));
    }
}
