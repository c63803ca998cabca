package dev.stackd.controller.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CappedBackoffTest {
    private final CappedBackoff b = new CappedBackoff(Duration.ofMillis(500), Duration.ofSeconds(10));

    @Test
    void doublesFromTheFirstDelayUpToTheCap() {
        assertThat(IntStream.rangeClosed(1, 7).mapToObj(b::delay).map(Duration::toMillis))
                .containsExactly(500L, 1000L, 2000L, 4000L, 8000L, 10_000L, 10_000L);
    }

    @Test
    void anyAttemptCountStaysAtTheCapWithoutOverflow() {
        assertThat(b.delay(63)).isEqualTo(Duration.ofSeconds(10));
        assertThat(b.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(10));
        var huge = new CappedBackoff(Duration.ofDays(1), Duration.ofDays(365 * 1000));
        assertThat(huge.delay(40)).isEqualTo(Duration.ofDays(365 * 1000));
    }

    @Test
    void aLowerCapForFailuresSoonOver() {
        assertThat(b.cappedAt(Duration.ofSeconds(3)).delay(10)).isEqualTo(Duration.ofSeconds(3));
        assertThat(b.cappedAt(Duration.ofMinutes(5))).isEqualTo(b);
        assertThat(b.cappedAt(Duration.ofMillis(100)).delay(1)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new CappedBackoff(Duration.ZERO, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CappedBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.delay(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
