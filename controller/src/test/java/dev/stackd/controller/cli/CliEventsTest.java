package dev.stackd.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stackd.controller.http.ApiServer;
import dev.stackd.controller.http.Json;
import dev.stackd.controller.store.EventDraft;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliEventsTest {
    @TempDir
    Path dataDir;
    ApiServer api;
    Cli cli;

    @BeforeEach
    void start() {
        api = new ApiServer(dataDir);
        cli = Cli.against(api.url(), ApiServer.TOKEN);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void listsEventsOneLinePerEventWithTheirRepeatCount() {
        api.store.record(EventDraft.warning("demo", "web", "container demo-web-1", "BackOff", "restarting in 10s"));
        api.store.record(EventDraft.warning("demo", "web", "container demo-web-1", "BackOff", "restarting in 10s"));
        api.store.record(EventDraft.normal("other", null, "network other_default", "NetworkCreated", "created"));

        var all = cli.run("events");
        var one = cli.run("events", "--stack", "other");

        assertThat(all.code()).isZero();
        assertThat(all.out().lines().toList()).hasSize(2);
        assertThat(all.out().lines().findFirst().orElseThrow())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ Warning BackOff container demo-web-1 restarting in 10s \\(x2\\)");
        assertThat(one.out()).endsWith("Normal NetworkCreated network other_default created\n");
    }

    @Test
    void listsNothingPlainlyAndJsonOnRequest() {
        assertThat(cli.run("events").out()).isEqualTo("no events\n");
        api.store.record(EventDraft.normal("demo", null, "stack demo", "Applied", "generation 1"));
        assertThat(Json.read(cli.run("events", "-o", "json").out()).get(0).path("reason").asText()).isEqualTo("Applied");
    }

    @Test
    void watchPrintsTheBacklogThenNewEventsUntilTheServerGoesAway() {
        api.store.record(EventDraft.normal("demo", null, "stack demo", "Applied", "generation 1"));
        CompletableFuture<Cli.Result> watching = CompletableFuture.supplyAsync(() -> cli.run("events", "-w", "--stack", "demo"));

        await().atMost(Duration.ofSeconds(20)).until(() -> cli.out.toString().contains("Applied"));
        api.store.record(EventDraft.normal("other", null, "stack other", "Applied", "not this one"));
        api.store.record(EventDraft.normal("demo", "web", "container demo-web-1", "Started", "started"));
        await().atMost(Duration.ofSeconds(20)).until(() -> cli.out.toString().contains("Started"));
        api.server.close();

        Cli.Result r = watching.join();
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out().lines().toList()).hasSize(2);
        assertThat(r.out()).doesNotContain("not this one");
        assertThat(r.err()).contains("the event stream from stackd at " + api.url() + " ended");
    }
}
