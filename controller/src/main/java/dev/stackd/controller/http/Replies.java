package dev.stackd.controller.http;

import dev.stackd.controller.spec.SpecError;
import dev.stackd.controller.store.StackDeletingException;
import dev.stackd.controller.store.StaleGenerationException;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writing JSON answers, and running a handler's blocking part on a worker thread. */
final class Replies {
    private static final Logger log = LoggerFactory.getLogger(Replies.class);

    private Replies() {
    }

    /** A status, a body to be written as JSON, and extra headers. */
    record Reply(int status, Object body, Map<String, String> headers) {
        Reply(int status, Object body) {
            this(status, body, Map.of());
        }

        static Reply ok(Object body) {
            return new Reply(200, body);
        }
    }

    /** Runs {@code work} off the event loop (it may touch the store, the engine, the parser), then answers. */
    static void blocking(RoutingContext ctx, Callable<Reply> work) {
        ctx.vertx().executeBlocking(work, false).onComplete(done -> {
            if (done.failed()) {
                failure(ctx, done.cause());
                return;
            }
            Reply reply = done.result();
            reply.headers().forEach(ctx.response()::putHeader);
            json(ctx, reply.status(), reply.body());
        });
    }

    static void json(RoutingContext ctx, int status, Object body) {
        if (ctx.response().ended() || ctx.response().closed()) return;
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .end(Json.write(body));
    }

    static void error(RoutingContext ctx, int status, String message, List<SpecError> details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("details", details);
        json(ctx, status, body);
    }

    static void failure(RoutingContext ctx, Throwable t) {
        switch (t) {
            case ApiException e -> error(ctx, e.status(), e.getMessage(), e.details());
            case StaleGenerationException e -> error(ctx, 409, e.getMessage(), List.of());
            case StackDeletingException e -> error(ctx, 409, e.getMessage(), List.of());
            default -> {
                log.error("{} {} failed", ctx.request().method(), ctx.request().path(), t);
                error(ctx, 500, "internal error: " + t.getMessage(), List.of());
            }
        }
    }
}
