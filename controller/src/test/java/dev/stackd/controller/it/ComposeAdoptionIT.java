package dev.stackd.controller.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.controller.cli.StackdCommand;
import dev.stackd.controller.engine.Labels;
import dev.stackd.controller.http.ApiToken;
import dev.stackd.controller.http.HttpServer;
import dev.stackd.controller.engine.ObservedContainer;
import dev.stackd.controller.testing.TestImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Moving a project from docker compose: a real docker-compose (Debian's 1.29, v1 names {@code p_db_1}) starts two
 * services and a named volume holding a file; stackd refuses the project (409) until it is applied with --adopt, then
 * keeps the container that matches the spec (same ID, never restarted), recreates the one that differs, leaves the
 * volume's data alone, and docker-compose ps still lists the project.
 */
class ComposeAdoptionIT {
    @TempDir
    Path dir;

    private static final String COMPOSE = """
            services:
              db:
                image: %s
                command: ["sleep", "3600"]
                volumes:
                  - data:/data
              web:
                image: %s
                command: ["sleep", "%s"]
            volumes:
              data: {}
            """;

    record Run(int rc, String out) {}

    private static Run run(Path cwd, String... command) throws IOException, InterruptedException {
        var p = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", command));
        }
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static Map<String, ObservedContainer> byName(StackFixture f) {
        return f.engine.listContainers(Labels.COMPOSE_PROJECT, f.stack).stream()
                .collect(Collectors.toMap(ObservedContainer::name, c -> c));
    }

    @Test
    void adoptsARunningComposeProject() throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        String p;
        try (var f = new StackFixture(dir.resolve("data"))) {
            p = f.stack;
            try {
                Files.writeString(project.resolve("docker-compose.yml"), COMPOSE.formatted(TestImage.REF, TestImage.REF, "3601"));
                var up = run(project, "docker-compose", "-p", p, "up", "-d");
                assertThat(up.rc()).as(up.out()).isZero();
                var write = run(project, "docker", "exec", p + "_db_1", "sh", "-c", "echo kept > /data/file");
                assertThat(write.rc()).as(write.out()).isZero();
                var before = byName(f);
                assertThat(before).containsOnlyKeys(p + "_db_1", p + "_web_1");

                var http = new HttpServer(f.daemon, ApiToken.loadOrCreate(f.dataDir));
                int port = http.start("127.0.0.1", 0);
                try {
                    var env = Map.of("STACKD_SERVER", "http://127.0.0.1:" + port, "STACKD_DATA_DIR", f.dataDir.toString());
                    // stackd's file: web's command changed, db's is compose's own
                    Path stackdFile = dir.resolve("stackd.yaml");
                    Files.writeString(stackdFile, COMPOSE.formatted(TestImage.REF, TestImage.REF, "3602"));

                    var out = new StringWriter();
                    var err = new StringWriter();
                    int refused = StackdCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), env,
                            "apply", "-f", stackdFile.toString(), "--name", p);
                    assertThat(refused).isNotZero();
                    assertThat(err.toString()).contains("docker compose's project " + p, "container " + p + "_db_1",
                            "container " + p + "_web_1", "network " + p + "_default", "volume " + p + "_data", "--adopt",
                            "docker compose down");
                    assertThat(f.daemon.store().get(p)).isEmpty();
                    assertThat(byName(f)).isEqualTo(before); // nothing started beside them

                    err = new StringWriter();
                    int rc = StackdCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), env,
                            "apply", "-f", stackdFile.toString(), "--name", p, "--adopt", "--wait", "90s");
                    assertThat(rc).as(err.toString()).isZero();
                } finally {
                    http.close();
                }

                var after = byName(f);
                var db = after.get(p + "_db_1");
                assertThat(db).as("db kept: %s", after.keySet()).isNotNull();
                assertThat(db.id()).isEqualTo(before.get(p + "_db_1").id());
                assertThat(db.startedAt()).isEqualTo(before.get(p + "_db_1").startedAt()); // not restarted
                assertThat(after).doesNotContainKey(p + "_web_1");
                var web = after.get(p + "-web-1");
                assertThat(web).as("web recreated: %s", after.keySet()).isNotNull();
                assertThat(web.id()).isNotEqualTo(before.get(p + "_web_1").id());
                assertThat(web.isRunning()).isTrue();
                assertThat(after).hasSize(2); // no second copy of anything

                var file = run(project, "docker", "exec", p + "_db_1", "cat", "/data/file");
                assertThat(file.out().strip()).isEqualTo("kept");
                var ps = run(project, "docker-compose", "-p", p, "ps");
                assertThat(ps.rc()).as(ps.out()).isZero();
                assertThat(ps.out()).contains(p + "_db_1", p + "-web-1");

                assertThat(f.reasons()).contains("Adopted container " + p + "_db_1", "Adopted container " + p + "_web_1",
                        "Adopted network " + p + "_default", "Adopted volume " + p + "_data", "Recreated container " + p + "-web-1-stackd-new");
                // adopted as they are: compose's network (attachable, as v1 makes it) is neither recreated nor left
                assertThat(f.reasons()).noneMatch(r -> r.startsWith("NetworkRecreated") || r.startsWith("Disconnected"));
                var messages = f.daemon.store().events(p, 0, 10_000).stream()
                        .map(e -> e.reason() + " " + e.object() + ": " + e.message()).toList();
                assertThat(messages).anyMatch(m -> m.startsWith("Adopted container " + p + "_db_1: matches the spec"));
                assertThat(messages).anyMatch(m -> m.startsWith("Adopted container " + p + "_web_1: differs from the spec (command [sleep, 3601] -> [sleep, 3602])"));
            } finally {
                f.daemon.close(); // no reconcile while compose takes its project down
                List<String> down = List.of("docker-compose", "-p", p, "down", "-v");
                var r = run(project, down.toArray(String[]::new));
                assertThat(r.rc()).as(r.out()).isZero();
            }
        }
    }
}
