package dev.stackd.controller.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.stackd.controller.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** An outage in the log: one line when it starts, a count a minute while it lasts, one line when it ends. */
class OutageLogTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
    private final OutageLog outage = new OutageLog(clock, Duration.ofMinutes(1));
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(OutageLog.class);

    @BeforeEach
    void capture() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void release() {
        logger.detachAppender(logs);
    }

    @Test
    void aThousandFailuresOverThreeMinutesAreFourLines() {
        outage.answered();
        for (int i = 0; i < 1000; i++) {
            outage.failed("unavailable", "connection refused");
            clock.advance(Duration.ofMillis(180)); // 3 minutes in all
        }
        outage.answered();
        outage.answered();

        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).satisfiesExactly(
                first -> assertThat(first).isEqualTo("engine-unavailable kind=unavailable error=\"connection refused\""),
                m -> assertThat(m).startsWith("engine-still-unavailable for=60s failed-calls=335"),
                m -> assertThat(m).startsWith("engine-still-unavailable for=120s failed-calls=669"),
                last -> assertThat(last).isEqualTo("engine-available after=180s failed-calls=1000"));
        assertThat(outage.down()).isFalse();
    }
}
