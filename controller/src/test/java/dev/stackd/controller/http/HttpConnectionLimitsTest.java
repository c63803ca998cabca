package dev.stackd.controller.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stackd.controller.event.EventDraft;
import dev.stackd.controller.event.ObjectRef;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a client that holds connections without finishing requests can cost: each one a bounded time. */
class HttpConnectionLimitsTest {
    /** Far longer than any timeout the tests configure: a connection still open this long is held forever. */
    static final Duration BOUND = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;
    ApiServer api;

    @AfterEach
    void stop() {
        if (api != null) api.close();
    }

    private static HttpOptions shortTimeouts() {
        return HttpOptions.defaults()
                .withHeartbeat(Duration.ofMillis(200))
                .withIdleTimeout(Duration.ofSeconds(1))
                .withHeaderTimeout(Duration.ofSeconds(1))
                .withBodyTimeout(Duration.ofSeconds(1));
    }

    @Test
    void aRequestHeadSentOneByteAtATimeIsCutAtTheHeaderTimeout() throws Exception {
        api = new ApiServer(dataDir, shortTimeouts());
        try (var slow = new RawConnection(api)) {
            Thread dribble = Thread.ofVirtual().start(() -> {
                String head = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + "a".repeat(100);
                for (char c : head.toCharArray()) {
                    if (!slow.send(String.valueOf(c))) return;
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            long t0 = System.nanoTime();
            String got = slow.readUntilClosed(BOUND);
            long tookMs = (System.nanoTime() - t0) / 1_000_000;
            dribble.interrupt();

            assertThat(got).doesNotContain("200 OK");
            assertThat(tookMs).as("closed within a few header timeouts").isLessThan(BOUND.toMillis());
        }
    }

    @Test
    void aBodyShorterThanItsContentLengthIsCutAtTheBodyTimeout() {
        api = new ApiServer(dataDir, shortTimeouts().withIdleTimeout(Duration.ofSeconds(60)));
        try (var shortBody = new RawConnection(api)) {
            shortBody.send("PUT /api/v1/stacks/demo HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + ApiServer.TOKEN
                    + "\r\nContent-Type: application/yaml\r\nContent-Length: 100\r\n\r\nservices:\n");

            String got = shortBody.readUntilClosed(BOUND);

            assertThat(got).doesNotContain("201");
        }
        assertThat(api.store.list()).isEmpty();
    }

    @Test
    void aShortBodyWithoutTokenIsCutToo() {
        api = new ApiServer(dataDir, shortTimeouts().withIdleTimeout(Duration.ofSeconds(60)));
        try (var shortBody = new RawConnection(api)) {
            shortBody.send("PUT /api/v1/stacks/demo HTTP/1.1\r\nHost: x\r\nContent-Type: application/yaml\r\n"
                    + "Content-Length: 100000\r\n\r\nservices:\n");

            String got = shortBody.readUntilClosed(BOUND);

            assertThat(got).startsWith("HTTP/1.1 401");
        }
    }

    @Test
    void aConnectionIdleAfterItsResponseIsClosedAtTheIdleTimeout() {
        api = new ApiServer(dataDir, shortTimeouts().withHeaderTimeout(Duration.ofSeconds(60)));
        try (var idle = new RawConnection(api)) {
            idle.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(idle.readResponse()).startsWith("HTTP/1.1 200");

            assertThat(idle.readUntilClosed(BOUND)).isEmpty();
        }
    }

    @Test
    void aKeptAliveConnectionServesRequestsThatComeWithinTheIdleTimeout() throws Exception {
        api = new ApiServer(dataDir, shortTimeouts());
        try (var keepAlive = new RawConnection(api)) {
            for (int i = 0; i < 4; i++) {
                keepAlive.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(keepAlive.readResponse()).startsWith("HTTP/1.1 200");
                Thread.sleep(400);
            }
        }
    }

    @Test
    void aWatchOutlivesTheIdleTimeout() throws Exception {
        api = new ApiServer(dataDir, shortTimeouts());
        try (var watch = new SseWatch(api, "", Map.of())) {
            Thread.sleep(3000);
            var e = api.store.record(EventDraft.normal("a", "web", ObjectRef.container("a-web-1"), "Started", "started"));

            assertThat(watch.next().id()).isEqualTo(Long.toString(e.seq()));
        }
    }

    @Test
    void connectionsPastTheCapAreClosedAtOnceAndAFreedPlaceIsReused() {
        api = new ApiServer(dataDir, HttpOptions.defaults().withMaxConnections(3));
        List<RawConnection> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                var c = new RawConnection(api);
                c.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(c.readResponse()).startsWith("HTTP/1.1 200");
                held.add(c);
            }
            try (var extra = new RawConnection(api)) {
                extra.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(extra.readUntilClosed(BOUND)).doesNotContain("200 OK");
            }

            held.removeFirst().close();
            // the server hears of the close asynchronously: a new connection is served once it has
            String answer = "";
            for (int attempt = 0; attempt < 50 && !answer.startsWith("HTTP/1.1 200"); attempt++) {
                try (var again = new RawConnection(api)) {
                    again.send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                    answer = again.readUntilClosed(BOUND);
                }
            }
            assertThat(answer).startsWith("HTTP/1.1 200");
        } finally {
            held.forEach(RawConnection::close);
        }
    }

    @Test
    void anOversizedRequestLineOrHeadIsRefusedAndClosed() {
        api = new ApiServer(dataDir, shortTimeouts());
        try (var longLine = new RawConnection(api); var bigHead = new RawConnection(api)) {
            longLine.send("GET /" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
            bigHead.send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(9000) + "\r\n\r\n");

            assertThat(longLine.readUntilClosed(BOUND)).startsWith("HTTP/1.").contains(" 414 ");
            assertThat(bigHead.readUntilClosed(BOUND)).startsWith("HTTP/1.").contains(" 431 ");
        }
    }

    @Test
    void aHeartbeatAsLongAsTheIdleTimeoutIsRefused() {
        assertThatThrownBy(() -> HttpOptions.defaults().withIdleTimeout(Duration.ofSeconds(15)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("heartbeat");
    }
}
