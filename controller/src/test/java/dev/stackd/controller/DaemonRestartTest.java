package dev.stackd.controller;

import dev.stackd.controller.event.Reasons;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stackd.api.Manifests;
import dev.stackd.api.compose.ComposeLoader;
import dev.stackd.api.compose.LoadRequest;
import dev.stackd.controller.engine.ObservedContainer;
import dev.stackd.controller.store.Store;
import dev.stackd.controller.testing.RecordingEngine;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart request goes through the control loop (one reconcile per stack at a time, the planner, status and
 * events): nothing runs beside it. A recording engine, no Docker.
 */
class DaemonRestartTest {
    private static final String COMPOSE = """
            services:
              web:
                image: img
                deploy:
                  replicas: 3
                healthcheck:
                  test: ["CMD", "true"]
            """;

    @TempDir
    Path dir;

    @Test
    void replicasAreRestartedOneByOneEachAfterTheOneBeforeIsHealthy() throws Exception {
        var engine = new RecordingEngine().withImage("img");
        var store = Store.open(dir);
        var spec = ComposeLoader.load(LoadRequest.ofText(COMPOSE, dir).withName("demo")).orThrow();
        store.apply("demo", Manifests.toCanonicalJson(spec), COMPOSE, null);
        try (var daemon = Daemon.start(new Daemon.Config(dir, null, Duration.ofSeconds(30), 2, 2), store, engine)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> engine.container("demo-web-3").map(ObservedContainer::isRunning).orElse(false));
            // replica 1's healthcheck has not passed yet, and it keeps that health across the restart (the fake
            // engine does not run checks): the restart must wait for it
            engine.health("demo-web-1", ObservedContainer.Health.STARTING);
            engine.clearCalls();

            var requested = store.requestRestart("demo", "web");
            daemon.changed("demo");

            await().atMost(Duration.ofSeconds(60)).until(() -> store.events("demo", 0, 500).stream()
                    .anyMatch(e -> e.reason().equals(Reasons.WAITING_FOR_RESTARTED_REPLICA)));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(restart(store))
                    .isEqualTo(json("{\"requestedAt\":\"" + requested + "\",\"restarted\":1,\"total\":3,\"waitingFor\":\"demo-web-1\"}")));
            assertThat(engine.writes()).containsExactly("restart container demo-web-1");

            engine.health("demo-web-1", ObservedContainer.Health.HEALTHY); // its event queues the stack

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(restart(store))
                    .isEqualTo(json("{\"requestedAt\":\"" + requested + "\",\"restarted\":3,\"total\":3,\"waitingFor\":null}")));
            assertThat(engine.writes()).containsExactly(
                    "restart container demo-web-1", "restart container demo-web-2", "restart container demo-web-3");
            assertThat(store.events("demo", 0, 500)).filteredOn(e -> e.reason().equals("Restarted")).hasSize(3);
            // a requested restart is no crash: no backoff, no restart counted against the service; each restarted
            // replica ran monitor (5 s) before the next went
            JsonNode web = status(store).path("services").get(0);
            assertThat(web.path("restarts").asInt()).isZero();
            assertThat(web.path("backoffUntil").isNull()).isTrue();
        }
    }

    private static JsonNode status(Store store) throws Exception {
        return new ObjectMapper().readTree(store.get("demo").orElseThrow().statusJson());
    }

    private static JsonNode restart(Store store) throws Exception {
        return status(store).path("services").get(0).path("restart");
    }

    private static JsonNode json(String s) throws Exception {
        return new ObjectMapper().readTree(s);
    }
}
