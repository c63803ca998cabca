package dev.stackd.controller.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stackd.controller.logs.StackLogs;
import dev.stackd.controller.store.StackRecord;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code GET /api/v1/stacks/{name}/logs}: the stack's containers' output, merged in time order; NDJSON, or a
 * server-sent event stream when following. At most {@link HttpOptions#maxLogStreams} at once: each holds engine
 * streams and a buffer.
 */
final class LogRoutes {
    /** When to ask again after a 429: log streams are long, but a client retrying now and then is no burden. */
    static final long RETRY_AFTER_SECONDS = 5;

    private final Backend backend;
    private final HttpOptions options;
    private final Clock clock;
    private final AtomicInteger open = new AtomicInteger();

    LogRoutes(Backend backend, HttpOptions options, Clock clock) {
        this.backend = backend;
        this.options = options;
        this.clock = clock;
    }

    void logs(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        LogParams params;
        try {
            params = LogParams.of(ctx, clock);
        } catch (ApiException e) {
            Replies.failure(ctx, e);
            return;
        }
        if (open.incrementAndGet() > options.maxLogStreams()) {
            open.decrementAndGet();
            ctx.response().putHeader("Retry-After", Long.toString(RETRY_AFTER_SECONDS));
            Replies.error(ctx, 429, options.maxLogStreams() + " log streams are open, the most this server serves at"
                    + " once: close one, or try again later", java.util.List.of());
            return;
        }
        var session = new java.util.concurrent.atomic.AtomicReference<StackLogs.Session>();
        var response = new LogResponse(ctx, params, options, backend.metrics(), () -> {
            open.decrementAndGet();
            var s = session.get();
            if (s != null) s.close();
        });
        ctx.vertx().executeBlocking(() -> {
            StackRecord r = backend.store().get(name).orElseThrow(() -> ApiException.notFound("stack " + name));
            JsonNode services = Json.read(r.specJson()).path("services");
            for (String s : params.query().services()) {
                if (!services.has(s)) throw ApiException.notFound("service " + s + " of stack " + name);
            }
            return backend.logs().open(name, params.query(), response);
        }, false).onComplete(done -> {
            if (done.failed()) {
                response.abandon();
                Replies.failure(ctx, done.cause());
                return;
            }
            session.set(done.result());
            if (ctx.response().closed()) done.result().close(); // the client went while the streams opened
            response.start();
        });
    }
}
