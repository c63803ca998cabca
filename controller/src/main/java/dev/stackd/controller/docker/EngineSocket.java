package dev.stackd.controller.docker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/** A bare connect to the engine's listener (no request): whether it takes new connections right now. */
final class EngineSocket {
    private EngineSocket() {}

    static boolean accepts(URI host, Duration timeout) {
        try {
            switch (host.getScheme() == null ? "" : host.getScheme()) {
                case "unix" -> {
                    try (var channel = SocketChannel.open(UnixDomainSocketAddress.of(host.getPath()))) {
                        return channel.isConnected();
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
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
