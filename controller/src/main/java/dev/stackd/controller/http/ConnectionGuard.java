package dev.stackd.controller.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds what a connection can hold of the server before it has proven anything (no token is needed to open
 * one): at most {@link HttpOptions#maxConnections} open at once, the first request's head within the header
 * timeout, each body within the body timeout from its head, and no more than the idle timeout with no request
 * in progress (which also bounds the wait for a kept-alive connection's next request head, and for a client
 * to take a response it stopped reading). A request in progress is never cut for being slow to answer: a
 * plan waiting on a slow engine, or an event watch, keeps its connection.
 */
final class ConnectionGuard {
    private final Vertx vertx;
    private final HttpOptions options;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<HttpConnection, Tracked> tracked = new ConcurrentHashMap<>();

    ConnectionGuard(Vertx vertx, HttpOptions options) {
        this.vertx = vertx;
        this.options = options;
    }

    /** The server's connection handler: runs before any request of the connection is read. */
    void onConnection(HttpConnection connection) {
        if (open.incrementAndGet() > options.maxConnections()) {
            open.decrementAndGet();
            connection.close();
            return;
        }
        var t = new Tracked(connection);
        tracked.put(connection, t);
        connection.closeHandler(v -> {
            open.decrementAndGet();
            tracked.remove(connection);
            t.cancelWait();
        });
        t.closeUnlessARequestComesWithin(options.headerTimeout());
    }

    /** The router's first handler: a request's head has arrived. */
    void onRequest(RoutingContext ctx) {
        Tracked t = tracked.get(ctx.request().connection());
        if (t == null) { // refused in onConnection and not closed yet
            ctx.request().connection().close();
            return;
        }
        t.requestStarted(ctx);
        ctx.next();
    }

    /** How many connections are open now. */
    int open() {
        return open.get();
    }

    /** One connection's timers. Touched only on the connection's event loop. */
    private final class Tracked {
        private final HttpConnection connection;
        private int inProgress;
        private long waitTimer = -1;

        Tracked(HttpConnection connection) {
            this.connection = connection;
        }

        void requestStarted(RoutingContext ctx) {
            cancelWait();
            inProgress++;
            HttpServerRequest request = ctx.request();
            long bodyTimer = request.isEnded() ? -1 : vertx.setTimer(millis(options.bodyTimeout()), id -> {
                if (!request.isEnded()) connection.close();
            });
            ctx.addEndHandler(done -> {
                // a body that is still coming after its answer (a 401 sent early) keeps its deadline
                if (bodyTimer >= 0 && request.isEnded()) vertx.cancelTimer(bodyTimer);
                if (--inProgress == 0) closeUnlessARequestComesWithin(options.idleTimeout());
            });
        }

        void closeUnlessARequestComesWithin(Duration timeout) {
            cancelWait();
            waitTimer = vertx.setTimer(millis(timeout), id -> {
                waitTimer = -1;
                if (inProgress == 0) connection.close();
            });
        }

        void cancelWait() {
            if (waitTimer >= 0) vertx.cancelTimer(waitTimer);
            waitTimer = -1;
        }
    }

    private static long millis(Duration d) {
        return Math.max(1, d.toMillis());
    }
}
