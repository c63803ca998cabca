package dev.stackd.controller.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.api.model.ServiceSpec.StackdSettings;
import dev.stackd.controller.observe.ObservedContainer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestartBackoffTest {
    private final StackdSettings defaults = StackdSettings.DEFAULTS;
    private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void delaysDoubleFromTenSecondsToFiveMinutes() {
        assertThat(List.of(1, 2, 3, 4, 5, 6, 7, 8).stream().map(n -> RestartBackoff.delay(n, defaults).toSeconds()))
                .containsExactly(10L, 20L, 40L, 80L, 160L, 300L, 300L, 300L);
    }

    @Test
    void eachRestartPushesTheNextRetry() {
        var b = new RestartBackoff();
        var first = b.restarted("demo-web-1", defaults, t0);
        var second = b.restarted("demo-web-1", defaults, t0.plusSeconds(10));
        assertThat(first.restarts()).isEqualTo(1);
        assertThat(first.nextRetryAt()).isEqualTo(t0.plusSeconds(10));
        assertThat(second.restarts()).isEqualTo(2);
        assertThat(second.nextRetryAt()).isEqualTo(t0.plusSeconds(30));
        assertThat(b.snapshot()).containsOnlyKeys("demo-web-1");
    }

    @Test
    void aContainerRunningLongerThanTheResetStartsOver() {
        var b = new RestartBackoff();
        b.restarted("demo-web-1", defaults, t0);
        b.observeRunning(running(t0), defaults, t0.plus(Duration.ofMinutes(9)));
        assertThat(b.snapshot()).containsKey("demo-web-1");
        b.observeRunning(running(t0), defaults, t0.plus(Duration.ofMinutes(10)));
        assertThat(b.snapshot()).isEmpty();
    }

    @Test
    void settingsFromXStackdApply() {
        var fast = new StackdSettings(true, Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(30));
        assertThat(List.of(1, 2, 3, 4).stream().map(n -> RestartBackoff.delay(n, fast).toSeconds())).containsExactly(1L, 2L, 3L, 3L);
    }

    private static ObservedContainer running(Instant startedAt) {
        return new ObservedContainer("id", "demo-web-1", Map.of(), "img", "sha", ObservedContainer.State.RUNNING, 0,
                ObservedContainer.Health.NONE, startedAt, null, 0, false, Map.of(), List.of());
    }
}
