package dev.stackd.controller.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stackd.controller.cli.StackdCommand;
import dev.stackd.controller.http.ApiToken;
import dev.stackd.controller.http.HttpServer;
import dev.stackd.controller.testing.TestImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user's path: the CLI applies a file to a running server, a container is deleted by hand, events -w shows the repair. */
class CliEndToEndIT {
    @TempDir
    Path dir;

    @Test
    void applyThenKillAContainerAndWatchTheRepair() throws Exception {
        try (var f = new StackFixture(dir.resolve("data"))) {
            var http = new HttpServer(f.daemon, ApiToken.loadOrCreate(f.dataDir));
            int port = http.start("127.0.0.1", 0);
            try {
                var env = Map.of("STACKD_SERVER", "http://127.0.0.1:" + port, "STACKD_DATA_DIR", f.dataDir.toString());
                Path compose = dir.resolve("compose.yaml");
                Files.writeString(compose, """
                        services:
                          web:
                            image: %s
                            command: ["sleep", "3600"]
                        """.formatted(TestImage.REF));

                var out = new StringWriter();
                int rc = StackdCommand.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), env,
                        "apply", "-f", compose.toString(), "--name", f.stack, "--wait", "60s");
                assertThat(rc).isZero();
                assertThat(out.toString()).contains("created");
                var before = f.running(f.name("web", 1));

                var watched = new StringWriter();
                var watcher = Thread.ofPlatform().daemon(true).start(() -> StackdCommand.run(new PrintWriter(watched, true),
                        new PrintWriter(new StringWriter(), true), env, "events", "--stack", f.stack, "-w"));
                f.engine.removeContainer(before.id(), true);

                await().atMost(Duration.ofSeconds(60)).until(() -> f.container(f.name("web", 1))
                        .map(c -> !c.id().equals(before.id()) && c.isRunning()).orElse(false));
                await().atMost(Duration.ofSeconds(30)).until(() -> watched.toString().contains("Started container " + f.name("web", 1) + " missing (x2)"));
                watcher.interrupt();
            } finally {
                http.close();
            }
        }
    }
}
