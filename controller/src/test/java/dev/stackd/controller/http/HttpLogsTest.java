package dev.stackd.controller.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stackd.controller.cli.SseMessage;
import dev.stackd.controller.engine.Engine.EngineEvent;
import dev.stackd.controller.engine.Labels;
import dev.stackd.controller.engine.LogLine;
import dev.stackd.controller.engine.LogLine.Output;
import dev.stackd.controller.engine.ObservedContainer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/v1/stacks/{name}/logs} over a fake engine: the query's checks, the merge, follow, the caps. */
class HttpLogsTest {
    static final Instant T = Instant.parse("2024-05-01T12:00:00Z");
    static final String STACK = """
            services:
              web:
                image: nginx
                deploy: {replicas: 2}
              db:
                image: postgres
            """;

    @TempDir
    Path dataDir;
    ApiServer api;

    @AfterEach
    void stop() {
        if (api != null) api.close();
    }

    void start(HttpOptions options) {
        api = new ApiServer(dataDir, options);
        assertThat(api.putYaml("demo", STACK).statusCode()).isEqualTo(201);
    }

    ObservedContainer container(String service, int replica) {
        return api.backend.engine.runContainer("demo-" + service + "-" + replica,
                Map.of(Labels.STACK, "demo", Labels.SERVICE, service, Labels.REPLICA, Integer.toString(replica)));
    }

    void log(ObservedContainer c, long millis, Output stream, String text) {
        api.backend.engine.log(c.id(), new LogLine(stream, T.plusMillis(millis), text, false));
    }

    static List<JsonNode> ndjson(String body) {
        return body.lines().map(Json::read).toList();
    }

    static String show(JsonNode line) {
        return line.path("container").asText() + " " + line.path("stream").asText() + " " + line.path("line").asText();
    }

    @Test
    void everyParameterOutOfRangeIsA422NamingIt() {
        start(HttpOptions.defaults());
        var r = api.get("/api/v1/stacks/demo/logs?tail=all&since=tomorrow&follow=maybe&timestamps=2");

        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(Json.read(r.body()).path("details").findValuesAsText("path"))
                .containsExactly("since", "tail", "follow", "timestamps");
        assertThat(Json.read(api.get("/api/v1/stacks/demo/logs?tail=10001").body()).path("details").get(0).path("path").asText())
                .isEqualTo("tail");
        assertThat(api.get("/api/v1/stacks/demo/logs?tail=-1").statusCode()).isEqualTo(422);
        var future = api.get("/api/v1/stacks/demo/logs?since=" + Instant.now().plusSeconds(3600));
        assertThat(future.statusCode()).isEqualTo(422);
        assertThat(future.body()).contains("\"path\":\"since\"").contains("future");
        assertThat(api.get("/api/v1/stacks/demo/logs?since=2024-13-01T00:00:00Z").statusCode()).isEqualTo(422);
        assertThat(api.get("/api/v1/stacks/demo/logs?tail=10000&since=10m").statusCode()).isEqualTo(200);
    }

    @Test
    void anUnknownStackOrServiceIsA404() {
        start(HttpOptions.defaults());
        assertThat(api.get("/api/v1/stacks/nope/logs").statusCode()).isEqualTo(404);
        var r = api.get("/api/v1/stacks/demo/logs?service=web&service=cache");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("service cache of stack demo");
    }

    @Test
    void replicasAreMergedInTimeOrderWithTheirNamesAndStreamsAsNdjson() {
        start(HttpOptions.defaults());
        var web1 = container("web", 1);
        var web2 = container("web", 2);
        var db = container("db", 1);
        log(web2, 1, Output.STDOUT, "two starts");
        log(web1, 2, Output.STDOUT, "one starts");
        log(web1, 3, Output.STDERR, "one warns");
        log(db, 4, Output.STDOUT, "db is not asked for");
        log(web2, 5, Output.STDERR, "two fails");

        var r = api.get("/api/v1/stacks/demo/logs?service=web&timestamps=true");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/x-ndjson");
        var lines = ndjson(r.body());
        assertThat(lines).extracting(HttpLogsTest::show).containsExactly(
                "demo-web-2 stdout two starts", "demo-web-1 stdout one starts", "demo-web-1 stderr one warns",
                "demo-web-2 stderr two fails");
        assertThat(lines.get(0).path("service").asText()).isEqualTo("web");
        assertThat(lines.get(0).path("time").asText()).isEqualTo(T.plusMillis(1).toString());
        // without timestamps=true the times order the lines but are not sent
        var plain = ndjson(api.get("/api/v1/stacks/demo/logs").body());
        assertThat(plain).extracting(HttpLogsTest::show).containsExactly("demo-web-2 stdout two starts",
                "demo-web-1 stdout one starts", "demo-web-1 stderr one warns", "demo-db-1 stdout db is not asked for",
                "demo-web-2 stderr two fails");
        assertThat(plain.get(0).get("time").isNull()).isTrue();
    }

    @Test
    void tailCountsPerContainerAndSinceDropsOlderLines() {
        start(HttpOptions.defaults());
        var web1 = container("web", 1);
        var web2 = container("web", 2);
        for (int i = 0; i < 5; i++) {
            log(web1, i * 10L, Output.STDOUT, "one " + i);
            log(web2, i * 10L + 5, Output.STDOUT, "two " + i);
        }
        var tail = ndjson(api.get("/api/v1/stacks/demo/logs?tail=2").body());
        assertThat(tail).extracting(l -> l.path("line").asText()).containsExactly("one 3", "two 3", "one 4", "two 4");

        var web3 = container("web", 3);
        Instant now = Instant.now();
        api.backend.engine.log(web3.id(), new LogLine(Output.STDOUT, now.minusSeconds(7200), "old", false));
        api.backend.engine.log(web3.id(), new LogLine(Output.STDOUT, now.minusSeconds(60), "recent", false));
        var since = ndjson(api.get("/api/v1/stacks/demo/logs?since=10m").body());
        assertThat(since).extracting(l -> l.path("line").asText()).containsExactly("recent");
    }

    @Test
    void followStreamsSseAndGoesOnWithTheReplicasNewContainerUntilTheStackIsDeleted() throws Exception {
        start(HttpOptions.defaults());
        var web1 = container("web", 1);
        log(web1, 0, Output.STDOUT, "before");

        try (var follow = new LogWatch(api, "?service=web&follow=true&tail=10")) {
            assertThat(follow.response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
            assertThat(follow.nextLine()).isEqualTo("demo-web-1 stdout before");
            api.backend.engine.log(web1.id(), new LogLine(Output.STDERR, Instant.now(), "live", false));
            assertThat(follow.nextLine()).isEqualTo("demo-web-1 stderr live");

            // the replica's container is removed and made again under the same name, with a new ID
            api.backend.engine.removeContainer(web1.id(), true);
            var again = container("web", 1);
            api.backend.fire(new EngineEvent("container", "start", again.id(), Map.of(Labels.STACK, "demo", Labels.SERVICE, "web")));
            api.backend.engine.log(again.id(), new LogLine(Output.STDOUT, Instant.now(), "recreated", false));
            assertThat(follow.nextLine()).isEqualTo("demo-web-1 stdout recreated");

            api.backend.engine.removeContainer(again.id(), true);
            api.store.record(dev.stackd.controller.event.EventDraft.normal("demo", null, dev.stackd.controller.event.ObjectRef.stack("demo"), "Deleted", "gone"));
            SseMessage end = follow.next();
            assertThat(end.event()).isEqualTo("end");
            assertThat(Json.read(end.data()).path("reason").asText()).contains("deleted");
            assertThat(follow.next()).isSameAs(LogWatch.END);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> api.backend.metrics.openLogStreams() == 0);
    }

    @Test
    void aRestartedContainerIsFollowedAgainFromItsLastLineWithoutRepeats() throws Exception {
        start(HttpOptions.defaults());
        var web1 = container("web", 1);
        log(web1, 0, Output.STDOUT, "first run");
        try (var follow = new LogWatch(api, "?follow=true")) {
            assertThat(follow.nextLine()).isEqualTo("demo-web-1 stdout first run");
            api.backend.engine.stopContainer(web1.id(), null); // its followed stream ends, as the engine's does
            api.backend.engine.startContainer(web1.id());
            api.backend.engine.log(web1.id(), new LogLine(Output.STDOUT, Instant.now(), "second run", false));
            api.backend.fire(new EngineEvent("container", "start", web1.id(), Map.of(Labels.STACK, "demo")));
            assertThat(follow.nextLine()).isEqualTo("demo-web-1 stdout second run");
        }
    }

    @Test
    void aClientThatNeverReadsIsCutOffAndTheServerHoldsNoMoreThanTheCapForIt() throws Exception {
        long cap = 64 * 1024;
        start(HttpOptions.defaults().withLogBufferBytes(cap).withWatchWriteTimeout(Duration.ofSeconds(1)));
        var web1 = container("web", 1);
        String text = "x".repeat(4000);
        try (var neverReads = new RawConnection(api, 4096)) {
            neverReads.send("GET /api/v1/stacks/demo/logs?follow=true HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                    + ApiServer.TOKEN + "\r\n\r\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> api.backend.metrics.openLogStreams() == 1);
            // 16 MB: more than the socket buffers take, so the rest would wait in the server
            for (int i = 0; i < 4000; i++) api.backend.engine.log(web1.id(), new LogLine(Output.STDOUT, Instant.now(), text, false));
            // the server gives up on it by itself (the client has not read a byte), then closes the connection
            await().atMost(Duration.ofMinutes(5)).until(() -> api.backend.metrics.openLogStreams() == 0); // a bound, not a timing: 4 MB and more go through first
            neverReads.readUntilClosed(HttpConnectionLimitsTest.BOUND);
        }
        assertThat(api.backend.metrics.logBufferedPeakBytes()).isPositive().isLessThanOrEqualTo(cap);
        await().atMost(Duration.ofSeconds(10)).until(() -> api.backend.metrics.openLogStreams() == 0
                && api.backend.engine.openLogStreams() == 0);
        assertThat(api.backend.metrics.logBufferedBytes()).isZero();
    }

    @Test
    void logStreamsBeyondTheServersCapAreRefusedWithA429() throws Exception {
        start(HttpOptions.defaults().withMaxLogStreams(1));
        container("web", 1);
        try (var first = new LogWatch(api, "?follow=true")) {
            var second = api.get("/api/v1/stacks/demo/logs?follow=true");
            assertThat(second.statusCode()).isEqualTo(429);
            assertThat(second.headers().firstValue("Retry-After")).isPresent();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> api.backend.metrics.openLogStreams() == 0);
        assertThat(api.get("/api/v1/stacks/demo/logs").statusCode()).isEqualTo(200);
    }

    /** A followed log stream: its messages in a queue, and a marker when the server ends it. */
    static final class LogWatch implements AutoCloseable {
        static final SseMessage END = new SseMessage("end-of-stream", null, "");
        private final BlockingQueue<SseMessage> messages = new LinkedBlockingQueue<>();
        final HttpResponse<Stream<String>> response;
        private final Thread reader;

        LogWatch(ApiServer api, String query) throws Exception {
            var b = HttpRequest.newBuilder(api.uri("/api/v1/stacks/demo/logs" + query))
                    .header("Authorization", "Bearer " + ApiServer.TOKEN);
            response = api.client.send(b.build(), HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            reader = Thread.ofVirtual().start(() -> {
                try (var lines = response.body()) {
                    SseMessage.read(lines.iterator(), messages::add);
                } catch (RuntimeException closed) {
                    // the test closed the stream
                }
                messages.add(END);
            });
        }

        SseMessage next() throws InterruptedException {
            SseMessage m = messages.poll(10, TimeUnit.SECONDS);
            assertThat(m).as("a message within 10 s").isNotNull();
            return m;
        }

        String nextLine() throws InterruptedException {
            SseMessage m = next();
            assertThat(m.event()).isEqualTo("log");
            return show(Json.read(m.data()));
        }

        @Override
        public void close() {
            reader.interrupt();
            response.body().close();
        }
    }
}
