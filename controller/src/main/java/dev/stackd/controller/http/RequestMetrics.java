package dev.stackd.controller.http;

import dev.stackd.controller.metrics.Metrics;
import io.vertx.core.Handler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/** Times every request by its route pattern ("/api/v1/stacks/:name"), so stack names do not become series. */
final class RequestMetrics implements Handler<RoutingContext> {
    private final Metrics metrics;

    RequestMetrics(Metrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void handle(RoutingContext ctx) {
        long start = System.nanoTime();
        ctx.addEndHandler(done -> metrics.httpRequest(ctx.request().method().name(), routeOf(ctx),
                ctx.response().getStatusCode(), Duration.ofNanos(System.nanoTime() - start)));
        ctx.next();
    }

    private static String routeOf(RoutingContext ctx) {
        Route route = ctx.currentRoute();
        return route == null || route.getPath() == null ? "unmatched" : route.getPath();
    }
}
