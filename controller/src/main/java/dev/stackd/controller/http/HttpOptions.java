package dev.stackd.controller.http;

import java.time.Duration;

/**
 * The server's limits: what one client can hold of the server, in bytes, time and connections.
 *
 * @param bodyLimit         the largest request body, in bytes (larger: 413)
 * @param watchBuffer       how many events a watch may fall behind before it is ended with an overflow message
 * @param watchBufferBytes  the same in bytes: what the server holds for one watcher that does not keep up
 * @param heartbeat         how often an idle watch gets a comment, so proxies and clients keep it open
 * @param watchWriteTimeout how long a watcher's socket may refuse more bytes before the watch is ended
 * @param idleTimeout       how long a connection may stay open with no request in progress
 * @param headerTimeout     how long a new connection has to send its first request line and headers
 * @param bodyTimeout       how long a request's body may take to arrive, from the end of its headers
 * @param maxConnections    how many connections may be open at once; the next is closed at once
 * @param logBufferBytes    what the server holds for one log stream whose client does not keep up, in bytes; a
 *                          stream that stays full for the watch write timeout is ended with an overflow message
 * @param maxLogStreams     how many log streams may be open at once; the next request is a 429
 */
public record HttpOptions(long bodyLimit, int watchBuffer, long watchBufferBytes, Duration heartbeat,
                          Duration watchWriteTimeout, Duration idleTimeout, Duration headerTimeout,
                          Duration bodyTimeout, int maxConnections, long logBufferBytes,
                          int maxLogStreams) {
    public static final long MIB = 1024 * 1024;

    public HttpOptions {
        if (bodyLimit < 1) throw new IllegalArgumentException("bodyLimit must be positive");
        if (watchBuffer < 1) throw new IllegalArgumentException("watchBuffer must be positive");
        if (watchBufferBytes < 1) throw new IllegalArgumentException("watchBufferBytes must be positive");
        positive("heartbeat", heartbeat);
        positive("watchWriteTimeout", watchWriteTimeout);
        positive("idleTimeout", idleTimeout);
        positive("headerTimeout", headerTimeout);
        positive("bodyTimeout", bodyTimeout);
        if (maxConnections < 1) throw new IllegalArgumentException("maxConnections must be positive");
        if (logBufferBytes < 1) throw new IllegalArgumentException("logBufferBytes must be positive");
        if (maxLogStreams < 1) throw new IllegalArgumentException("maxLogStreams must be positive");
        // a watch is never idle (a request is in progress), but a proxy in front may apply the same idle timeout
        if (heartbeat.compareTo(idleTimeout) >= 0) {
            throw new IllegalArgumentException("the heartbeat (" + heartbeat + ") must be shorter than the idle timeout ("
                    + idleTimeout + ")");
        }
    }

    public static HttpOptions defaults() {
        return new HttpOptions(MIB, 1000, MIB, Duration.ofSeconds(15), Duration.ofSeconds(30),
                Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(30), 256, MIB, 32);
    }

    public HttpOptions withWatchBuffer(int events) {
        return new HttpOptions(bodyLimit, events, watchBufferBytes, heartbeat, watchWriteTimeout, idleTimeout,
                headerTimeout, bodyTimeout, maxConnections, logBufferBytes, maxLogStreams);
    }

    public HttpOptions withWatchBufferBytes(long bytes) {
        return new HttpOptions(bodyLimit, watchBuffer, bytes, heartbeat, watchWriteTimeout, idleTimeout,
                headerTimeout, bodyTimeout, maxConnections, logBufferBytes, maxLogStreams);
    }

    public HttpOptions withHeartbeat(Duration every) {
        return new HttpOptions(bodyLimit, watchBuffer, watchBufferBytes, every, watchWriteTimeout, idleTimeout,
                headerTimeout, bodyTimeout, maxConnections, logBufferBytes, maxLogStreams);
    }

    public HttpOptions withWatchWriteTimeout(Duration timeout) {
        return new HttpOptions(bodyLimit, watchBuffer, watchBufferBytes, heartbeat, timeout, idleTimeout,
                headerTimeout, bodyTimeout, maxConnections, logBufferBytes, maxLogStreams);
    }

    public HttpOptions withIdleTimeout(Duration timeout) {
        return new HttpOptions(bodyLimit, watchBuffer, watchBufferBytes, heartbeat, watchWriteTimeout, timeout,
                headerTimeout, bodyTimeout, maxConnections, logBufferBytes, maxLogStreams);
    }

    public HttpOptions withHeaderTimeout(Duration timeout) {
        return new HttpOptions(bodyLimit, watchBuffer, watchBufferBytes, heartbeat, watchWriteTimeout, idleTimeout,
                timeout, bodyTimeout, maxConnections, logBufferBytes, maxLogStreams);
    }

    public HttpOptions withBodyTimeout(Duration timeout) {
        return new HttpOptions(bodyLimit, watchBuffer, watchBufferBytes, heartbeat, watchWriteTimeout, idleTimeout,
                headerTimeout, timeout, maxConnections, logBufferBytes, maxLogStreams);
    }

    public HttpOptions withMaxConnections(int connections) {
        return new HttpOptions(bodyLimit, watchBuffer, watchBufferBytes, heartbeat, watchWriteTimeout, idleTimeout,
                headerTimeout, bodyTimeout, connections, logBufferBytes, maxLogStreams);
    }

    public HttpOptions withLogBufferBytes(long bytes) {
        return new HttpOptions(bodyLimit, watchBuffer, watchBufferBytes, heartbeat, watchWriteTimeout, idleTimeout,
                headerTimeout, bodyTimeout, maxConnections, bytes, maxLogStreams);
    }

    public HttpOptions withMaxLogStreams(int streams) {
        return new HttpOptions(bodyLimit, watchBuffer, watchBufferBytes, heartbeat, watchWriteTimeout, idleTimeout,
                headerTimeout, bodyTimeout, maxConnections, logBufferBytes, streams);
    }

    private static void positive(String name, Duration d) {
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive");
    }
}
