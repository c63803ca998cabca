package dev.stackd.controller.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The dashboard's files ({@code web/} in the jar: HTML, CSS, ES modules) at {@code /}. They need no token: they
 * hold no data, and the page asks for the token before it shows anything. Every data request the page makes goes
 * to the API as the CLI's do.
 *
 * <p>The names carry no version, so a browser revalidates each file at every load ({@code no-cache}: a 304 when it
 * has not changed) and never runs an old script after an upgrade. The page may load only its own files and talk
 * only to this server (the Content-Security-Policy), and no other site may frame it.
 */
final class DashboardFiles implements Handler<RoutingContext> {
    static final String WEB_ROOT = "web";
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private final StaticHandler files = StaticHandler.create(WEB_ROOT)
            .setIndexPage("index.html")
            .setDirectoryListing(false)
            .setIncludeHidden(false)
            .setCachingEnabled(true) // Last-Modified and 304; the Cache-Control it would set is replaced below
            .setDefaultContentEncoding("UTF-8");

    @Override
    public void handle(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        if (ctx.normalizedPath().startsWith("/api/") || (method != HttpMethod.GET && method != HttpMethod.HEAD)) {
            ctx.next();
            return;
        }
        ctx.addHeadersEndHandler(v -> {
            var headers = ctx.response().headers();
            if (ctx.response().getStatusCode() >= 400) return;
            headers.set("Cache-Control", "no-cache");
            headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Referrer-Policy", "no-referrer");
            headers.set("X-Frame-Options", "DENY");
        });
        files.handle(ctx);
    }
}
