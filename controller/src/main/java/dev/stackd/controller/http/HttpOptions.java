package dev.stackd.controller.http;

import java.time.Duration;

/**
 * The server's limits.
 *
 * @param bodyLimit   the largest request body, in bytes (larger: 413)
 * @param watchBuffer how many events a watch may fall behind before it is ended with an overflow message
 * @param heartbeat   how often an idle watch gets a comment, so proxies and clients keep it open
 */
public record HttpOptions(long bodyLimit, int watchBuffer, Duration heartbeat) {
    public static final long MIB = 1024 * 1024;

    public HttpOptions {
        if (bodyLimit < 1) throw new IllegalArgumentException("bodyLimit must be positive");
        if (watchBuffer < 1) throw new IllegalArgumentException("watchBuffer must be positive");
        if (heartbeat.isNegative() || heartbeat.isZero()) throw new IllegalArgumentException("heartbeat must be positive");
    }

    public static HttpOptions defaults() {
        return new HttpOptions(MIB, 1000, Duration.ofSeconds(15));
    }

    public HttpOptions withWatchBuffer(int events) {
        return new HttpOptions(bodyLimit, events, heartbeat);
    }

    public HttpOptions withHeartbeat(Duration every) {
        return new HttpOptions(bodyLimit, watchBuffer, every);
    }
}
