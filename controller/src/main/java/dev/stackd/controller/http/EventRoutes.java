package dev.stackd.controller.http;

import dev.stackd.controller.http.Replies.Reply;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/v1/events}: a page of events (the oldest after {@code since}, or with {@code tail} the newest), or
 * with {@code watch=true} a server-sent event stream.
 */
final class EventRoutes {
    private final Backend backend;
    private final HttpOptions options;

    EventRoutes(Backend backend, HttpOptions options) {
        this.backend = backend;
        this.options = options;
    }

    void events(RoutingContext ctx) {
        EventQuery query;
        boolean watch;
        int tail;
        try {
            query = EventQuery.of(ctx);
            watch = StackRoutes.flag(ctx, "watch");
            tail = EventQuery.tail(ctx, watch);
        } catch (ApiException e) {
            Replies.failure(ctx, e);
            return;
        }
        if (watch) {
            new EventStream(ctx, backend.store(), query, options, backend.metrics()).start();
        } else if (tail > 0) {
            Replies.blocking(ctx, () -> Reply.ok(backend.store().tailEvents(query.stack(), query.since(), tail)
                    .stream().map(EventView::of).toList()));
        } else {
            Replies.blocking(ctx, () -> Reply.ok(backend.store().events(query.stack(), query.since(), query.limit())
                    .stream().map(EventView::of).toList()));
        }
    }
}
