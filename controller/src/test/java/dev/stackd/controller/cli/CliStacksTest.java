package dev.stackd.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.controller.http.ApiServer;
import dev.stackd.controller.http.ApiServerExtension;
import dev.stackd.controller.http.Json;
import dev.stackd.controller.event.EventDraft;
import dev.stackd.controller.event.ObjectRef;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** get, describe and delete against a running test server. */
@ExtendWith(ApiServerExtension.class)
class CliStacksTest {
    static final String WEB = """
            services:
              web:
                image: nginx:1.27
              db:
                image: postgres:17
            """;
    static final String STATUS = """
            {"observedGeneration":1,
             "conditions":[{"type":"Ready","status":"False","reason":"BackOff","message":"db is restarting","lastTransitionTime":"2026-01-02T03:04:05Z"},
                           {"type":"Progressing","status":"True","reason":"Starting"}],
             "services":[{"name":"db","desired":1,"running":0,"healthy":null,"restarts":3,"lastExitCode":1,"backoffUntil":"2026-01-02T03:05:00Z"},
                         {"name":"web","desired":1,"running":1,"healthy":1,"restarts":0}],
             "containers":[{"id":"0123456789abcdef0123","name":"demo-web-1","service":"web","state":"running","health":"healthy"}]}""";

    /** A server per test, on a data dir of its own: {@link ApiServerExtension}. */
    ApiServer api;
    Cli cli;

    @BeforeEach
    void start() {
        cli = Cli.against(api.url(), ApiServer.TOKEN);
        api.putYaml("demo", WEB);
        api.store.setStatus("demo", 1, STATUS);
        api.putYaml("empty", "services:\n  one:\n    image: busybox\n");
    }

    @Test
    void getPrintsATableOfEveryStack() {
        var r = cli.run("get");

        assertThat(r.code()).isZero();
        var lines = r.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).matches("NAME +GENERATION +READY +SERVICES +AGE");
        assertThat(lines.get(1)).matches("demo +1 +False +1/2 +\\d+s");
        assertThat(lines.get(2)).matches("empty +1 \\(seen 0\\) +Unknown +0/0 +\\d+s");
    }

    @Test
    void getOneStackAndAsJsonOrYaml() {
        assertThat(cli.run("get", "demo").out().lines().toList()).hasSize(2);

        var json = cli.run("get", "demo", "-o", "json");
        assertThat(Json.read(json.out()).path("spec").path("services").path("db").path("image").asText()).isEqualTo("postgres:17");

        var yaml = cli.run("get", "-o", "yaml");
        assertThat(yaml.out()).contains("- name: demo").contains("  generation: 1");
    }

    @Test
    void getAnUnknownStackFails() {
        var r = cli.run("get", "nope");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: stack nope not found\n");
    }

    @Test
    void describeShowsConditionsServicesContainersAndTheLatestEvents() {
        for (int i = 1; i <= 25; i++) {
            api.store.record(EventDraft.normal("demo", "web", ObjectRef.container("demo-web-1"), "Event" + i, "number " + i));
        }
        api.store.record(EventDraft.warning("empty", null, ObjectRef.network("empty_default"), "Elsewhere", "not demo's"));

        var r = cli.run("describe", "demo");

        assertThat(r.code()).isZero();
        String out = r.out();
        assertThat(out).contains("Name:                demo").contains("Generation:          1");
        assertThat(out).containsPattern("  Ready +False +BackOff +2026-01-02T03:04:05Z +db is restarting");
        assertThat(out).containsPattern("  db +1 +0 +<none> +3 +1 +2026-01-02T03:05:00Z");
        assertThat(out).containsPattern("  demo-web-1 +web +running +healthy +0123456789ab");
        assertThat(out).contains("Normal Event6 container demo-web-1 number 6").contains("Event25")
                .doesNotContain("Event5 ").doesNotContain("Elsewhere");
    }

    @Test
    void describeAsJsonCarriesTheEventsToo() {
        api.store.record(EventDraft.normal("demo", "web", ObjectRef.container("demo-web-1"), "Created", "created"));

        var r = cli.run("describe", "demo", "-o", "json");

        assertThat(Json.read(r.out()).path("events").get(0).path("reason").asText()).isEqualTo("Created");
        assertThat(Json.read(r.out()).path("status").path("containers").size()).isEqualTo(1);
    }

    @Test
    void deleteMarksTheStack() {
        var r = cli.run("delete", "demo", "--volumes");

        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("stack demo is being deleted, with its volumes\n");
        assertThat(api.store.get("demo").orElseThrow().deleteVolumes()).isTrue();
        assertThat(cli.run("get", "demo").out()).containsPattern("demo +1 +Deleting");
    }

    @Test
    void deletingAnUnknownStackFails() {
        var r = cli.run("delete", "nope");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: stack nope not found\n");
    }
}
