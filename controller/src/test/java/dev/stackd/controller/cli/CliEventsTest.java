package dev.stackd.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stackd.controller.http.ApiServer;
import dev.stackd.controller.http.ApiServerExtension;
import dev.stackd.controller.http.Json;
import dev.stackd.controller.event.EventDraft;
import dev.stackd.controller.event.ObjectRef;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ApiServerExtension.class)
class CliEventsTest {
    /** A server per test, on a data dir of its own: {@link ApiServerExtension}. */
    ApiServer api;
    Cli cli;

    @BeforeEach
    void start() {
        cli = Cli.against(api.url(), ApiServer.TOKEN);
    }

    @Test
    void listsEventsOneLinePerEventWithTheirRepeatCount() {
        api.store.record(EventDraft.warning("demo", "web", ObjectRef.container("demo-web-1"), "BackOff", "restarting in 10s"));
        api.store.record(EventDraft.warning("demo", "web", ObjectRef.container("demo-web-1"), "BackOff", "restarting in 10s"));
        api.store.record(EventDraft.normal("other", null, ObjectRef.network("other_default"), "NetworkCreated", "created"));

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
        api.store.record(EventDraft.normal("demo", null, ObjectRef.stack("demo"), "Applied", "generation 1"));
        assertThat(Json.read(cli.run("events", "-o", "json").out()).get(0).path("reason").asText()).isEqualTo("Applied");
    }

    @Test
    void watchPrintsTheBacklogThenNewEventsAndKeepsTryingWhenTheServerGoesAwayUntilInterrupted() throws Exception {
        var pauses = new CopyOnWriteArrayList<Duration>();
        cli.sleeper = d -> {
            pauses.add(d);
            Thread.sleep(10);
        };
        api.store.record(EventDraft.normal("demo", null, ObjectRef.stack("demo"), "Applied", "generation 1"));
        var watching = new Watch(cli, "events", "-w", "--stack", "demo");

        await().atMost(Duration.ofSeconds(20)).until(() -> cli.out.toString().contains("Applied"));
        api.store.record(EventDraft.normal("other", null, ObjectRef.stack("other"), "Applied", "not this one"));
        api.store.record(EventDraft.normal("demo", "web", ObjectRef.container("demo-web-1"), "Started", "started"));
        await().atMost(Duration.ofSeconds(20)).until(() -> cli.out.toString().contains("Started"));
        api.stopListening();
        await().atMost(Duration.ofSeconds(20)).until(() -> pauses.size() >= 3);

        Cli.Result r = watching.interrupt();
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out().lines().toList()).hasSize(2);
        assertThat(r.out()).doesNotContain("not this one");
        assertThat(r.err()).startsWith("connection lost, reconnecting...\n").endsWith("interrupted\n");
        assertThat(r.err().lines().toList()).hasSize(2);
    }

    @Test
    void watchReconnectsToARestartedServerAndResumesAfterTheLastEventSeenExactlyOnce() throws Exception {
        var pauses = new CopyOnWriteArrayList<Duration>();
        cli.sleeper = d -> {
            pauses.add(d);
            Thread.sleep(10);
        };
        api.store.record(EventDraft.normal("demo", null, ObjectRef.stack("demo"), "Applied", "event 1"));
        var watching = new Watch(cli, "events", "-w");
        await().atMost(Duration.ofSeconds(20)).until(() -> cli.out.toString().contains("event 1"));
        api.store.record(EventDraft.normal("demo", "web", ObjectRef.container("demo-web-1"), "Started", "event 2"));
        await().atMost(Duration.ofSeconds(20)).until(() -> cli.out.toString().contains("event 2"));

        api.stopListening();
        // recorded while stackd does not answer: the watch must fetch them once it is back
        api.store.record(EventDraft.normal("demo", "web", ObjectRef.container("demo-web-1"), "Killed", "event 3"));
        api.store.record(EventDraft.warning("demo", "db", ObjectRef.container("demo-db-1"), "BackOff", "event 4"));
        await().atMost(Duration.ofSeconds(20)).until(() -> pauses.size() >= 7);
        api.listenAgain();
        await().atMost(Duration.ofSeconds(20)).until(() -> cli.err.toString().contains("reconnected"));
        api.store.record(EventDraft.normal("demo", "web", ObjectRef.container("demo-web-1"), "Started", "event 5"));
        await().atMost(Duration.ofSeconds(20)).until(() -> cli.out.toString().contains("event 5"));

        Cli.Result r = watching.interrupt();
        assertThat(r.out().lines().map(l -> l.substring(l.lastIndexOf(' ') + 1)).toList())
                .as("every event once, in order").containsExactly("1", "2", "3", "4", "5");
        assertThat(r.err()).isEqualTo("connection lost, reconnecting...\nreconnected\ninterrupted\n");
        // 0.5 s doubling up to 10 s while the server is down
        assertThat(pauses.subList(0, 7)).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(10), Duration.ofSeconds(10));
    }

    @Test
    void watchReconnectsWhenTheStreamFallsSilentOnAConnectionLeftOpen() throws Exception {
        var lastEventIds = new CopyOnWriteArrayList<String>();
        var release = new CountDownLatch(1);
        var seq = new AtomicInteger(6);
        var pool = Executors.newCachedThreadPool(); // each watch holds its thread
        // sends one event per watch, then neither heartbeats nor a close: a host that went away without a FIN
        var silent = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        silent.setExecutor(pool);
        silent.createContext("/api/v1/events", exchange -> {
            lastEventIds.add(exchange.getRequestHeaders().getFirst("Last-Event-ID"));
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            int n = seq.incrementAndGet();
            exchange.getResponseBody().write(("id: " + n + "\ndata: {\"seq\":" + n + ",\"type\":\"Normal\",\"reason\":\"Started\","
                    + "\"object\":\"container demo-web-1\",\"message\":\"event " + n + "\"}\n\n").getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        silent.start();
        try {
            var watcher = Cli.against("http://127.0.0.1:" + silent.getAddress().getPort(), ApiServer.TOKEN);
            watcher.sleeper = d -> Thread.sleep(10);
            var watching = new Watch(watcher, "events", "-w", "--idle-timeout", "300ms");
            await().atMost(Duration.ofSeconds(20)).until(() -> watcher.out.toString().contains("event 8"));

            Cli.Result r = watching.interrupt();
            assertThat(lastEventIds).startsWith("0", "7");
            assertThat(r.out().lines().map(l -> l.substring(l.lastIndexOf(' ') + 1)).toList()).startsWith("7", "8");
            assertThat(r.err()).startsWith("connection lost, reconnecting...\nreconnected\n").endsWith("interrupted\n");
        } finally {
            release.countDown();
            silent.stop(0);
            pool.shutdownNow();
        }
    }

    @Test
    void watchRetriesAfterTheServerEndsTheStreamWithAnError() throws Exception {
        var lastEventIds = new CopyOnWriteArrayList<String>();
        var calls = new AtomicInteger();
        var failing = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        failing.createContext("/api/v1/events", exchange -> {
            lastEventIds.add(exchange.getRequestHeaders().getFirst("Last-Event-ID"));
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            String body = calls.incrementAndGet() == 1
                    ? "id: 3\ndata: {\"seq\":3,\"type\":\"Normal\",\"reason\":\"Started\",\"message\":\"event 3\"}\n\n"
                            + "event: error\ndata: {\"error\":\"cannot read events: disk I/O error\"}\n\n"
                    : "id: 4\ndata: {\"seq\":4,\"type\":\"Normal\",\"reason\":\"Started\",\"message\":\"event 4\"}\n\n";
            exchange.getResponseBody().write(body.getBytes(StandardCharsets.UTF_8));
            exchange.close();
        });
        failing.start();
        try {
            var watcher = Cli.against("http://127.0.0.1:" + failing.getAddress().getPort(), ApiServer.TOKEN);
            watcher.sleeper = d -> Thread.sleep(10);
            var watching = new Watch(watcher, "events", "-w");
            await().atMost(Duration.ofSeconds(20)).until(() -> watcher.out.toString().contains("event 4"));

            Cli.Result r = watching.interrupt();
            assertThat(r.out().lines().map(l -> l.substring(l.lastIndexOf(' ') + 1)).toList()).startsWith("3", "4");
            assertThat(r.out()).doesNotContain("disk");
            assertThat(r.err()).startsWith("stackd: cannot read events: disk I/O error\nconnection lost, reconnecting...\nreconnected\n");
            assertThat(lastEventIds).startsWith("0", "3");
        } finally {
            failing.stop(0);
        }
    }

    @Test
    void watchFailsAtOnceWhenTheServerCannotBeReachedAtAll() throws Exception {
        int port;
        try (var free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        var down = Cli.against("http://127.0.0.1:" + port, ApiServer.TOKEN);
        down.sleeper = d -> {
            throw new AssertionError("no retry before the first connection");
        };

        var r = down.run("events", "-w");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("cannot reach stackd at http://127.0.0.1:" + port + ": is `stackd serve` running?\n");
    }

    @Test
    void watchStopsOnAnAnswerRetryingWillNotChange() {
        var r = Cli.against(api.url(), "wrong-token").run("events", "-w");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("unauthorized: check --token / the token file\n");
    }

    /** {@code stackd events -w} on a thread of its own, so that the test can interrupt it as Ctrl-C would. */
    private static final class Watch {
        private final CompletableFuture<Cli.Result> result = new CompletableFuture<>();
        private final Thread thread;

        Watch(Cli cli, String... args) {
            thread = Thread.ofPlatform().name("stackd-events-w").start(() -> result.complete(cli.run(args)));
        }

        Cli.Result interrupt() throws Exception {
            thread.interrupt();
            return result.get(20, TimeUnit.SECONDS);
        }
    }
}
