package dev.stackd.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.controller.http.ApiServer;
import dev.stackd.controller.http.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** apply, diff and validate on a project of several files: merged here, stored with its files and profiles. */
class CliProjectTest {
    @TempDir
    Path dataDir;
    @TempDir
    Path project;
    ApiServer api;
    Cli cli;

    @BeforeEach
    void start() throws Exception {
        api = new ApiServer(dataDir);
        cli = Cli.against(api.url(), ApiServer.TOKEN);
        Files.writeString(project.resolve("compose.yaml"), """
                name: demo
                services:
                  web: {image: "nginx:1.27", environment: {A: "1"}}
                  debug: {image: busybox, profiles: [debug]}
                """);
        Files.writeString(project.resolve("compose.override.yaml"), """
                services:
                  web: {image: "nginx:1.29", environment: {B: "2"}}
                """);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void withoutDashFTheDefaultFileAndItsOverrideAreMergedAndStoredWithTheirNamesAndProfiles() {
        var r = cli.run("apply", "--project-directory", project.toString(), "--profile", "debug");

        assertThat(r.code()).as(r.err()).isZero();
        var stored = api.store.get("demo").orElseThrow();
        var spec = Json.read(stored.specJson());
        assertThat(spec.path("services").path("web").path("image").asText()).isEqualTo("nginx:1.29");
        assertThat(spec.path("services").path("web").path("environment").path("A").asText()).isEqualTo("1");
        assertThat(spec.path("services").path("debug").isObject()).isTrue();
        var origin = Json.read(stored.originJson());
        assertThat(origin.path("files").get(0).asText()).isEqualTo(project.resolve("compose.yaml").toString());
        assertThat(origin.path("files").get(1).asText()).isEqualTo(project.resolve("compose.override.yaml").toString());
        assertThat(origin.path("profiles").get(0).asText()).isEqualTo("debug");
        // the server serves them back, and diff sees no change when the same project is loaded again
        var detail = Json.read(api.get("/api/v1/stacks/demo").body());
        assertThat(detail.path("files").size()).isEqualTo(2);
        assertThat(detail.path("profiles").get(0).asText()).isEqualTo("debug");
        var diff = cli.run("diff", "--project-directory", project.toString(), "--profile", "debug");
        assertThat(diff.out()).as(diff.err()).isEqualTo("no changes\n");
    }

    @Test
    void repeatedDashFMergesInOrderAndAnErrorNamesItsFile() throws Exception {
        Path broken = Files.writeString(project.resolve("broken.yaml"), "services:\n  web:\n    ports: [\"99999:80\"]\n");
        var r = cli.run("validate", "-f", project.resolve("compose.yaml").toString(), "-f", broken.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("services.web.ports[0] (broken.yaml:3:13)");

        var ok = cli.run("validate", "-f", project.resolve("compose.yaml").toString(), "-f",
                project.resolve("compose.override.yaml").toString());
        assertThat(ok.out()).as(ok.err()).isEqualTo("ok: stack demo, 1 service from 2 files\n");
    }

    @Test
    void severalDefaultFilesWarnAndTheFirstIsUsed() throws Exception {
        Files.writeString(project.resolve("docker-compose.yml"), "name: old\nservices: {web: {image: old}}\n");
        var r = cli.run("validate", "--project-directory", project.toString());

        assertThat(r.out()).isEqualTo("ok: stack demo, 1 service from 2 files\n");
        assertThat(r.err()).contains("warning: found several compose files").contains("using " + project.resolve("compose.yaml"));
    }

    @Test
    void aRawComposeBodyThatIncludesAFileIs422NamingTheField() {
        var r = api.putYaml("demo", "include: [/etc/other.yaml]\nservices: {web: {image: a}}\n");

        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.body()).contains("\"path\":\"include\"").contains("the server reads no file");
    }
}
