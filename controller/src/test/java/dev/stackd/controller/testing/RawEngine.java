package dev.stackd.controller.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * Reads the engine's own JSON without docker-java: an independent oracle to check what
 * DockerJavaEngine sent, e.g. a container's inspect.
 */
public final class RawEngine {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RawEngine() {}

    /** The JSON at {@code path} (e.g. "/containers/web/json"), or null on 404. */
    public static JsonNode get(String path) {
        return send("GET", path);
    }

    /** Deletes what the engine has at {@code path} (e.g. "/images/x:1"); false when it was not there. */
    public static boolean delete(String path) {
        return send("DELETE", path) != null;
    }

    private static JsonNode send(String method, String path) {
        URI host = TestEngine.get().host();
        try (SocketChannel channel = open(host)) {
            String request = method + " " + path + " HTTP/1.0\r\nHost: docker\r\n\r\n"; // 1.0: no chunking, closed at the end
            channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            String response = new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(9, 12));
            String body = response.substring(response.indexOf("\r\n\r\n") + 4);
            if (status == 404) return null;
            if (status != 200) throw new IllegalStateException(method + " " + path + ": " + status + " " + body);
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        }
    }

    private static SocketChannel open(URI host) throws IOException {
        return switch (host.getScheme()) {
            case "unix" -> {
                var channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                channel.connect(UnixDomainSocketAddress.of(host.getPath()));
                yield channel;
            }
            case "tcp" -> SocketChannel.open(new InetSocketAddress(host.getHost(), host.getPort()));
            default -> throw new IllegalArgumentException("unsupported engine address " + host);
        };
    }
}
