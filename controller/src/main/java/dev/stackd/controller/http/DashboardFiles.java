package dev.stackd.controller.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's files ({@code web/} in the jar: HTML, CSS, ES modules) at {@code /}. They need no token: they
 * hold no data, and the page asks for the token before it shows anything. Every data request the page makes goes
 * to the API as the CLI's do.
 *
 * <p>Read from the class path only. Vert.x's StaticHandler looks in the working directory first ({@code web/} beside
 * wherever {@code stackd serve} was started) and in the jar after: a {@code web/index.html} there replaced the
 * dashboard, its scripts included, on the server's own origin, with the session cookie in reach.
 *
 * <p>The names carry no version, so a browser revalidates each file at every load ({@code no-cache}: a 304 when it
 * has not changed) and never runs an old script after an upgrade. The page may load only its own files and talk
 * only to this server (the Content-Security-Policy), and no other site may frame it.
 */
final class DashboardFiles implements Handler<RoutingContext> {
    static final String WEB_ROOT = "web";
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html;charset=UTF-8",
            "js", "text/javascript;charset=UTF-8",
            "css", "text/css;charset=UTF-8",
            "svg", "image/svg+xml",
            "json", "application/json",
            "png", "image/png",
            "ico", "image/x-icon",
            "txt", "text/plain;charset=UTF-8");
    /** Seconds: what HTTP dates can say. */
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    /** A file of the jar, read once: there are a dozen, and only names found in the jar are kept. */
    private record File(Buffer bytes, String type, Instant modified) {}

    private final ClassLoader loader;
    private final Map<String, File> files = new ConcurrentHashMap<>();

    DashboardFiles() {
        this(DashboardFiles.class.getClassLoader());
    }

    DashboardFiles(ClassLoader loader) {
        this.loader = loader;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        if (ctx.normalizedPath().startsWith("/api/") || (method != HttpMethod.GET && method != HttpMethod.HEAD)) {
            ctx.next();
            return;
        }
        String name = resourceName(ctx.normalizedPath());
        if (name == null) {
            ctx.next();
            return;
        }
        File cached = files.get(name);
        if (cached != null) {
            send(ctx, cached);
            return;
        }
        ctx.vertx().executeBlocking(() -> read(name)).onComplete(r -> {
            if (r.failed()) {
                ctx.fail(r.cause());
            } else if (r.result() == null) {
                ctx.next();
            } else {
                files.putIfAbsent(name, r.result());
                send(ctx, r.result());
            }
        });
    }

    /**
     * {@code web/...} for a request path, or null for one that cannot name a file of the dashboard: a hidden name, a
     * dot segment (the router has already resolved them; this holds if it did not), a backslash or a NUL.
     */
    static String resourceName(String path) {
        if (path == null || !path.startsWith("/")) return null;
        String relative = path.endsWith("/") ? path.substring(1) + "index.html" : path.substring(1);
        if (relative.indexOf('\\') >= 0 || relative.indexOf('\0') >= 0) return null;
        for (String segment : relative.split("/", -1)) {
            if (segment.isEmpty() || segment.startsWith(".")) return null;
        }
        return WEB_ROOT + "/" + relative;
    }

    private File read(String name) {
        URL url = loader.getResource(name);
        // a folder of the jar (web/js) is a resource too, with no bytes worth serving: only names with a type
        String type = TYPES.get(extension(name));
        if (url == null || type == null) return null;
        try {
            var connection = url.openConnection();
            connection.setUseCaches(false); // a jar URL's cache keeps the jar file open after the server closed
            long modified = connection.getLastModified();
            try (InputStream in = connection.getInputStream()) {
                return new File(Buffer.buffer(in.readAllBytes()), type, Instant.ofEpochSecond(modified / 1000));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + name + " from the class path", e);
        }
    }

    private static void send(RoutingContext ctx, File file) {
        var response = ctx.response();
        ctx.addHeadersEndHandler(v -> {
            if (response.getStatusCode() >= 400) return;
            var headers = response.headers();
            headers.set("Cache-Control", "no-cache");
            headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Referrer-Policy", "no-referrer");
            headers.set("X-Frame-Options", "DENY");
        });
        response.putHeader(HttpHeaders.LAST_MODIFIED, HTTP_DATE.format(file.modified()));
        if (notModifiedSince(ctx.request().getHeader(HttpHeaders.IF_MODIFIED_SINCE), file.modified())) {
            response.setStatusCode(304).end();
            return;
        }
        response.putHeader(HttpHeaders.CONTENT_TYPE, file.type());
        if (ctx.request().method() == HttpMethod.HEAD) {
            response.putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(file.bytes().length())).end();
        } else {
            response.end(file.bytes());
        }
    }

    private static boolean notModifiedSince(String header, Instant modified) {
        if (header == null) return false;
        try {
            return !modified.isAfter(Instant.from(HTTP_DATE.parse(header)));
        } catch (DateTimeParseException e) {
            return false; // a date that does not read: the file is sent
        }
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 || dot < name.lastIndexOf('/') ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
