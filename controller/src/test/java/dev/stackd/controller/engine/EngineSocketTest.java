package dev.stackd.controller.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shutdown check through a proxy on the socket: the proxy accepts the connection whatever the engine behind
 * it does, so only the answer to a ping on that fresh connection says whether the engine takes new ones. Before,
 * a bare connect to the proxy said yes while the engine was shutting down, and stackd started containers into it.
 */
class EngineSocketTest {
    @TempDir
    Path dir;

    @Test
    void aProxyWhoseEngineIsGoingAwayIsNotAnEngineThatTakesConnections() throws Exception {
        assertThat(answering("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")).isFalse();
        assertThat(answering("")).as("a proxy that hangs up").isFalse();
        assertThat(answering("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK")).isTrue();
    }

    @Test
    void anEngineThatNeverAnswersGetsItsConnectionClosedAtTheTimeout() throws Exception {
        // before, the read went on in a pool thread after the caller gave up: one thread held per check, forever
        Path sock = dir.resolve("silent.sock");
        try (var server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            var closed = new java.util.concurrent.CompletableFuture<Boolean>();
            Thread.ofVirtual().start(() -> {
                try (var client = server.accept()) {
                    client.read(ByteBuffer.allocate(1024)); // the ping; no answer
                    closed.complete(client.read(ByteBuffer.allocate(1)) == -1);
                } catch (Exception e) {
                    closed.complete(true); // reset by the peer: closed too
                }
            });

            assertThat(EngineSocket.accepts(URI.create("unix://" + sock), Duration.ofMillis(300))).isFalse();
            assertThat(closed.get(10, java.util.concurrent.TimeUnit.SECONDS)).as("the check's connection is closed").isTrue();
        }
    }

    private boolean answering(String reply) throws Exception {
        Path sock = dir.resolve("proxy-" + reply.length() + ".sock");
        try (var server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            var proxy = Thread.ofVirtual().start(() -> {
                try (var client = server.accept()) {
                    client.read(ByteBuffer.allocate(1024));
                    client.write(ByteBuffer.wrap(reply.getBytes(StandardCharsets.US_ASCII)));
                } catch (Exception ignored) {
                    // the test's answer decides
                }
            });
            boolean accepts = EngineSocket.accepts(URI.create("unix://" + sock), Duration.ofSeconds(5));
            proxy.join();
            return accepts;
        }
    }
}
