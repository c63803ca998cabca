package dev.stackd.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.controller.http.ApiServer;
import dev.stackd.controller.http.ApiServerExtension;
import dev.stackd.controller.http.Json;
import dev.stackd.controller.observe.RolloutHold;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** history, rollback and rollout against a running test server over a real store. */
@ExtendWith(ApiServerExtension.class)
class CliRevisionsTest {
    ApiServer api;
    Cli cli;

    private static String web(String tag) {
        return CliStacksTest.WEB.replace("nginx:1.27", "nginx:" + tag);
    }

    private static String status(long generation, String ready, String progressing, String reason, String message) {
        return """
                {"observedGeneration":%d,
                 "conditions":[{"type":"Ready","status":"%s","reason":"x","message":"m"},
                               {"type":"Progressing","status":"%s","reason":"%s","message":"%s"},
                               {"type":"Degraded","status":"False","reason":"AsExpected","message":"m"}],
                 "services":[],"containers":[]}""".formatted(generation, ready, progressing, reason, message);
    }

    @BeforeEach
    void start() {
        cli = Cli.against(api.url(), ApiServer.TOKEN);
        api.putYaml("demo", web("1.27"));
        api.putYaml("demo", web("1.28"));
    }

    @Test
    void historyIsATableNewestFirst() {
        var r = cli.run("history", "demo");

        assertThat(r.code()).isZero();
        var lines = r.out().lines().toList();
        assertThat(lines.getFirst()).matches("GENERATION\\s+TIME\\s+OUTCOME\\s+CHANGED");
        assertThat(lines.get(1)).matches("2 \\(current\\)\\s+\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\s+Progressing\\s+web");
        assertThat(lines.get(2)).matches("1\\s+\\S+\\s+Superseded\\s+db,web");
        assertThat(lines).hasSize(3);
        assertThat(Json.read(cli.run("history", "demo", "-o", "json").out()).get(0).path("generation").asLong()).isEqualTo(2);
        assertThat(cli.run("history", "nope").code()).isEqualTo(1);
    }

    @Test
    void rollbackAppliesThePreviousRevisionOrTheOneAsked() {
        var r = cli.run("rollback", "demo");

        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("stack demo rolled back to generation 1's spec (now generation 3)\n");
        assertThat(api.store.get("demo").orElseThrow().specJson()).contains("nginx:1.27");

        var to = cli.run("rollback", "demo", "--to", "2");
        assertThat(to.out()).isEqualTo("stack demo rolled back to generation 2's spec (now generation 4)\n");
        var unknown = cli.run("rollback", "demo", "--to", "9");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("keeps no revision 9");
        assertThat(cli.run("rollback", "demo", "--to", "0").code()).isEqualTo(1);
    }

    @Test
    void rolloutResumeSaysWhatWasPaused() {
        api.store.holdRollout("demo", RolloutHold.pause("web", 2, "demo-web-1 exited (code 1)", Instant.now()));

        assertThat(cli.run("rollout", "resume", "demo").out()).isEqualTo("rollout of stack demo resumed (web)\n");
        assertThat(cli.run("rollout", "resume", "demo").out()).isEqualTo("stack demo has no paused rollout\n");
    }

    @Test
    void rolloutStatusEndsAtDoneZeroAndAtPausedOrRolledBackOne() {
        api.store.setStatus("demo", 2, status(2, "True", "False", "Converged", "nothing to do"));
        var done = cli.run("rollout", "status", "demo");
        assertThat(done.code()).isZero();
        assertThat(done.out()).isEqualTo("generation 2: Converged: nothing to do\nrollout of stack demo to generation 2 is complete\n");

        api.store.setStatus("demo", 2, status(2, "False", "False", "RolloutPaused", "web update: 1/3 replicas updated (batches of 1); paused"));
        var paused = cli.run("rollout", "status", "demo");
        assertThat(paused.code()).isEqualTo(1);
        assertThat(paused.out()).contains("RolloutPaused: web update: 1/3 replicas updated");

        api.store.setStatus("demo", 2, status(2, "True", "False", "RolledBack", "web: generation 2 failed"));
        assertThat(cli.run("rollout", "status", "demo").code()).isEqualTo(1);
    }
}
