package dev.stackd.controller.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** Lets an API request through only with {@code Authorization: Bearer <token>}; else 401 and nothing happens. */
final class AuthHandler implements Handler<RoutingContext> {
    private final ApiToken token;

    AuthHandler(ApiToken token) {
        this.token = token;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (token.accepts(ctx.request().getHeader("Authorization"))) {
            ctx.next();
            return;
        }
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"stackd\"");
        Replies.error(ctx, 401, "unauthorized: send Authorization: Bearer <token>; the token is in <data-dir>/token",
                List.of());
    }
}
