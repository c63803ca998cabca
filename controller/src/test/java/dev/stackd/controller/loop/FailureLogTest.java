package dev.stackd.controller.loop;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.stackd.controller.loop.Result.Failure;
import dev.stackd.controller.testing.LogCapture;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FailureLogTest {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    };
    private final FailureLog failures = new FailureLog(clock, Duration.ofMinutes(1));

    @Test
    void aFailingStackSaysSoOnceThenCountsThenRecovers() {
        try (var logs = LogCapture.of(FailureLog.class)) {
            for (int i = 0; i < 150; i++) {
                failures.failed("demo", new Result.Retry(Failure.ENGINE_ERROR, "inspect container x: injected fault"));
                now = now.plusMillis(500);
            }
            failures.succeeded("demo");

            assertThat(logs.lines()).containsExactly(
                    "WARN reconcile-failed stack=demo kind=engine-error error=\"inspect container x: injected fault\"",
                    "WARN reconcile-still-failing stack=demo kind=engine-error for=60s failures=121 since-last=120 error=\"inspect container x: injected fault\"",
                    "INFO reconcile-recovered stack=demo kind=engine-error after=75s failures=150");
        }
    }

    @Test
    void theEnginesOutageIsTheOutageLogsToTell() {
        try (var logs = LogCapture.of(FailureLog.class)) {
            for (int i = 0; i < 50; i++) failures.failed("demo", new Result.Retry(Failure.ENGINE_UNAVAILABLE, "connection refused"));
            failures.succeeded("demo");
            assertThat(logs.lines(Level.WARN)).isEmpty();
            assertThat(logs.lines(Level.INFO)).isEmpty();
        }
    }

    @Test
    void anotherKindOfFailureIsSaidAtOnce() {
        try (var logs = LogCapture.of(FailureLog.class)) {
            failures.failed("demo", new Result.Retry(Failure.ENGINE_ERROR, "a"));
            failures.failed("demo", new Result.Retry(Failure.OPERATION_FAILED, "b"));
            failures.failed("other", new Result.Retry(Failure.OPERATION_FAILED, "c"));
            assertThat(logs.lines(Level.WARN)).hasSize(3);
        }
    }
}
