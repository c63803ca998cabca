package dev.stackd.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stackd.controller.engine.Labels;
import dev.stackd.controller.engine.LogLine;
import dev.stackd.controller.engine.LogLine.Output;
import dev.stackd.controller.engine.ObservedContainer;
import dev.stackd.controller.http.ApiServer;
import dev.stackd.controller.http.ApiServerExtension;
import dev.stackd.controller.event.EventDraft;
import dev.stackd.controller.event.ObjectRef;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ApiServerExtension.class)
class CliLogsTest {
    static final Instant T = Instant.parse("2026-01-02T03:04:05Z");

    /** A server per test, on a data dir of its own: {@link ApiServerExtension}. */
    ApiServer api;
    Cli cli;
    ObservedContainer web1;
    ObservedContainer web2;

    @BeforeEach
    void start() {
        cli = Cli.against(api.url(), ApiServer.TOKEN);
        api.putYaml("demo", """
                services:
                  web: {image: nginx, deploy: {replicas: 2}}
                  db: {image: postgres}
                """);
        web1 = container("web", 1);
        web2 = container("web", 2);
        log(web1, 1, Output.STDOUT, "one up");
        log(web2, 2, Output.STDERR, "two complains");
        log(web1, 3, Output.STDOUT, "one serves");
    }

    ObservedContainer container(String service, int replica) {
        return api.backend.engine.runContainer("demo-" + service + "-" + replica,
                Map.of(Labels.STACK, "demo", Labels.SERVICE, service, Labels.REPLICA, Integer.toString(replica)));
    }

    void log(ObservedContainer c, long seconds, Output stream, String text) {
        api.backend.engine.log(c.id(), new LogLine(stream, T.plusSeconds(seconds), text, false));
    }

    @Test
    void printsTheReplicasLinesInTimeOrderAfterTheirNamesPlainlyWhenPiped() {
        var r = cli.run("logs", "demo", "web");

        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("""
                demo-web-1 | one up
                demo-web-2 | two complains
                demo-web-1 | one serves
                """);
        assertThat(cli.run("logs", "demo", "-t", "--tail", "1").out()).isEqualTo("""
                demo-web-2 | 2026-01-02T03:04:07Z two complains
                demo-web-1 | 2026-01-02T03:04:08Z one serves
                """);
    }

    @Test
    void aColourPerContainerWhenAskedAndEachPrefixResetAtOnce() {
        var r = cli.run("logs", "demo", "--color", "always");

        var lines = r.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("\u001b[36mdemo-web-1 |\u001b[0m one up");
        assertThat(lines.get(1)).isEqualTo("\u001b[33mdemo-web-2 |\u001b[0m two complains");
        assertThat(lines.get(2)).startsWith("\u001b[36mdemo-web-1 |");
    }

    @Test
    void aQueryOutOfRangeIsRefusedNamingTheOption() {
        var r = cli.run("logs", "demo", "--tail", "20000", "--since", "soon");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("since").contains("tail: must be a number of lines from 0 to 10000");
        assertThat(cli.run("logs", "nope").err()).contains("stack nope not found");
    }

    @Test
    void followGoesOnAcrossAServerRestartWithoutRepeatsAndEndsWhenTheStackIsDeleted() throws Exception {
        cli.sleeper = d -> Thread.sleep(10);
        var following = CompletableFuture.supplyAsync(() -> cli.run("logs", "demo", "-f"));
        await().atMost(Duration.ofSeconds(20)).until(() -> cli.out.toString().contains("one serves"));
        api.backend.engine.log(web2.id(), new LogLine(Output.STDOUT, Instant.now(), "live", false));
        await().atMost(Duration.ofSeconds(20)).until(() -> cli.out.toString().contains("live"));

        api.stopListening();
        api.backend.engine.log(web1.id(), new LogLine(Output.STDOUT, Instant.now(), "while away", false));
        await().atMost(Duration.ofSeconds(20)).until(() -> cli.err.toString().contains("reconnecting"));
        api.listenAgain();
        await().atMost(Duration.ofSeconds(20)).until(() -> cli.out.toString().contains("while away"));

        api.backend.engine.removeContainer(web1.id(), true);
        api.backend.engine.removeContainer(web2.id(), true);
        api.store.record(EventDraft.normal("demo", null, ObjectRef.stack("demo"), "Deleted", "every object of the stack is removed"));
        Cli.Result r = following.get(20, TimeUnit.SECONDS);

        assertThat(r.code()).isZero();
        assertThat(r.out()).as("every line once, in order").isEqualTo("""
                demo-web-1 | one up
                demo-web-2 | two complains
                demo-web-1 | one serves
                demo-web-2 | live
                demo-web-1 | while away
                """);
        assertThat(r.err()).isEqualTo("connection lost, reconnecting...\nreconnected\nstack demo was deleted\n");
    }
}
