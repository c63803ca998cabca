package dev.stackd.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CliReconnectBackoffTest {
    private final List<Duration> slept = new ArrayList<>();
    private final ReconnectBackoff backoff = new ReconnectBackoff(slept::add);

    @Test
    void doublesFromHalfASecondUpToTenSeconds() throws InterruptedException {
        for (int i = 0; i < 8; i++) backoff.pause();

        assertThat(slept).extracting(Duration::toMillis).containsExactly(500L, 1000L, 2000L, 4000L, 8000L, 10_000L, 10_000L, 10_000L);
    }

    @Test
    void startsOverOnceConnectedAgain() throws InterruptedException {
        backoff.pause();
        backoff.pause();
        backoff.pause();
        backoff.reset();
        backoff.pause();

        assertThat(slept).extracting(Duration::toMillis).containsExactly(500L, 1000L, 2000L, 500L);
    }
}
