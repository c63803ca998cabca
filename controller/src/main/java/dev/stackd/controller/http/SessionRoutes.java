package dev.stackd.controller.http;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/session}: the dashboard's sign-in. {@code POST} with the bearer token answers a session cookie
 * (HttpOnly: no script reads it; SameSite=Strict: no other site's page sends it; Path=/; it expires with the
 * session); {@code GET} tells how the request was signed in; {@code DELETE} signs out. Only the token opens a
 * session: a session cannot open the next one and so outlive its lifetime.
 */
final class SessionRoutes {
    static final String COOKIE = "stackd_session";

    private final Sessions sessions;

    SessionRoutes(Sessions sessions) {
        this.sessions = sessions;
    }

    void open(RoutingContext ctx) {
        if (ctx.get(AuthHandler.SESSION_ID) != null) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"stackd\"");
            Replies.error(ctx, 401, "a session is opened with the token: send Authorization: Bearer <token>", List.of());
            return;
        }
        var session = sessions.open();
        ctx.response().addCookie(Cookie.cookie(COOKIE, session.id())
                .setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT)
                .setPath("/")
                .setMaxAge(sessions.lifetime().toSeconds()));
        ctx.response().putHeader("Cache-Control", "no-store");
        Replies.json(ctx, 201, view("session", session.expires()));
    }

    void read(RoutingContext ctx) {
        String id = ctx.get(AuthHandler.SESSION_ID);
        ctx.response().putHeader("Cache-Control", "no-store");
        Replies.json(ctx, 200, id == null ? view("token", null) : view("session", sessions.expiry(id).orElse(null)));
    }

    /** Ends the cookie's session, if the request has one, and tells the browser to forget the cookie. */
    void close(RoutingContext ctx) {
        Cookie cookie = ctx.request().getCookie(COOKIE);
        if (cookie != null) sessions.close(cookie.getValue());
        ctx.response().addCookie(Cookie.cookie(COOKIE, "")
                .setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT)
                .setPath("/")
                .setMaxAge(0));
        ctx.response().setStatusCode(204).end();
    }

    private static Map<String, Object> view(String via, Object expiresAt) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("signedInWith", via);
        v.put("expiresAt", expiresAt);
        return v;
    }
}
