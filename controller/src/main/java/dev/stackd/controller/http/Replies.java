package dev.stackd.controller.http;

import dev.stackd.controller.engine.EngineException;
import dev.stackd.controller.spec.SpecError;
import dev.stackd.controller.store.StackDeletingException;
import dev.stackd.controller.store.StackMissingException;
import dev.stackd.controller.store.StaleGenerationException;
import dev.stackd.controller.store.StoreException;
import dev.stackd.controller.store.StoreFullException;
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
    /** When to ask again after a 503 for an engine that does not answer: the breaker's first retry. */
    static final long ENGINE_RETRY_AFTER_SECONDS = 5;
    static final long STORE_FULL_RETRY_AFTER_SECONDS = 30;

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
            case dev.stackd.controller.store.RevisionMissingException e -> error(ctx, 409, e.getMessage(), List.of());
            case StackMissingException e -> error(ctx, 412, e.getMessage() + ": If-Match: * applies only to an"
                    + " existing stack", List.of());
            case EngineException e when e.unavailable() -> {
                // the engine (or the breaker in front of it) will be asked again: a client may retry, not fix
                ctx.response().putHeader("Retry-After", Long.toString(ENGINE_RETRY_AFTER_SECONDS));
                error(ctx, 503, e.getMessage(), List.of());
            }
            case EngineException e -> error(ctx, 502, "the Docker engine refused: " + e.getMessage(), List.of());
            case StoreFullException e -> {
                ctx.response().putHeader("Retry-After", Long.toString(STORE_FULL_RETRY_AFTER_SECONDS));
                error(ctx, 503, e.getMessage(), List.of());
            }
            case StoreException e -> {
                log.error("{} {} failed", ctx.request().method(), ctx.request().path(), e);
                error(ctx, 500, "internal error: the store failed (stackd's log has the details)", List.of());
            }
            default -> {
                log.error("{} {} failed", ctx.request().method(), ctx.request().path(), t);
                error(ctx, 500, "internal error: " + t.getMessage(), List.of());
            }
        }
    }
}
