package dev.stackd.controller.http;

import dev.stackd.api.Manifests;
import dev.stackd.api.compose.ComposeWriter;
import dev.stackd.controller.store.StackRecord;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/v1/stacks/{name}/compose}: the applied spec written back as a compose file (as {@code stackd
 * config} prints one): what the controller aims for, in the form an apply takes, so the dashboard's editor starts
 * from it and sends it back. Every value is final ("$" written "$$"), paths are absolute, keys in their long form.
 */
final class ComposeRoutes {
    private final Backend backend;

    ComposeRoutes(Backend backend) {
        this.backend = backend;
    }

    void compose(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        ctx.vertx().executeBlocking(() -> {
            StackRecord r = backend.store().get(name).orElseThrow(() -> ApiException.notFound("stack " + name));
            return new Written(r.generation(), ComposeWriter.write(Manifests.stackFromJson(r.specJson()), true, ComposeWriter.Format.yaml));
        }, false).onComplete(done -> {
            if (done.failed()) {
                Replies.failure(ctx, done.cause());
                return;
            }
            if (ctx.response().ended() || ctx.response().closed()) return;
            ctx.response().putHeader("Content-Type", "application/yaml; charset=utf-8")
                    .putHeader("ETag", "\"" + done.result().generation() + "\"")
                    .end(done.result().text());
        });
    }

    private record Written(long generation, String text) {}
}
