package dev.stackd.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.controller.http.ApiServer;
import dev.stackd.controller.http.ApiServerExtension;
import dev.stackd.controller.http.Json;
import dev.stackd.controller.store.StackRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(ApiServerExtension.class)
class CliApplyTest {
    static final String WEB = """
            name: demo
            services:
              web:
                image: nginx:${TAG:-1.27}
                volumes: ["./html:/usr/share/nginx/html:ro"]
            """;

    @TempDir
    Path project;
    /** A server per test, on a data dir of its own: {@link ApiServerExtension}. */
    ApiServer api;
    Cli cli;
    Path file;

    @BeforeEach
    void start() throws Exception {
        cli = Cli.against(api.url(), ApiServer.TOKEN);
        file = write(WEB);
    }

    private Path write(String text) throws Exception {
        return Files.writeString(project.resolve("compose.yaml"), text);
    }

    @Test
    void appliesTheNormalisedSpecWithAbsolutePathsAndKeepsTheFileAsSource() {
        var r = cli.run("apply", "-f", file.toString());

        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("stack demo created (generation 1)\n");
        StackRecord stored = api.store.get("demo").orElseThrow();
        assertThat(stored.sourceText()).isEqualTo(WEB);
        var mount = Json.read(stored.specJson()).path("services").path("web").path("volumes").get(0);
        assertThat(mount.path("source").asText()).isEqualTo(project.resolve("html").toString());
        assertThat(api.backend.changed).containsExactly("demo");
    }

    @Test
    void envFileAndDotEnvAreReadHereAndTheirValuesSentWhileTheServerReadsNeither() throws Exception {
        Files.writeString(project.resolve(".env"), "TAG=1.29\n");
        Files.writeString(project.resolve("app.env"), "GREETING=hello from the client\nexport MODE='prod'\n");
        String compose = """
                name: demo
                services:
                  web:
                    image: nginx:${TAG}
                    env_file: app.env
                    environment: {MODE: override}
                """;
        write(compose);

        var r = cli.run("apply", "-f", file.toString());

        assertThat(r.code()).as(r.err()).isZero();
        var web = Json.read(api.store.get("demo").orElseThrow().specJson()).path("services").path("web");
        assertThat(web.path("image").asText()).isEqualTo("nginx:1.29");
        assertThat(web.path("environment").path("GREETING").asText()).isEqualTo("hello from the client");
        assertThat(web.path("environment").path("MODE").asText()).isEqualTo("override");
        // the same file sent as it is: the server has no access to app.env (nor .env), so it refuses, naming the field
        var raw = api.putYaml("raw", compose);
        assertThat(raw.statusCode()).isEqualTo(422);
        assertThat(Json.read(raw.body()).path("details")).extracting(d -> d.path("path").asText()).contains("services.web.env_file");
        assertThat(api.store.get("raw")).isEmpty();
    }

    @Test
    void saysWhetherTheStackWasUpdatedOrUnchanged() throws Exception {
        cli.run("apply", "-f", file.toString());

        assertThat(cli.run("apply", "-f", file.toString()).out()).isEqualTo("stack demo unchanged (generation 1)\n");
        write(WEB.replace("1.27", "1.28"));
        assertThat(cli.run("apply", "-f", file.toString()).out()).isEqualTo("stack demo updated to generation 2\n");
    }

    @Test
    void interpolatesFromTheCallersEnvironmentAndTheNameFlagWins() {
        var withEnv = new Cli(Map.of("STACKD_SERVER", api.url(), "STACKD_TOKEN", ApiServer.TOKEN, "TAG", "1.29"));

        var r = withEnv.run("apply", "-f", file.toString(), "--name", "other");

        assertThat(r.code()).isZero();
        var spec = Json.read(api.store.get("other").orElseThrow().specJson());
        assertThat(spec.path("services").path("web").path("image").asText()).isEqualTo("nginx:1.29");
        assertThat(api.store.get("demo")).isEmpty();
    }

    @Test
    void anInvalidFileFailsLocallyWithOneErrorPerLineAndSendsNothing() throws Exception {
        write("""
                services:
                  web:
                    image: nginx
                    ports: ["99999:80"]
                """);

        var r = cli.run("apply", "-f", file.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("is invalid:").containsPattern("\nservices\\.web\\.ports\\[0] \\(4:\\d+\\): ");
        assertThat(r.err()).doesNotContain("Exception");
        assertThat(api.store.list()).isEmpty();
    }

    @Test
    void aMissingFileIsAFailureAndAMissingFlagAUsageError() {
        assertThat(cli.run("apply", "-f", project.resolve("nope.yaml").toString()).code()).isEqualTo(1);
        // -f is optional (the default files are looked for), but not its value
        var usage = cli.run("apply", "-f");
        assertThat(usage.code()).isEqualTo(2);
        assertThat(usage.err()).contains("Missing required parameter");
    }

    @Test
    void aDryRunPrintsThePlanAndStoresNothing() {
        var r = cli.run("apply", "-f", file.toString(), "--dry-run");

        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("plan for stack demo\ninfrastructure:\n  pull image nginx:1.27: missing\n");
        assertThat(api.store.list()).isEmpty();
    }

    @Test
    void printsTheServersAnswerAsJson() {
        var r = cli.run("apply", "-f", file.toString(), "-o", "json");

        assertThat(r.code()).isZero();
        assertThat(Json.read(r.out()).path("generation").asLong()).isEqualTo(1);
        assertThat(Json.read(r.out()).path("created").asBoolean()).isTrue();
    }

    @Test
    void waitEndsWhenTheStackIsReady() {
        api.backend.onChanged = name -> api.store.setStatus(name, 1, """
                {"observedGeneration":1,"conditions":[{"type":"Ready","status":"True","reason":"AllRunning"}],
                 "services":[{"name":"web","desired":1,"running":1}]}""");

        var r = cli.run("apply", "-f", file.toString(), "--wait");

        assertThat(r.code()).isZero();
        assertThat(r.err()).contains("stack demo is ready");
    }

    @Test
    void waitGoesOnWhileARolloutIsUnderWayThoughTheOldReplicasAreReady() {
        api.backend.onChanged = name -> {
            api.store.setStatus(name, 1, """
                    {"observedGeneration":1,"conditions":[{"type":"Ready","status":"True","reason":"AllServicesReady"},
                     {"type":"Progressing","status":"True","reason":"RollingOut","message":"web update: 1/3 replicas updated"}],
                     "services":[{"name":"web","desired":3,"running":3,"ready":3}]}""");
            Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(1500);
                } catch (InterruptedException e) {
                    return;
                }
                api.store.setStatus(name, 1, """
                        {"observedGeneration":1,"conditions":[{"type":"Ready","status":"True","reason":"AllServicesReady"},
                         {"type":"Progressing","status":"False","reason":"Converged"}],
                         "services":[{"name":"web","desired":3,"running":3,"ready":3}]}""");
            });
        };

        var r = cli.run("apply", "-f", file.toString(), "--wait", "30s");

        assertThat(r.code()).isZero();
        assertThat(r.err()).contains("waiting for stack demo: 1/1 services ready, Progressing: RollingOut")
                .contains("stack demo is ready");
    }

    @Test
    void theListSaysARolloutIsUnderWay() {
        api.backend.onChanged = name -> api.store.setStatus(name, 1, """
                {"observedGeneration":1,"conditions":[{"type":"Ready","status":"True","reason":"AllServicesReady"},
                 {"type":"Progressing","status":"True","reason":"RollingOut"}],
                 "services":[{"name":"web","desired":3,"running":3,"ready":3}]}""");
        cli.run("apply", "-f", file.toString());

        var r = cli.run("get");

        assertThat(r.out()).contains("True (RollingOut)");
        var summary = Json.read(cli.run("get", "-o", "json").out()).get(0).path("summary");
        assertThat(summary.path("progressing").asText()).isEqualTo("True");
        assertThat(summary.path("progressingReason").asText()).isEqualTo("RollingOut");
    }

    @Test
    void waitFailsWhenTheStackIsDegraded() {
        api.backend.onChanged = name -> api.store.setStatus(name, 1, """
                {"conditions":[{"type":"Ready","status":"False","reason":"BackOff"},
                 {"type":"Degraded","status":"True","reason":"CrashLoop","message":"web exited 5 times"}]}""");

        var r = cli.run("apply", "-f", file.toString(), "--wait", "30s");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("stack demo is degraded: CrashLoop: web exited 5 times");
    }

    @Test
    void waitShowsProgressAndGivesUpAtTheTimeout() {
        api.backend.onChanged = name -> api.store.setStatus(name, 1, """
                {"conditions":[{"type":"Ready","status":"False","reason":"Starting"},
                 {"type":"Progressing","status":"True","reason":"Creating"}],
                 "services":[{"name":"web","desired":2,"running":1},{"name":"db","desired":1,"running":1}]}""");

        var r = cli.run("apply", "-f", file.toString(), "--wait", "1s");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("waiting for stack demo: 1/2 services ready, Progressing: Creating")
                .contains("timed out after 1s waiting for stack demo to be ready");
    }

    @Test
    void aServerThatIsDownIsSaidPlainly() {
        var r = Cli.against("http://127.0.0.1:1", ApiServer.TOKEN).run("apply", "-f", file.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("cannot reach stackd at http://127.0.0.1:1: is `stackd serve` running?\n");
    }

    @Test
    void aWrongTokenIsUnauthorized() {
        var r = Cli.against(api.url(), "wrong").run("apply", "-f", file.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("unauthorized: check --token / the token file\n");
        assertThat(api.store.list()).isEmpty();
    }

    @Test
    void theTokenComesFromTheTokenFileInTheDataDirectory(@TempDir Path clientDataDir) throws Exception {
        Files.writeString(clientDataDir.resolve("token"), ApiServer.TOKEN + "\n");
        var noToken = new Cli(Map.of());

        var r = noToken.run("apply", "-f", file.toString(), "--server", api.url(), "--data-dir", clientDataDir.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(api.store.get("demo")).isPresent();
    }

    @Test
    void theTokenFlagWinsOverTheEnvironment() {
        var r = Cli.against(api.url(), "wrong").run("apply", "-f", file.toString(), "--token", ApiServer.TOKEN);

        assertThat(r.code()).isZero();
    }

    @Test
    void serverSideRefusalsArePrintedWithTheirDetails() {
        api.backend.onChanged = name -> { };
        cli.run("apply", "-f", file.toString());
        cli.run("delete", "demo");

        var r = cli.run("apply", "-f", file.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: stack demo is being deleted");
    }
}
