package dev.stackd.controller.http;

import dev.stackd.controller.spec.ComposeSpecParser;
import dev.stackd.controller.spec.SpecParser;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * stackd's HTTP API on Vert.x, and the dashboard's files at {@code /}. Everything under {@code /api/} needs the
 * bearer token or a dashboard session; {@code /healthz}, {@code /readyz}, {@code /metrics} and the dashboard's files
 * do not. Handlers never block the event loop: store, parser and engine
 * work runs on worker threads.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 7777;
    /** The body {@code stackd apply} sends: {@code {"spec": <normalised spec>, "source": "<file text>"}}. */
    public static final String SPEC_MEDIA_TYPE = "application/vnd.stackd.spec+json";

    private final Vertx vertx;
    private final boolean ownsVertx;
    private final ConnectionGuard guard;
    private final Router router;
    private io.vertx.core.http.HttpServer server;

    /** The daemon's server: its own Vert.x, the compose parser, the default limits. */
    public HttpServer(Backend backend, ApiToken token) {
        this(Vertx.vertx(), true, backend, new ComposeSpecParser(), token, HttpOptions.defaults());
    }

    /** The daemon's server on a Vert.x the caller started (to overlap its start with the daemon's); closes it. */
    public static HttpServer owning(Vertx vertx, Backend backend, ApiToken token) {
        return new HttpServer(vertx, true, backend, new ComposeSpecParser(), token, HttpOptions.defaults());
    }

    public HttpServer(Backend backend, SpecParser parser, ApiToken token) {
        this(Vertx.vertx(), true, backend, parser, token, HttpOptions.defaults());
    }

    /** With a Vert.x instance of the caller's, which the caller closes. */
    public HttpServer(Vertx vertx, Backend backend, SpecParser parser, ApiToken token, HttpOptions options) {
        this(vertx, false, backend, parser, token, options);
    }

    private HttpServer(Vertx vertx, boolean ownsVertx, Backend backend, SpecParser parser, ApiToken token,
                       HttpOptions options) {
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.guard = new ConnectionGuard(vertx, options);
        this.router = routes(backend, parser, token, options);
    }

    private Router routes(Backend backend, SpecParser parser, ApiToken token, HttpOptions options) {
        var stacks = new StackRoutes(backend, parser);
        var events = new EventRoutes(backend, options);
        var info = new InfoRoutes(backend);
        var logs = new LogRoutes(backend, options, java.time.Clock.systemUTC());
        var sessions = Sessions.defaults();
        var session = new SessionRoutes(sessions);
        var compose = new ComposeRoutes(backend);
        var jobs = new JobRoutes(backend, java.time.Clock.systemUTC());
        Router r = Router.router(vertx);
        r.route().handler(guard::onRequest);
        r.route().handler(new RequestMetrics(backend.metrics()));
        r.route("/api/*").handler(new AuthHandler(token, sessions));
        r.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(options.bodyLimit()));

        r.get("/healthz").handler(info::healthz);
        r.get("/readyz").handler(info::readyz);
        r.get("/metrics").handler(info::metrics);
        r.get("/api/v1/openapi.yaml").handler(info::openApi);

        r.get("/api/v1/stacks").handler(stacks::list);
        r.put("/api/v1/stacks/:name").handler(stacks::put);
        r.get("/api/v1/stacks/:name").handler(stacks::get);
        r.delete("/api/v1/stacks/:name").handler(stacks::delete);
        r.get("/api/v1/stacks/:name/plan").handler(stacks::plan);
        r.post("/api/v1/stacks/:name/services/:service/restart").handler(stacks::restart);
        r.get("/api/v1/stacks/:name/revisions").handler(stacks::revisions);
        r.get("/api/v1/stacks/:name/revisions/:generation").handler(stacks::revision);
        r.post("/api/v1/stacks/:name/rollback").handler(stacks::rollback);
        r.post("/api/v1/stacks/:name/rollout/resume").handler(stacks::resume);
        r.get("/api/v1/stacks/:name/logs").handler(logs::logs);
        r.get("/api/v1/stacks/:name/jobs").handler(jobs::list);
        r.post("/api/v1/stacks/:name/jobs/:service/run").handler(jobs::run);
        r.get("/api/v1/jobs").handler(jobs::all);
        r.get("/api/v1/events").handler(events::events);
        r.get("/api/v1/stacks/:name/compose").handler(compose::compose);
        r.post("/api/v1/session").handler(session::open);
        r.get("/api/v1/session").handler(session::read);
        r.delete("/api/v1/session").handler(session::close);
        // the dashboard, last: GET and HEAD of every path outside /api/ (a regex route has no path, so it is no
        // endpoint of the API's description, and a wrong method on an API path still finds its 405)
        r.routeWithRegex("^/(?!api/).*").method(io.vertx.core.http.HttpMethod.GET).method(io.vertx.core.http.HttpMethod.HEAD)
                .handler(new DashboardFiles());

        r.errorHandler(404, ctx -> plainError(ctx, 404, "no such endpoint: " + ctx.request().method() + " " + ctx.request().path()));
        r.errorHandler(405, ctx -> plainError(ctx, 405, "method " + ctx.request().method() + " not allowed on " + ctx.request().path()));
        r.errorHandler(413, ctx -> plainError(ctx, 413, "the body is larger than " + options.bodyLimit() + " bytes"));
        r.errorHandler(500, HttpServer::internalError);
        return r;
    }

    /** The routes, for tests that hold the API's description against them. */
    public Router router() {
        return router;
    }

    /** Listens on {@code host:port} (port 0: any free port) and returns the port bound. */
    public int start(String host, int port) {
        // HTTP/1.1 only: the API needs nothing more, and each connection is then one request at a time
        var serverOptions = new HttpServerOptions().setHttp2ClearTextEnabled(false);
        server = await(vertx.createHttpServer(serverOptions)
                .connectionHandler(guard::onConnection)
                .requestHandler(router)
                .listen(port, host));
        log.info("stackd API listening on http://{}:{}", host, server.actualPort());
        return server.actualPort();
    }

    @Override
    public void close() {
        if (server != null) await(server.close());
        if (ownsVertx) await(vertx.close());
    }

    /** Which HTTP methods and path patterns the API serves (the catch-all handlers excluded). */
    public List<String> endpoints() {
        return router.getRoutes().stream()
                .filter(route -> route.getPath() != null && route.methods() != null && !route.methods().isEmpty())
                .flatMap(route -> route.methods().stream().map(HttpMethod::name).map(m -> m + " " + route.getPath()))
                .sorted()
                .toList();
    }

    private static void plainError(RoutingContext ctx, int status, String message) {
        Replies.error(ctx, status, message, List.of());
    }

    private static void internalError(RoutingContext ctx) {
        if (ctx.failure() != null) log.error("{} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
        plainError(ctx, 500, "internal error");
    }

    private static <T> T await(io.vertx.core.Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }
}
