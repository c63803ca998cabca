package dev.stackd.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.controller.http.ApiServer;
import dev.stackd.controller.http.ApiServerExtension;
import dev.stackd.controller.http.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** plan and restart against a running test server (its fake backend plans one start and records restarts). */
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
    void restartAsksTheControllerAndNamesTheServicesContainers() {
        var r = cli.run("restart", "demo", "web");

        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("restarting service web of stack demo: demo-web-1\n");
        assertThat(api.backend.restarted).containsExactly("demo/web");
    }

    @Test
    void restartOfAServiceWithoutKnownContainersSaysSoBriefly() {
        var r = cli.run("restart", "demo", "db");

        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("restarting service db of stack demo\n");
        assertThat(api.backend.restarted).containsExactly("demo/db");
    }

    @Test
    void restartOfAnUnknownStackOrServiceFailsAndRestartsNothing() {
        var stack = cli.run("restart", "nope", "web");
        var service = cli.run("restart", "demo", "nope");

        assertThat(stack.code()).isEqualTo(1);
        assertThat(stack.err()).isEqualTo("error: stack nope not found\n");
        assertThat(service.code()).isEqualTo(1);
        assertThat(service.err()).isEqualTo("error: service nope of stack demo not found\n");
        assertThat(api.backend.restarted).isEmpty();
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
