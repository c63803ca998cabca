package dev.stackd.controller.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stackd.controller.engine.Labels;
import dev.stackd.controller.engine.ObservedContainer;
import dev.stackd.controller.event.Reasons;
import dev.stackd.controller.observe.RolloutHold;
import dev.stackd.controller.status.StatusJson;
import dev.stackd.controller.store.Event;
import dev.stackd.controller.store.Revision;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * failure_action on the real engine: a bad update rolls back to the previous spec (the named volume's data kept) and
 * is not tried again; a never-healthy update with pause stops after its first batch and stays paused; a rollback
 * to the previous generation through the store.
 */
class RolloutIT {
    @TempDir
    Path dir;
    StackFixture f;

    @BeforeEach
    void start() {
        f = new StackFixture(dir);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private static String web(String command, String deploy, String healthcheck) {
        return """
                services:
                  web:
                    image: IMAGE
                    command: ["sh", "-c", "%s"]
                    volumes: [data:/data]
                %s
                    deploy:
                      replicas: 3
                %s
                volumes:
                  data: {}
                """.formatted(command, healthcheck, deploy);
    }

    private static final String V1 = "[ -f /data/marker ] || echo first > /data/marker; exec sleep 3600";

    /** Spec hash by replica name. */
    private Map<String, String> hashes() {
        return f.containers().stream().filter(c -> c.state() == ObservedContainer.State.RUNNING)
                .collect(Collectors.toMap(ObservedContainer::name, c -> c.labels().get(Labels.SPEC_HASH)));
    }

    private String progressing() {
        var status = f.daemon.store().get(f.stack).map(r -> StatusJson.stored(r.statusJson()).orElse(null)).orElse(null);
        var c = status == null ? null : status.condition("Progressing");
        return c == null ? "" : c.status() + " " + c.reason();
    }

    private List<Event> events(String reason) {
        return f.daemon.store().events(f.stack, 0, 10_000).stream().filter(e -> e.reason().equals(reason)).toList();
    }

    @Test
    void aBadUpdateRollsBackKeepsTheVolumeAndIsNotTriedAgain() throws Exception {
        String deploy = "      update_config: {monitor: 2s, failure_action: rollback}\n      rollback_config: {monitor: 1s}";
        f.apply(web(V1, deploy, ""));
        for (int r = 1; r <= 3; r++) f.running(f.name("web", r));
        f.awaitReady();
        String v1 = hashes().get(f.name("web", 1));
        exec(f.name("web", 1), "sh", "-c", "echo precious >> /data/marker");

        f.apply(web("exit 1", deploy, ""));

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> f.daemon.store().rolloutState(f.stack, 2).hold("web") != null);
        assertThat(f.daemon.store().rolloutState(f.stack, 2).hold("web").action()).isEqualTo(RolloutHold.Action.ROLLBACK);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> progressing().equals("False RolledBack"));
        var back = hashes();
        assertThat(back).hasSize(3).allSatisfy((name, hash) -> assertThat(hash).as(name).isEqualTo(v1));
        assertThat(read(f.name("web", 1), "/data/marker")).contains("precious");
        assertThat(events(Reasons.ROLLING_BACK)).isNotEmpty().allSatisfy(e -> assertThat(e.message()).contains("generation 2"));
        assertThat(events(Reasons.ROLLED_BACK)).singleElement().satisfies(e -> assertThat(e.message()).contains("generation 2 failed"));
        assertThat(f.daemon.store().revisions(f.stack).getFirst().outcome()).isEqualTo(Revision.Outcome.RolledBack);

        // no retry of the bad generation: for 20 s the same containers run the previous spec
        var ids = f.containers().stream().map(ObservedContainer::id).collect(Collectors.toSet());
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < until) {
            assertThat(hashes().values()).containsOnly(v1);
            Thread.sleep(500);
        }
        assertThat(f.containers().stream().map(ObservedContainer::id).collect(Collectors.toSet())).isEqualTo(ids);
        assertThat(f.daemon.store().get(f.stack).orElseThrow().generation()).isEqualTo(2);
        assertThat(events(Reasons.ROLLED_BACK)).hasSize(1);

        // stackd rollback: generation 1's spec as generation 3; the replicas already run it
        var result = f.daemon.store().rollback(f.stack, null, null);
        f.daemon.changed(f.stack);
        assertThat(result.toGeneration()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> f.daemon.store().revisions(f.stack)
                .getFirst().outcome() == Revision.Outcome.Completed);
        assertThat(f.containers().stream().map(ObservedContainer::id).collect(Collectors.toSet())).isEqualTo(ids);
        assertThat(progressing()).isEqualTo("False Converged");
    }

    @Test
    void aNeverHealthyUpdateWithPauseStopsAfterTheFirstBatchAndStaysPaused() throws Exception {
        String deploy = "      update_config: {monitor: 2s, failure_action: pause}";
        String healthy = "    healthcheck: {test: [\"CMD\", \"true\"], interval: 500ms, retries: 2}";
        String never = "    healthcheck: {test: [\"CMD\", \"false\"], interval: 500ms, retries: 2}";
        f.apply(web(V1, deploy, healthy));
        for (int r = 1; r <= 3; r++) f.running(f.name("web", r));
        f.awaitReady();
        String v1 = hashes().get(f.name("web", 2));

        f.apply(web(V1, deploy, never));

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> f.daemon.store().rolloutState(f.stack, 2).hold("web") != null);
        assertThat(f.daemon.store().rolloutState(f.stack, 2).hold("web").action()).isEqualTo(RolloutHold.Action.PAUSE);
        long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < until) {
            var h = hashes();
            assertThat(h.get(f.name("web", 2))).isEqualTo(v1);
            assertThat(h.get(f.name("web", 3))).isEqualTo(v1);
            Thread.sleep(500);
        }
        assertThat(hashes().get(f.name("web", 1))).isNotEqualTo(v1);
        assertThat(progressing()).isEqualTo("False RolloutPaused");
        assertThat(f.daemon.store().revisions(f.stack).getFirst().outcome()).isEqualTo(Revision.Outcome.Paused);
    }

    private static void exec(String container, String... cmd) throws Exception {
        var all = new java.util.ArrayList<>(List.of("docker", "exec", container));
        all.addAll(List.of(cmd));
        var p = new ProcessBuilder(all).inheritIO().start();
        assertThat(p.waitFor()).isZero();
    }

    private static String read(String container, String file) throws Exception {
        var p = new ProcessBuilder("docker", "exec", container, "cat", file).redirectErrorStream(true).start();
        var out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertThat(p.waitFor()).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }
}
