package dev.stackd.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.stackd.api.Manifests;
import dev.stackd.api.compose.ComposeLoader;
import dev.stackd.api.compose.LoadRequest;
import dev.stackd.controller.store.Store;
import dev.stackd.controller.testing.RecordingEngine;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon feeds the engine-error counter and the stacks-by-condition gauge (a recording engine, no Docker). */
class DaemonMetricsTest {
    private static final String COMPOSE = """
            services:
              web:
                image: img
            """;

    @TempDir
    Path dir;

    @Test
    void notReadyFromTheFirstCallTheEngineDoesNotAnswerUntilItAnswersAgain() {
        // reliability/run: during an 8 s outage /readyz stayed 200: a backing-off daemon made too few calls for the
        // breaker to open
        var engine = new RecordingEngine().withImage("img");
        var store = Store.open(dir);
        try (var daemon = Daemon.start(new Daemon.Config(dir, null, Duration.ofSeconds(30), 1, 2), store, engine)) {
            await().atMost(Duration.ofSeconds(10)).until(daemon::ready);

            engine.down(true);
            assertThat(catchThrowable(daemon.engine()::listNetworks)).isNotNull();
            assertThat(daemon.engine().available()).as("one failure does not open the breaker").isTrue();
            assertThat(daemon.ready()).isFalse();

            engine.down(false);
            daemon.engine().listNetworks();
            assertThat(daemon.ready()).isTrue();
        }
    }

    @Test
    void anIdleDaemonNoticesAnOutageWhenAskedIfReady() {
        // reliability/run: during an 8 s outage that began while every stack was converged, nothing called the engine
        // and /readyz stayed 200
        var engine = new RecordingEngine().withImage("img");
        var store = Store.open(dir);
        try (var daemon = Daemon.start(new Daemon.Config(dir, null, Duration.ofSeconds(30), 1, 2), store, engine)) {
            await().atMost(Duration.ofSeconds(10)).until(daemon::ready);

            engine.down(true);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).until(() -> !daemon.ready());

            engine.down(false);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).until(daemon::ready);
        }
    }

    @Test
    void failedEngineCallsAndStackConditionsReachTheScrape() {
        var engine = new RecordingEngine().withImage("img");
        engine.failWhen(c -> c.startsWith("start container"));
        var store = Store.open(dir);
        var spec = ComposeLoader.load(LoadRequest.ofText(COMPOSE, dir).withName("demo")).orThrow();
        store.apply("demo", Manifests.toCanonicalJson(spec), COMPOSE, null);

        try (var daemon = Daemon.start(new Daemon.Config(dir, null, Duration.ofSeconds(30), 1, 2), store, engine)) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(daemon.metrics().scrape())
                    .contains("stackd_engine_errors_total{kind=\"other\"}")
                    .contains("stackd_stacks{condition=\"Progressing\"} 1.0")
                    .contains("stackd_stacks{condition=\"Ready\"} 0.0"));

            engine.failWhen(c -> false);
            daemon.changed("demo");

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(daemon.metrics().scrape())
                    .contains("stackd_stacks{condition=\"Ready\"} 1.0")
                    .contains("stackd_stacks{condition=\"Progressing\"} 0.0")
                    .contains("stackd_stacks{condition=\"Degraded\"} 0.0"));
        }
    }
}
