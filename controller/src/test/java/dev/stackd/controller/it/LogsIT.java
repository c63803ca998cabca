package dev.stackd.controller.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stackd.controller.cli.SseMessage;
import dev.stackd.controller.http.ApiToken;
import dev.stackd.controller.http.HttpOptions;
import dev.stackd.controller.http.HttpServer;
import dev.stackd.controller.http.Json;
import dev.stackd.controller.spec.ComposeSpecParser;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code GET .../logs} against the real engine: two replicas merged in time order, follow across a recreate, the cap. */
@ExtendWith(StackFixtureExtension.class)
class LogsIT {
    static final String TOKEN = "logs-it-token-0123456789abcdef0123456789";
    /** Each replica prints a numbered line to stdout and one to stderr, five times a second, with its host name. */
    static final String TALKERS = """
            services:
              talk:
                image: IMAGE
                deploy: {replicas: 2}
                command: ["sh", "-c", "i=0; while true; do i=$$((i+1)); echo \\"out $$(hostname) $$i\\"; echo \\"err $$(hostname) $$i\\" >&2; sleep 0.2; done"]
            """;
    /** 4000 lines of 4000 bytes (16 MB, more than any socket buffer), then quiet. */
    static final String FLOOD = """
            services:
              flood:
                image: IMAGE
                command: ["sh", "-c", "l=$$(head -c 4000 /dev/zero | tr '\\\\0' x); i=0; while [ $$i -lt 4000 ]; do echo $$l; i=$$((i+1)); done; echo done; sleep 3600"]
            """;

    StackFixture f; // set by StackFixtureExtension
    Vertx vertx;
    HttpServer http;
    int port;
    final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    void serve(HttpOptions options) {
        http = new HttpServer(vertx, f.daemon, new ComposeSpecParser(), ApiToken.of(TOKEN), options);
        port = http.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        if (http != null) http.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    HttpResponse<String> get(String query) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/stacks/" + f.stack + "/logs" + query))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
    }

    static List<JsonNode> ndjson(String body) {
        return body.lines().map(Json::read).toList();
    }

    @Test
    void bothReplicasLinesComeInTimeOrderWithTheirContainersAndStreams() throws Exception {
        serve(HttpOptions.defaults());
        f.apply(TALKERS);
        f.running(f.name("talk", 1));
        f.running(f.name("talk", 2));
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            var lines = ndjson(get("?timestamps=true&tail=50").body());
            return lines.stream().filter(l -> l.path("container").asText().equals(f.name("talk", 1))).count() >= 6
                    && lines.stream().filter(l -> l.path("container").asText().equals(f.name("talk", 2))).count() >= 6;
        });

        var lines = ndjson(get("?timestamps=true&tail=50&service=talk").body());
        Instant previous = Instant.MIN;
        for (JsonNode l : lines) {
            Instant t = Instant.parse(l.path("time").asText());
            assertThat(t).as("in time order: %s", l).isAfterOrEqualTo(previous);
            previous = t;
            assertThat(l.path("service").asText()).isEqualTo("talk");
            String text = l.path("line").asText();
            // what the container wrote to stderr is marked stderr, and only that
            assertThat(l.path("stream").asText()).isEqualTo(text.startsWith("err ") ? "stderr" : "stdout");
            assertThat(text).matches("(out|err) \\w+ \\d+");
        }
        assertThat(lines).extracting(l -> l.path("container").asText()).contains(f.name("talk", 1), f.name("talk", 2));
        assertThat(lines).extracting(l -> l.path("stream").asText()).contains("stdout", "stderr");
        // each container's own numbers only grow: the merge keeps every container's order
        for (int replica = 1; replica <= 2; replica++) {
            String name = f.name("talk", replica);
            var numbers = lines.stream().filter(l -> l.path("container").asText().equals(name) && l.path("stream").asText().equals("stdout"))
                    .map(l -> Integer.parseInt(l.path("line").asText().replaceAll(".* ", ""))).toList();
            assertThat(numbers).isSorted().hasSizeGreaterThan(1);
        }
    }

    @Test
    void followGoesOnWithTheReplicasNewContainerWhenTheEngineRemovesTheOld() throws Exception {
        serve(HttpOptions.defaults());
        f.apply(TALKERS);
        var old = f.running(f.name("talk", 1));
        f.running(f.name("talk", 2));
        f.awaitReady();

        var messages = new LinkedBlockingQueue<SseMessage>();
        var response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/stacks/" + f.stack
                        + "/logs?follow=true&tail=0&service=talk")).header("Authorization", "Bearer " + TOKEN).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        var reader = Thread.ofVirtual().start(() -> {
            try (Stream<String> body = response.body()) {
                SseMessage.read(body.iterator(), messages::add);
            } catch (RuntimeException closed) {
                // the test closed it
            }
        });
        try {
            String oldHost = old.id().substring(0, 12);
            awaitLine(messages, l -> l.path("line").asText().startsWith("out " + oldHost));

            f.engine.removeContainer(old.id(), true); // stackd sees the replica missing and makes it again
            var again = f.running(f.name("talk", 1));
            assertThat(again.id()).isNotEqualTo(old.id());
            String newHost = again.id().substring(0, 12);
            JsonNode fromNew = awaitLine(messages, l -> l.path("line").asText().startsWith("out " + newHost));
            assertThat(fromNew.path("container").asText()).isEqualTo(f.name("talk", 1));
        } finally {
            reader.interrupt();
            response.body().close();
        }
    }

    /** Lines until one matches (the stream has both replicas' lines, both streams). */
    static JsonNode awaitLine(BlockingQueue<SseMessage> messages, java.util.function.Predicate<JsonNode> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        var seen = new ArrayList<String>();
        while (System.nanoTime() < deadline) {
            SseMessage m = messages.poll(1, TimeUnit.SECONDS);
            if (m == null || !"log".equals(m.event())) continue;
            JsonNode l = Json.read(m.data());
            if (wanted.test(l)) return l;
            seen.add(l.path("line").asText());
        }
        throw new AssertionError("no such line within 90 s; saw the last: " + seen.subList(Math.max(0, seen.size() - 10), seen.size()));
    }

    @Test
    void aClientThatNeverReadsIsCutOffAtTheCapWithoutTheServerHoldingMore() throws Exception {
        long cap = 128 * 1024;
        serve(HttpOptions.defaults().withLogBufferBytes(cap).withWatchWriteTimeout(Duration.ofSeconds(1)));
        f.apply(FLOOD);
        f.running(f.name("flood", 1));
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> get("?tail=1").body().contains("\"line\":\"done\""));

        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setReceiveBufferSize(4096);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/v1/stacks/" + f.stack + "/logs?follow=true&tail=10000 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                    + TOKEN + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await().atMost(Duration.ofSeconds(30)).until(() -> f.daemon.metrics().openLogStreams() == 1);
            // never a byte read: the server gives up on it by itself
            await().atMost(Duration.ofMinutes(5)).until(() -> f.daemon.metrics().openLogStreams() == 0);
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            byte[] chunk = new byte[8192];
            long got = 0;
            try {
                for (int n; (n = in.read(chunk)) >= 0; ) got += n;
            } catch (java.net.SocketException reset) {
                // a reset is a close too
            }
            assertThat(got).as("it got some, not all 16 MB").isPositive().isLessThan(16_000_000);
        }
        assertThat(f.daemon.metrics().logBufferedPeakBytes()).isPositive().isLessThanOrEqualTo(cap);
        assertThat(f.daemon.metrics().logBufferedBytes()).isZero();
    }
}
