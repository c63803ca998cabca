package dev.stackd.controller.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stackd.api.model.ServiceSpec.BuildSpec;
import dev.stackd.controller.Daemon;
import dev.stackd.controller.cli.StackdCommand;
import dev.stackd.controller.engine.BuildRequest;
import dev.stackd.controller.engine.ObservedContainer;
import dev.stackd.controller.http.ApiToken;
import dev.stackd.controller.http.HttpServer;
import dev.stackd.controller.observe.RolloutHold;
import dev.stackd.controller.store.Store;
import dev.stackd.controller.testing.RawEngine;
import dev.stackd.controller.testing.TestImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tag moved to another image (here: a local build tagging the same reference again, as docker tag or a pull
 * would; no registry) rolls the service out as a spec change does, paced by update_config, without a new apply;
 * and {@code apply --pull} of an image no registry serves fails fast, naming it, storing nothing.
 */
class ImageRolloutIT {
    private static final String LABEL = "dev.stackd.test.retag";

    @TempDir
    Path dir;
    StackFixture f;
    String ref;
    final List<String> built = new ArrayList<>();

    @BeforeEach
    void start() {
        f = new StackFixture(dir.resolve("data"));
        // no periodic resync within the test: only the image event can start the rollout in time
        f.daemon.close();
        f.daemon = Daemon.start(new Daemon.Config(f.dataDir, null, Duration.ofMinutes(30), 4, 8), Store.open(f.dataDir), f.engine);
        ref = "stackd-test/retag-" + f.stack + ":1";
    }

    @AfterEach
    void stop() {
        f.close();
        for (String id : built) RawEngine.delete("/images/" + id + "?force=1");
    }

    /** Builds FROM the test image, tagged {@link #ref} (the tag moves to it), labelled for the cleanup; its ID. */
    private String tag(String version, String cmd) throws Exception {
        Path context = Files.createDirectories(dir.resolve("image-" + version));
        Files.writeString(context.resolve("Dockerfile"), "FROM " + TestImage.REF + "\nLABEL " + LABEL + "=" + version + "\nCMD " + cmd + "\n");
        String id = f.engine.buildImage(new BuildRequest(new BuildSpec(context.toString(), null, null, null), ref,
                Map.of(LABEL, f.stack)), Duration.ofMinutes(2));
        built.add(id);
        return id;
    }

    /** A replica that stops at once (a shell as PID 1 ignores SIGTERM: each stop would wait its grace period). */
    private static final String SERVE = "[\"sh\", \"-c\", \"trap 'exit 0' TERM; sleep 3600 & wait\"]";

    private String compose(String monitor) {
        return """
                services:
                  web:
                    image: %s
                    stop_grace_period: 1s
                    deploy:
                      replicas: 3
                      update_config: {parallelism: 1, monitor: %s, failure_action: pause}
                """.formatted(ref, monitor);
    }

    private List<ObservedContainer> running(String imageId) {
        return f.containers().stream().filter(c -> c.state() == ObservedContainer.State.RUNNING && imageId.equals(c.imageId())).toList();
    }

    @Test
    void aMovedTagRollsOutReplicaByReplicaPacedByMonitorWithoutANewGeneration() throws Exception {
        String v1 = tag("1", SERVE);
        f.apply(compose("2s"));
        for (int r = 1; r <= 3; r++) f.running(f.name("web", r));
        f.awaitReady();
        assertThat(running(v1)).hasSize(3);

        String v2 = tag("2", SERVE.replace("3600", "3601"));
        Instant tagged = Instant.now();

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> !running(v2).isEmpty());
        Duration firstAfter = Duration.between(tagged, Instant.now());
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> running(v2).size() == 3);
        var starts = running(v2).stream().map(ObservedContainer::startedAt).sorted(Comparator.naturalOrder()).toList();
        System.out.println("image-rollout: first replica on the new image " + firstAfter.toMillis() + " ms after the tag was built; starts "
                + starts);
        // one replica at a time, each once the one before ran monitor (2 s)
        for (int i = 1; i < starts.size(); i++) {
            assertThat(Duration.between(starts.get(i - 1), starts.get(i))).as("gap before replica start %d", i + 1)
                    .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        }
        assertThat(f.containers()).hasSize(3);
        // a tag is not an apply: the same generation, no new revision
        assertThat(f.daemon.store().get(f.stack).orElseThrow().generation()).isEqualTo(1);
        assertThat(f.daemon.store().revisions(f.stack)).hasSize(1);
        f.awaitReady();
    }

    @Test
    void aMovedTagToABadImagePausesAfterTheFirstBatchTheOthersKeepTheOldImage() throws Exception {
        // monitor 10 s: a replica fails its update only within its stop grace and monitor of its create, and this
        // machine may be slow to stop the old one and start the new one
        String v1 = tag("1", SERVE);
        f.apply(compose("10s"));
        for (int r = 1; r <= 3; r++) f.running(f.name("web", r));
        f.awaitReady();

        tag("bad", "[\"sh\", \"-c\", \"exit 1\"]");

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> f.daemon.store().rolloutState(f.stack, 1).hold("web") != null);
        var hold = f.daemon.store().rolloutState(f.stack, 1).hold("web");
        assertThat(hold.action()).isEqualTo(RolloutHold.Action.PAUSE);
        assertThat(hold.reason()).contains("exited (code 1)");
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < until) {
            assertThat(running(v1)).as("the replicas of the later batches").hasSize(2);
            Thread.sleep(500);
        }
    }

    @Test
    void applyPullOfAnImageNoRegistryServesFailsFastNamingItAndStoresNothing() throws Exception {
        var http = new HttpServer(f.daemon, ApiToken.loadOrCreate(f.dataDir));
        int port = http.start("127.0.0.1", 0);
        try {
            var env = Map.of("STACKD_SERVER", "http://127.0.0.1:" + port, "STACKD_DATA_DIR", f.dataDir.toString());
            // only the unreachable image: a pull of the local test image would ask Docker Hub
            Path compose = Files.writeString(dir.resolve("compose.yaml"), """
                    services:
                      web:
                        image: 127.0.0.1:1/none:1
                    """);
            var out = new StringWriter();
            var err = new StringWriter();

            long t0 = System.nanoTime();
            int rc = StackdCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), env,
                    "apply", "-f", compose.toString(), "--name", f.stack, "--pull");
            Duration took = Duration.ofNanos(System.nanoTime() - t0);

            System.out.println("apply --pull of 127.0.0.1:1/none:1: exit " + rc + " after " + took.toMillis() + " ms: " + err);
            assertThat(rc).isNotZero();
            assertThat(err.toString()).contains("127.0.0.1:1/none:1").contains("service web").contains("nothing was applied");
            assertThat(took).isLessThan(Duration.ofSeconds(30));
            assertThat(f.daemon.store().get(f.stack)).isEmpty();
            assertThat(f.containers()).isEmpty();
        } finally {
            http.close();
        }
    }
}
