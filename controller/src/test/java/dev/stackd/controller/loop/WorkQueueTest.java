package dev.stackd.controller.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkQueueTest {
    private final MutableClock clock = new MutableClock();
    private final WorkQueue queue = new WorkQueue(clock, Duration.ofMillis(500), Duration.ofSeconds(4));

    @Test
    void addsDeduplicate() throws Exception {
        queue.add("a");
        queue.add("a");
        queue.add("b");
        assertThat(take()).contains("a");
        assertThat(take()).contains("b");
        assertThat(take()).isEmpty();
    }

    @Test
    void aKeyIsHandedToOneWorkerAtATimeAndRunsOnceMoreWhenDirtied() throws Exception {
        queue.add("a");
        assertThat(take()).contains("a");
        queue.add("a");
        queue.add("a");
        assertThat(take()).as("still in flight: not handed out twice").isEmpty();
        queue.done("a");
        assertThat(take()).contains("a");
        queue.done("a");
        assertThat(take()).isEmpty();
    }

    @Test
    void delayedAddsWaitForTheirTimeAndTheEarliestWins() throws Exception {
        queue.addAfter("a", Duration.ofSeconds(10));
        queue.addAfter("a", Duration.ofSeconds(2));
        queue.addAfter("a", Duration.ofSeconds(5));
        assertThat(take()).isEmpty();
        clock.advance(Duration.ofSeconds(2));
        assertThat(take()).contains("a");
        queue.done("a");
        clock.advance(Duration.ofSeconds(10));
        assertThat(take()).as("the later delays were replaced, not kept").isEmpty();
    }

    @Test
    void anAddNowReplacesAPendingDelay() throws Exception {
        queue.addAfter("a", Duration.ofMinutes(1));
        queue.add("a");
        assertThat(take()).contains("a");
    }

    @Test
    void rateLimitedBackoffDoublesUpToTheCapAndForgetResetsIt() {
        assertThat(queue.addRateLimited("a")).isEqualTo(Duration.ofMillis(500));
        assertThat(queue.addRateLimited("a")).isEqualTo(Duration.ofSeconds(1));
        assertThat(queue.addRateLimited("a")).isEqualTo(Duration.ofSeconds(2));
        assertThat(queue.addRateLimited("a")).isEqualTo(Duration.ofSeconds(4));
        assertThat(queue.addRateLimited("a")).isEqualTo(Duration.ofSeconds(4));
        assertThat(queue.failures("a")).isEqualTo(5);
        queue.forget("a");
        assertThat(queue.addRateLimited("a")).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aDelayDueWhileProcessingRunsAfterDone() throws Exception {
        queue.add("a");
        assertThat(take()).contains("a");
        queue.addAfter("a", Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(take()).isEmpty();
        queue.done("a");
        assertThat(take()).contains("a");
    }

    @Test
    void depthCountsWaitingAndDelayedKeys() {
        queue.add("a");
        queue.addAfter("b", Duration.ofSeconds(3));
        assertThat(queue.depth()).isEqualTo(2);
    }

    private Optional<String> take() throws InterruptedException {
        return queue.take(Duration.ofMillis(20));
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }
}
