package dev.stackd.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.controller.http.ApiServer;
import dev.stackd.controller.http.ApiServerExtension;
import dev.stackd.controller.http.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** plan and restart against a running test server (its fake backend plans one start; restarts are stored requests). */
@ExtendWith(ApiServerExtension.class)
class CliPlanRestartTest {
    /** A server per test, on a data dir of its own: {@link ApiServerExtension}. */
    ApiServer api;
    Cli cli;

    @BeforeEach
    void start() {
        cli = Cli.against(api.url(), ApiServer.TOKEN);
        api.putYaml("demo", CliStacksTest.WEB);
        api.store.setStatus("demo", 1, CliStacksTest.STATUS);
    }

    @Test
    void planPrintsWhatTheNextReconcileWouldDo() {
        var r = cli.run("plan", "demo");

        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("""
                plan for stack demo
                service web:
                  start container demo-web-1: exited (code 1)
                """);
        assertThat(r.err()).isEmpty();
    }

    @Test
    void planAsJsonOrYamlIsTheApisAnswer() {
        var json = Json.read(cli.run("plan", "demo", "-o", "json").out());
        assertThat(json.path("operations").get(0).path("verb").asText()).isEqualTo("start");
        assertThat(json.path("operations").get(0).path("service").asText()).isEqualTo("web");
        assertThat(json.path("plan").asText()).startsWith("plan for stack demo\n");

        var yaml = cli.run("plan", "demo", "-o", "yaml");
        assertThat(yaml.code()).isZero();
        assertThat(yaml.out()).contains("operations:").contains("verb: start");
    }

    @Test
    void planOfAnUnknownStackFails() {
        var r = cli.run("plan", "nope");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: stack nope not found\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void planNeedsAName() {
        assertThat(cli.run("plan").code()).isEqualTo(2);
    }

    @Test
    void restartRecordsARequestAndSaysWhatComesWithoutDoingIt() {
        var r = cli.run("restart", "demo", "web");

        assertThat(r.code()).isZero();
        var requested = api.store.restartRequests("demo").get("web");
        assertThat(requested).isNotNull();
        assertThat(r.out()).isEqualTo("restart of service web of stack demo requested at " + requested
                + "; the replicas started before then are restarted one by one (stackd describe demo shows how far)\n");
        assertThat(api.backend.changed).contains("demo");
    }

    @Test
    void describeShowsARestartsProgress() {
        api.store.setStatus("demo", 1, """
                {"observedGeneration":1,"conditions":[],
                 "services":[{"name":"web","desired":3,"running":3,"healthy":2,"restarts":0,
                              "restart":{"requestedAt":"2026-01-02T03:04:05Z","restarted":1,"total":3,"waitingFor":"demo-web-1"}},
                             {"name":"db","desired":1,"running":1,"healthy":1,"restarts":0}],
                 "containers":[]}""");

        var r = cli.run("describe", "demo");

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("""
                Restarts:
                  SERVICE  REQUESTED             RESTARTED  WAITING FOR
                  web      2026-01-02T03:04:05Z  1/3        demo-web-1
                """);
    }

    @Test
    void restartOfAnUnknownStackOrServiceFailsAndRestartsNothing() {
        var stack = cli.run("restart", "nope", "web");
        var service = cli.run("restart", "demo", "nope");

        assertThat(stack.code()).isEqualTo(1);
        assertThat(stack.err()).isEqualTo("error: stack nope not found\n");
        assertThat(service.code()).isEqualTo(1);
        assertThat(service.err()).isEqualTo("error: service nope of stack demo not found\n");
        assertThat(api.store.restartRequests("demo")).isEmpty();
    }

    @Test
    void restartOfAStackBeingDeletedFails() {
        cli.run("delete", "demo");

        var r = cli.run("restart", "demo", "web");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: stack demo is being deleted\n");
    }

    @Test
    void restartNeedsAStackAndAService() {
        assertThat(cli.run("restart", "demo").code()).isEqualTo(2);
    }
}
