package dev.stackd.controller.http;

import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;

/**
 * Lets an API request through with {@code Authorization: Bearer <token>}, or with the dashboard's session cookie;
 * else 401 and nothing happens. The scheme's case does not matter ({@code bearer} is the same scheme: RFC 7235,
 * section 2.1). When an {@code Authorization} header is sent, it alone decides.
 *
 * <p>A browser sends the cookie with every request to this server, also one another site's page makes it send
 * (SameSite=Strict stops most of those, not all: a sibling site on the same registrable domain is "same site"). So
 * a request that changes something and is signed in by the cookie must also carry an {@code Origin} naming this
 * server (else 403): a page of another origin cannot forge that header. The bearer token needs no such check:
 * a browser never adds it by itself.
 */
final class AuthHandler implements Handler<RoutingContext> {
    /** Set on the context of a request signed in by a session cookie: the session's ID. */
    static final String SESSION_ID = "stackd.session";
    private static final Set<HttpMethod> CHANGES = Set.of(HttpMethod.PUT, HttpMethod.POST, HttpMethod.DELETE, HttpMethod.PATCH);

    private final ApiToken token;
    private final Sessions sessions;

    AuthHandler(ApiToken token, Sessions sessions) {
        this.token = token;
        this.sessions = sessions;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String authorization = ctx.request().getHeader("Authorization");
        if (authorization != null && !authorization.isBlank()) {
            if (token.accepts(withCanonicalScheme(authorization))) {
                ctx.next();
            } else {
                unauthorized(ctx);
            }
            return;
        }
        Cookie cookie = ctx.request().getCookie(SessionRoutes.COOKIE);
        if (cookie == null || sessions.expiry(cookie.getValue()).isEmpty()) {
            unauthorized(ctx);
            return;
        }
        if (CHANGES.contains(ctx.request().method()) && !sameOrigin(ctx.request())) {
            Replies.error(ctx, 403, "forbidden: a change signed in by the session cookie must come from this server's own"
                    + " page (Origin " + (ctx.request().getHeader("Origin") == null ? "missing" : "is another site's")
                    + "); scripts send Authorization: Bearer <token> instead", List.of());
            return;
        }
        ctx.put(SESSION_ID, cookie.getValue());
        ctx.next();
    }

    /**
     * Whether the request's {@code Origin} is this server as the browser reached it: the {@code Host} it sent, over
     * http, or https behind a TLS-terminating proxy that passes {@code Host} on. A browser sets both headers itself,
     * and a page of another site cannot make it send this server's host as the origin.
     */
    static boolean sameOrigin(HttpServerRequest request) {
        String origin = request.getHeader("Origin");
        String host = request.getHeader("Host");
        if (origin == null || host == null || host.isBlank()) return false;
        return origin.equalsIgnoreCase("http://" + host) || origin.equalsIgnoreCase("https://" + host);
    }

    private static void unauthorized(RoutingContext ctx) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"stackd\"");
        Replies.error(ctx, 401, "unauthorized: send Authorization: Bearer <token>, or sign in on the dashboard; the"
                + " token is in <data-dir>/token", List.of());
    }

    /** "bearer x" as "Bearer x"; anything else unchanged. */
    static String withCanonicalScheme(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, "Bearer ".length())) return header;
        return "Bearer " + header.substring("Bearer ".length());
    }
}
