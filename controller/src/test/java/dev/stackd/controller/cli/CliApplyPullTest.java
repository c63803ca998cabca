package dev.stackd.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.controller.exec.ImagePulls;
import dev.stackd.controller.http.ApiServer;
import dev.stackd.controller.http.ApiServerExtension;
import dev.stackd.controller.http.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code stackd apply --pull}: the server pulls before it stores; the CLI says what, and how long it waits. */
@ExtendWith(ApiServerExtension.class)
class CliApplyPullTest {
    static final String STACK = """
            name: demo
            services:
              web:
                image: example/web:1
              db:
                image: example/db:2
            """;

    @TempDir
    Path project;
    ApiServer api;
    Cli cli;
    Path file;

    @BeforeEach
    void start() throws Exception {
        cli = Cli.against(api.url(), ApiServer.TOKEN);
        file = Files.writeString(project.resolve("compose.yaml"), STACK);
    }

    @Test
    void pullAloneMeansAlwaysAndTheCliNamesTheImagesBeforeAndAfter() {
        api.backend.engine.withRegistry();

        var r = cli.run("apply", "-f", file.toString(), "--pull");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("stack demo created (generation 1)\n");
        assertThat(r.err()).contains("stack demo: pulling example/db:2, example/web:1 on the server")
                .contains("pulled example/db:2, example/web:1");
        assertThat(api.backend.engine.calls()).contains("pull image example/db:2", "pull image example/web:1");
    }

    @Test
    void theModeAndTimeoutGoToTheServer() {
        api.backend.engine.withRegistry().image("example/web:1", "sha256:here");

        var r = cli.run("apply", "-f", file.toString(), "--pull", "missing", "--pull-timeout", "90s", "-o", "json");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Json.read(r.out()).path("pulled").toString()).isEqualTo("[\"example/db:2\"]");
        assertThat(api.backend.engine.calls().stream().filter(c -> c.startsWith("pull image")).toList())
                .containsExactly("pull image example/db:2");
    }

    @Test
    void aFailedPullFailsTheApplyNamingTheImageAndNothingIsStored() {
        // no registry here: the engine refuses the pull, as for 127.0.0.1:1/none:1
        var r = cli.run("apply", "-f", file.toString(), "--pull=always");

        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("example/db:2").contains("service db").contains("nothing was applied");
        assertThat(api.store.get("demo")).isEmpty();
    }

    @Test
    void anUnknownPolicyIsRefusedByTheServerNamingTheParameter() {
        var r = cli.run("apply", "-f", file.toString(), "--pull=sometimes");

        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("pull must be always, missing or never");
        assertThat(api.store.get("demo")).isEmpty();
    }

    @Test
    void aLongWaitSaysItStillPulls() throws Exception {
        var err = new StringWriter();
        var targets = List.of(new ImagePulls.Target("example/web:1", "web"));

        try (var progress = PullProgress.start(new PrintWriter(err), "demo", "always", targets, Duration.ofMillis(20))) {
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!err.toString().contains("still pulling") && System.nanoTime() < until) Thread.sleep(10);
            progress.pulled(Json.read("[\"example/web:1\"]"));
        }

        assertThat(err.toString()).startsWith("stack demo: pulling example/web:1 on the server\n")
                .contains("  still pulling (").contains("  pulled example/web:1 (");
    }
}
