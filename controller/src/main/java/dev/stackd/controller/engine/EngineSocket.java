package dev.stackd.controller.engine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Whether the engine takes a new connection right now: on its unix socket, a {@code GET /_ping} on a fresh
 * connection that must answer 200 (a proxy in front of the socket, such as a socket proxy, accepts the connection
 * itself and only the answer says whether the engine behind it did); on TCP, a bare connect.
 */
public final class EngineSocket {
    private static final byte[] PING = "GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private EngineSocket() {}

    public static boolean accepts(URI host, Duration timeout) {
        try {
            switch (host.getScheme() == null ? "" : host.getScheme()) {
                case "unix" -> {
                    // the channel is closed on the way out, timed out too: a read blocked on an engine that
                    // accepted and never answers ends with it, instead of holding its thread forever
                    try (var channel = SocketChannel.open(UnixDomainSocketAddress.of(host.getPath()))) {
                        var answer = new CompletableFuture<Boolean>();
                        Thread.ofVirtual().name("engine-ping").start(() -> answer.complete(ping(channel)));
                        return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    }
                }
                case "tcp", "http", "https" -> {
                    try (var socket = new Socket()) {
                        socket.connect(new InetSocketAddress(host.getHost(), host.getPort()), (int) timeout.toMillis());
                        return true;
                    }
                }
                default -> {
                    return true; // a transport this check does not know (npipe): the calls themselves will tell
                }
            }
        } catch (Exception e) {
            return false;
        }
    }

    /** True when the first line of the answer is an HTTP 200. */
    private static boolean ping(SocketChannel channel) {
        try {
            channel.write(ByteBuffer.wrap(PING));
            var buffer = ByteBuffer.allocate(64);
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                String head = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
                int eol = head.indexOf("\r\n");
                if (eol >= 0) return head.substring(0, eol).matches("HTTP/1\\.[01] 200( .*)?");
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
