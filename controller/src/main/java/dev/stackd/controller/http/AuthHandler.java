package dev.stackd.controller.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Lets an API request through only with {@code Authorization: Bearer <token>}; else 401 and nothing happens.
 * The scheme's case does not matter ({@code bearer} is the same scheme: RFC 7235, section 2.1).
 */
final class AuthHandler implements Handler<RoutingContext> {
    private final ApiToken token;

    AuthHandler(ApiToken token) {
        this.token = token;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (token.accepts(withCanonicalScheme(ctx.request().getHeader("Authorization")))) {
            ctx.next();
            return;
        }
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"stackd\"");
        Replies.error(ctx, 401, "unauthorized: send Authorization: Bearer <token>; the token is in <data-dir>/token",
                List.of());
    }

    /** "bearer x" as "Bearer x"; anything else unchanged. */
    static String withCanonicalScheme(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, "Bearer ".length())) return header;
        return "Bearer " + header.substring("Bearer ".length());
    }
}
