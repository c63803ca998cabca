package dev.stackd.controller.http;

import dev.stackd.controller.http.Replies.Reply;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** Probes, metrics and the API's own description. */
final class InfoRoutes {
    static final String OPENAPI_RESOURCE = "/openapi.yaml";

    private final Backend backend;
    private final Buffer openApi;

    InfoRoutes(Backend backend) {
        this.backend = backend;
        this.openApi = Buffer.buffer(openApiText());
    }

    /** Liveness: the process answers. */
    void healthz(RoutingContext ctx) {
        Replies.json(ctx, 200, Map.of("status", "ok"));
    }

    /** Readiness: the store answers a query and the controller says it is ready. */
    void readyz(RoutingContext ctx) {
        Replies.blocking(ctx, () -> {
            String problem = readiness();
            return problem == null ? Reply.ok(Map.of("status", "ready"))
                    : new Reply(503, Map.of("status", "not ready", "reason", problem));
        });
    }

    void metrics(RoutingContext ctx) {
        ctx.vertx().executeBlocking(() -> backend.metrics().scrape(), false).onComplete(done -> {
            if (done.failed()) {
                Replies.failure(ctx, done.cause());
                return;
            }
            ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(done.result());
        });
    }

    void openApi(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "application/yaml; charset=utf-8").end(openApi);
    }

    private String readiness() {
        try {
            backend.store().lastSeq();
        } catch (RuntimeException e) {
            return "the store is not available: " + e.getMessage();
        }
        return backend.ready() ? null : "the controller is starting";
    }

    static String openApiText() {
        try (InputStream in = InfoRoutes.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) throw new IllegalStateException(OPENAPI_RESOURCE + " is missing from the jar");
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
