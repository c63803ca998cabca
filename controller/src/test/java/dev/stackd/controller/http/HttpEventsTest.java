package dev.stackd.controller.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stackd.controller.cli.SseMessage;
import dev.stackd.controller.store.Event;
import dev.stackd.controller.event.EventDraft;
import dev.stackd.controller.event.ObjectRef;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpEventsTest {
    @TempDir
    Path dataDir;
    ApiServer api;

    @AfterEach
    void stop() {
        if (api != null) api.close();
    }

    private Event record(String stack, String reason) {
        return api.store.record(EventDraft.normal(stack, "web", ObjectRef.container(stack + "-web-1"), reason, reason + " happened"));
    }

    @Test
    void listsEventsOldestFirstWithEveryField() {
        api = new ApiServer(dataDir);
        Event created = record("a", "Created");
        api.store.record(EventDraft.warning("b", null, ObjectRef.network("b_default"), "EngineError", "docker is down"));

        JsonNode events = HttpStacksTest.json(api.get("/api/v1/events"));

        assertThat(events.size()).isEqualTo(2);
        JsonNode first = events.get(0);
        assertThat(first.path("seq").asLong()).isEqualTo(created.seq());
        assertThat(first.path("time").asText()).isEqualTo(created.lastTime().toString());
        assertThat(first.path("firstTime").asText()).isEqualTo(created.firstTime().toString());
        assertThat(first.path("type").asText()).isEqualTo("Normal");
        assertThat(first.path("reason").asText()).isEqualTo("Created");
        assertThat(first.path("stack").asText()).isEqualTo("a");
        assertThat(first.path("service").asText()).isEqualTo("web");
        assertThat(first.path("object").asText()).isEqualTo("container a-web-1");
        assertThat(first.path("message").asText()).isEqualTo("Created happened");
        assertThat(first.path("count").asInt()).isEqualTo(1);
        assertThat(events.get(1).path("type").asText()).isEqualTo("Warning");
        assertThat(events.get(1).path("service").isNull()).isTrue();
    }

    @Test
    void filtersByStackSinceAndLimit() {
        api = new ApiServer(dataDir);
        Event a1 = record("a", "Created");
        record("b", "Created");
        record("a", "Started");
        record("a", "Stopped");

        assertThat(reasons("/api/v1/events?stack=a")).isEqualTo("Created,Started,Stopped");
        assertThat(reasons("/api/v1/events?stack=a&since=" + a1.seq())).isEqualTo("Started,Stopped");
        assertThat(reasons("/api/v1/events?since=" + a1.seq() + "&limit=2")).isEqualTo("Created,Started");
    }

    @Test
    void badNumbersAre400() {
        api = new ApiServer(dataDir);

        assertThat(api.get("/api/v1/events?since=-1").statusCode()).isEqualTo(400);
        assertThat(api.get("/api/v1/events?limit=0").statusCode()).isEqualTo(400);
        assertThat(api.get("/api/v1/events?limit=lots").statusCode()).isEqualTo(400);
        assertThat(api.get("/api/v1/events?watch=maybe").statusCode()).isEqualTo(400);
    }

    @Test
    void aWatchSendsTheBacklogThenLiveEventsWithTheSeqAsId() throws Exception {
        api = new ApiServer(dataDir);
        Event created = record("a", "Created");
        try (var watch = new SseWatch(api, "", Map.of())) {
            assertThat(watch.response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
            SseMessage backlog = watch.next();
            assertThat(backlog.id()).isEqualTo(Long.toString(created.seq()));
            assertThat(Json.read(backlog.data()).path("reason").asText()).isEqualTo("Created");

            Event started = record("a", "Started");
            SseMessage live = watch.next();
            assertThat(live.id()).isEqualTo(Long.toString(started.seq()));
            assertThat(live.event()).isNull();
            assertThat(Json.read(live.data()).path("reason").asText()).isEqualTo("Started");
        }
    }

    @Test
    void aWatchResumesAfterLastEventIdOrSince() throws Exception {
        api = new ApiServer(dataDir);
        Event first = record("a", "Created");
        record("a", "Started");
        try (var byHeader = new SseWatch(api, "", Map.of("Last-Event-ID", Long.toString(first.seq())));
             var byQuery = new SseWatch(api, "&since=" + first.seq(), Map.of())) {
            assertThat(reason(byHeader.next())).isEqualTo("Started");
            assertThat(reason(byQuery.next())).isEqualTo("Started");
            record("a", "Stopped");
            assertThat(reason(byHeader.next())).isEqualTo("Stopped");
            assertThat(reason(byQuery.next())).isEqualTo("Stopped");
        }
    }

    @Test
    void aWatchOfOneStackSkipsTheOthers() throws Exception {
        api = new ApiServer(dataDir);
        record("b", "Created");
        try (var watch = new SseWatch(api, "&stack=a", Map.of())) {
            record("b", "Started");
            record("a", "Created");
            SseMessage m = watch.next();
            assertThat(Json.read(m.data()).path("stack").asText()).isEqualTo("a");
        }
    }

    @Test
    void aWatcherThatFallsTooFarBehindGetsAnOverflowMessageAndTheStreamEnds() throws Exception {
        api = new ApiServer(dataDir, HttpOptions.defaults().withWatchBuffer(2));
        try (var watch = new SseWatch(api, "", Map.of())) {
            Event first = record("a", "Created");
            assertThat(watch.next().id()).isEqualTo(Long.toString(first.seq()));

            // hold the (only) event loop still, so nothing is handed to the client while events pour in
            var held = new CountDownLatch(1);
            var release = new CountDownLatch(1);
            api.vertx.runOnContext(v -> {
                held.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            held.await();
            Event second = record("a", "Started");
            Event third = record("a", "Stopped");
            record("a", "Removed");
            record("a", "Pulled");
            release.countDown();

            assertThat(watch.next().id()).isEqualTo(Long.toString(second.seq()));
            assertThat(watch.next().id()).isEqualTo(Long.toString(third.seq()));
            SseMessage overflow = watch.next();
            assertThat(overflow.isOverflow()).isTrue();
            assertThat(Json.read(overflow.data()).path("lastSeq").asLong()).isEqualTo(third.seq());
            assertThat(Json.read(overflow.data()).path("error").asText()).contains("missed");
            assertThat(watch.next()).isEqualTo(SseWatch.END);
        }
    }

    @Test
    void theControllerNeverWaitsForAWatcher() throws Exception {
        api = new ApiServer(dataDir, HttpOptions.defaults().withWatchBuffer(1));
        try (var watch = new SseWatch(api, "", Map.of())) {
            var release = new CountDownLatch(1);
            api.vertx.runOnContext(v -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            // with the event loop stuck, recording many events still completes: the listener only queues
            for (int i = 0; i < 200; i++) record("a", "Reason" + i);
            release.countDown();
            assertThat(api.store.lastSeq()).isEqualTo(200);
        }
    }

    @Test
    void anIdleWatchGetsHeartbeatComments() throws Exception {
        api = new ApiServer(dataDir, HttpOptions.defaults().withHeartbeat(java.time.Duration.ofMillis(50)));
        var request = java.net.http.HttpRequest.newBuilder(api.uri("/api/v1/events?watch=true"))
                .header("Authorization", "Bearer " + ApiServer.TOKEN).build();
        var response = api.client.send(request, java.net.http.HttpResponse.BodyHandlers.ofLines());
        try (var lines = response.body()) {
            assertThat(lines.filter(": hb"::equals).findFirst()).contains(": hb");
        }
    }

    private static final String WATCH_REQUEST = "GET /api/v1/events?watch=true HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
            + ApiServer.TOKEN + "\r\n\r\n";

    private static HttpOptions smallWatchBuffer() {
        return HttpOptions.defaults()
                .withWatchBuffer(1_000_000) // the bytes are the limit here
                .withWatchBufferBytes(256 * 1024)
                .withWatchWriteTimeout(java.time.Duration.ofSeconds(1));
    }

    private void awaitWatches(int n) throws InterruptedException {
        for (int i = 0; i < 500 && api.backend.metrics.openWatches() != n; i++) Thread.sleep(20);
        assertThat(api.backend.metrics.openWatches()).isEqualTo(n);
    }

    @Test
    void aWatcherThatNeverReadsIsClosedAndWhatTheServerHoldsForItStaysUnderTheCap() throws Exception {
        api = new ApiServer(dataDir, smallWatchBuffer());
        String message = "m".repeat(4000);
        long most = 0;
        try (var neverReads = new RawConnection(api, 4096)) {
            neverReads.send(WATCH_REQUEST);
            awaitWatches(1);

            // 12 MB: more than the kernel's socket buffers take, so the rest waits in the server
            for (int i = 0; i < 3000; i++) {
                record("a", "Reason" + i, message);
                most = Math.max(most, api.backend.metrics.watchBufferedBytes());
            }

            neverReads.readUntilClosed(HttpConnectionLimitsTest.BOUND);
        }
        assertThat(most).isPositive().isLessThanOrEqualTo(256 * 1024);
        awaitWatches(0);
        assertThat(api.backend.metrics.watchBufferedBytes()).isZero();
    }

    @Test
    void aBacklogLargerThanTheBufferIsSentWholeToAWatcherThatReadsIt() throws Exception {
        api = new ApiServer(dataDir, smallWatchBuffer());
        String message = "c".repeat(4000);
        for (int i = 0; i < 300; i++) record("a", "Reason" + i, message); // 1.2 MB: five buffers
        try (var watch = new SseWatch(api, "", Map.of())) {
            for (int i = 0; i < 300; i++) {
                SseMessage m = watch.next();
                assertThat(m.isOverflow()).as("message %d: %s", i, m.data()).isFalse();
                assertThat(reason(m)).isEqualTo("Reason" + i);
            }
            Event live = record("a", "Live", "after the backlog");
            assertThat(watch.next().id()).isEqualTo(Long.toString(live.seq()));
        }
    }

    @Test
    void aWatcherThatNeverReadsItsBacklogIsClosedAndTheBacklogIsNotHeldForIt() throws Exception {
        api = new ApiServer(dataDir, smallWatchBuffer());
        String message = "b".repeat(4000);
        for (int i = 0; i < 3000; i++) record("a", "Reason" + i, message); // 12 MB of backlog: more than the kernel's socket buffers take
        long most = 0;
        try (var neverReads = new RawConnection(api, 4096)) {
            neverReads.send(WATCH_REQUEST);
            awaitWatches(1);
            // read nothing until the server gives up on this watch (its write timeout is 1 s)
            long deadline = System.nanoTime() + HttpConnectionLimitsTest.BOUND.toNanos();
            while (api.backend.metrics.openWatches() > 0 && System.nanoTime() < deadline) {
                most = Math.max(most, api.backend.metrics.watchBufferedBytes());
                Thread.sleep(5);
            }

            neverReads.readUntilClosed(HttpConnectionLimitsTest.BOUND);
        }
        assertThat(most).isPositive().isLessThanOrEqualTo(256 * 1024);
        awaitWatches(0);
    }

    private Event record(String stack, String reason, String message) {
        return api.store.record(EventDraft.normal(stack, "web", ObjectRef.container(stack + "-web-1"), reason, message));
    }

    private String reasons(String path) {
        var names = new java.util.ArrayList<String>();
        HttpStacksTest.json(api.get(path)).forEach(e -> names.add(e.path("reason").asText()));
        return String.join(",", names);
    }

    private static String reason(SseMessage m) {
        return Json.read(m.data()).path("reason").asText();
    }
}
