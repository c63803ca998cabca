package dev.stackd.controller.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stackd.controller.engine.EngineException;
import dev.stackd.controller.http.Replies.Reply;
import dev.stackd.controller.spec.ParsedStack;
import dev.stackd.controller.spec.SpecError;
import dev.stackd.controller.spec.NameClaims;
import dev.stackd.controller.spec.SpecParser;
import dev.stackd.controller.store.ApplyResult;
import dev.stackd.controller.store.StackMissingException;
import dev.stackd.controller.store.StackRecord;
import dev.stackd.controller.store.Store;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /api/v1/stacks}: apply, read, list, delete, plan, restart, revisions, rollback, rollout resume. */
final class StackRoutes {
    private final Backend backend;
    private final SpecParser parser;
    private final NameClaims claims;

    StackRoutes(Backend backend, SpecParser parser) {
        this.backend = backend;
        this.parser = parser;
        this.claims = new NameClaims(backend::store);
    }

    void put(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        Buffer raw = ctx.body().buffer();
        Replies.blocking(ctx, () -> {
            StackBody.Kind kind = StackBody.kind(ctx.request().getHeader("Content-Type"));
            Long expected = ifMatch(ctx.request().getHeader("If-Match"));
            boolean dryRun = flag(ctx, "dryRun");
            boolean adopt = flag(ctx, "adopt");
            checkName(name);
            String body = Utf8Body.decode(raw);
            StackBody parsed = StackBody.parse(parser, kind, body, name);
            if (dryRun) {
                refuseClaimed(parsed);
                if (!adopt) refuseCompose(name, true);
                // the spec as the server reads the body, so a client can show the change field by field (the dashboard)
                var answer = StackViews.plan(backend.planFor(parsed.stack().spec(), adopt), parsed.stack().spec(), java.time.Instant.now());
                answer.put("spec", Json.read(parsed.stack().canonicalJson()));
                return Reply.ok(answer);
            }
            ApplyResult result;
            synchronized (claims) { // no other apply between the check and the write
                refuseClaimed(parsed);
                if (!adopt) refuseCompose(name, false);
                result = store().apply(name, parsed.stack().canonicalJson(), parsed.source(), parsed.originJson(), expected, adopt);
            }
            backend.changed(name);
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("name", result.name());
            v.put("generation", result.generation());
            v.put("created", result.created());
            v.put("changed", result.changed());
            return new Reply(result.created() ? 201 : 200, v);
        });
    }

    void list(RoutingContext ctx) {
        Replies.blocking(ctx, () -> Reply.ok(store().list().stream().map(StackView::summary).toList()));
    }

    void get(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        Replies.blocking(ctx, () -> {
            StackRecord r = existing(name);
            return new Reply(200, StackView.detail(r), Map.of("ETag", "\"" + r.generation() + "\""));
        });
    }

    void delete(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        Replies.blocking(ctx, () -> {
            boolean volumes = flag(ctx, "volumes");
            if (!store().markDeleting(name, volumes)) throw ApiException.notFound("stack " + name);
            backend.changed(name);
            return new Reply(202, Map.of("name", name, "deleting", true, "volumes", volumes));
        });
    }

    void plan(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        Replies.blocking(ctx, () -> {
            existing(name);
            return Reply.ok(StackViews.plan(backend.plan(name)));
        });
    }

    void restart(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        String service = ctx.pathParam("service");
        Replies.blocking(ctx, () -> {
            StackRecord r = existing(name);
            if (r.deleting()) throw new ApiException(409, "stack " + name + " is being deleted");
            JsonNode services = Json.read(r.specJson()).path("services");
            if (!services.has(service)) throw ApiException.notFound("service " + service + " of stack " + name);
            // desired state, as kubectl rollout restart stamps restartedAt: the reconcile restarts the replicas
            // started before this time, one by one (the status shows how far it got)
            Instant at;
            try {
                at = store().requestRestart(name, service);
            } catch (StackMissingException e) {
                throw ApiException.notFound("stack " + name); // deleted since it was read
            }
            backend.changed(name);
            return new Reply(202, Map.of("stack", name, "service", service, "requestedAt", at.toString()));
        });
    }

    /** {@code GET /stacks/{name}/revisions}: the kept revisions, newest first (without their spec: see {@link #revision}). */
    void revisions(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        Replies.blocking(ctx, () -> {
            StackRecord r = existing(name);
            return Reply.ok(store().revisions(name).stream().map(v -> RevisionView.of(v, r.generation(), false)).toList());
        });
    }

    /** {@code GET /stacks/{name}/revisions/{generation}}: one revision with its spec and source. */
    void revision(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        String param = ctx.pathParam("generation");
        Replies.blocking(ctx, () -> {
            StackRecord r = existing(name);
            long generation;
            try {
                generation = Long.parseLong(param);
            } catch (NumberFormatException e) {
                throw ApiException.notFound("revision " + param + " of stack " + name);
            }
            var v = store().revision(name, generation).orElseThrow(() -> ApiException.notFound("revision " + generation + " of stack " + name));
            return Reply.ok(RevisionView.of(v, r.generation(), true));
        });
    }

    /**
     * {@code POST /stacks/{name}/rollback}, body {@code {"toGeneration": N}} (optional): applies that revision's spec as
     * a new generation, as {@code kubectl rollout undo}; without one, the newest before the current one that did not
     * roll back. If-Match works as for PUT; the names and host ports are checked against the other stacks again.
     */
    void rollback(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        Buffer raw = ctx.body().buffer();
        Replies.blocking(ctx, () -> {
            Long expected = ifMatch(ctx.request().getHeader("If-Match"));
            Long to = RollbackBody.toGeneration(raw == null ? "" : Utf8Body.decode(raw));
            StackRecord r = existing(name);
            if (r.deleting()) throw new ApiException(409, "stack " + name + " is being deleted");
            var target = to == null ? store().revisionBefore(name, r.generation()) : store().revision(name, to);
            if (target.isEmpty()) {
                throw new ApiException(409, to == null ? "stack " + name + " keeps no revision before generation " + r.generation()
                        + " to roll back to" : "stack " + name + " keeps no revision " + to + " (never applied, or pruned)");
            }
            Store.RollbackResult result;
            synchronized (claims) { // no other apply between the check and the write
                var taken = claims.conflicts(dev.stackd.api.Manifests.stackFromJson(target.get().specJson()));
                if (!taken.isEmpty()) throw new ApiException(409, "revision " + target.get().generation() + " of stack " + name
                        + " claims names or host ports another stack owns now", taken);
                try {
                    // the generation read above: a change since is a conflict, not a rollback of something else
                    result = store().rollback(name, target.get().generation(), expected == null ? r.generation() : expected);
                } catch (StackMissingException e) {
                    throw ApiException.notFound("stack " + name); // deleted since it was read
                }
            }
            backend.changed(name);
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("name", name);
            v.put("generation", result.apply().generation());
            v.put("changed", result.apply().changed());
            v.put("toGeneration", result.toGeneration());
            return Reply.ok(v);
        });
    }

    /** {@code POST /stacks/{name}/rollout/resume}: drops the stored pauses; the next reconcile goes on with the rollout. */
    void resume(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        Replies.blocking(ctx, () -> {
            existing(name);
            List<String> services;
            try {
                services = store().resumeRollout(name);
            } catch (StackMissingException e) {
                throw ApiException.notFound("stack " + name);
            }
            backend.changed(name);
            return Reply.ok(Map.of("name", name, "resumed", services));
        });
    }

    /** 409 naming every container, network or volume name and host port of the spec that another stack holds. */
    private void refuseClaimed(StackBody parsed) {
        var spec = parsed.stack().spec();
        var taken = claims.conflicts(spec);
        if (!taken.isEmpty()) throw new ApiException(409, "stack " + spec.name() + " claims names or host ports another stack owns", taken);
    }

    /**
     * 409 while docker compose runs the project under this name: stackd would otherwise start a second copy of every
     * service beside compose's (two databases on one volume). The details name each object.
     */
    private void refuseCompose(String name, boolean dryRun) {
        List<String> objects;
        try {
            objects = backend.composeObjects(name);
        } catch (EngineException e) {
            // a dry run needs the engine anyway; an apply is stored, and its reconcile starts nothing beside a compose
            // project it finds (a ComposeProjectFound warning), so the store does not wait for the engine
            if (dryRun) throw e;
            return;
        }
        if (objects.isEmpty()) return;
        var details = objects.stream().map(o -> SpecError.at("name", o + " is docker compose's (project " + name + ")")).toList();
        throw new ApiException(409, "docker compose's project " + name + " exists here (" + String.join(", ", objects)
                + "): apply with --adopt (?adopt=true) to take it over (containers that match the spec keep running,"
                + " the others are recreated, volumes are kept with their data), or run docker compose down first", details);
    }

    private StackRecord existing(String name) {
        return store().get(name).orElseThrow(() -> ApiException.notFound("stack " + name));
    }

    private Store store() {
        return backend.store();
    }

    private static void checkName(String name) {
        String problem = StackNames.problem(name);
        if (problem != null) throw ApiException.invalid(problem, List.of(SpecError.at("name", problem)));
    }

    /**
     * {@code If-Match: 3} or {@code If-Match: "3"} (the ETag of GET); {@code If-Match: *}: the stack exists, at
     * any generation (RFC 9110, section 13.1.1); null when absent.
     */
    static Long ifMatch(String header) {
        if (header == null || header.isBlank()) return null;
        String value = header.strip();
        if (value.equals("*")) return Store.ANY_GENERATION;
        if (value.startsWith("W/")) value = value.substring(2);
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) value = value.substring(1, value.length() - 1);
        try {
            long generation = Long.parseLong(value);
            if (generation < 0) throw new NumberFormatException();
            return generation;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("If-Match must be a stack generation (a number, 0 for a new stack) or *, not "
                    + header);
        }
    }

    static boolean flag(RoutingContext ctx, String param) {
        String value = ctx.queryParams().get(param);
        if (value == null || value.equalsIgnoreCase("false")) return false;
        if (value.isEmpty() || value.equalsIgnoreCase("true")) return true;
        throw ApiException.badRequest(param + " must be true or false, not " + value);
    }
}
