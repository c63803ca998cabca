package dev.stackd.controller.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stackd.api.Manifests;
import dev.stackd.api.model.ServiceSpec;
import dev.stackd.api.model.StackSpec;
import dev.stackd.controller.http.Replies.Reply;
import dev.stackd.controller.plan.JobRuns;
import dev.stackd.controller.store.StackRecord;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stack's scheduled jobs: their status as the last reconcile stored it, and a run asked for now (as {@code kubectl
 * create job --from=cronjob/...}). A request is desired state: the store takes it and the next reconcile starts the run.
 */
final class JobRoutes {
    private final Backend backend;
    private final Clock clock;

    JobRoutes(Backend backend, Clock clock) {
        this.backend = backend;
        this.clock = clock;
    }

    void list(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        Replies.blocking(ctx, () -> {
            StackSpec spec = spec(existing(name));
            Map<String, String> stored = backend.store().jobStatuses(name);
            List<Object> jobs = new ArrayList<>();
            for (ServiceSpec s : spec.services().values()) {
                if (!JobRuns.isJob(s)) continue;
                JsonNode status = Json.readOrNull(stored.get(s.name()));
                if (status != null && status.path("schedule").asText().equals(JobRuns.job(s).schedule())) {
                    jobs.add(status);
                } else {
                    // not reconciled since it was applied: what the spec says, no runs yet
                    Map<String, Object> v = new LinkedHashMap<>();
                    var job = JobRuns.job(s);
                    v.put("service", s.name());
                    v.put("schedule", job.schedule());
                    v.put("timezone", job.zone().getId());
                    v.put("suspended", job.suspend());
                    v.put("active", List.of());
                    v.put("runs", status == null ? List.of() : status.path("runs"));
                    jobs.add(v);
                }
            }
            return Reply.ok(Map.of("stack", name, "jobs", jobs));
        });
    }

    void run(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        String service = ctx.pathParam("service");
        Replies.blocking(ctx, () -> {
            StackRecord r = existing(name);
            if (r.deleting()) throw new ApiException(409, "stack " + name + " is being deleted");
            ServiceSpec s = spec(r).service(service);
            if (s == null) throw ApiException.notFound("service " + service + " of stack " + name);
            if (!JobRuns.isJob(s)) throw new ApiException(409, "service " + service + " of stack " + name + " is not a job (no x-stackd.schedule)");
            var at = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS); // as the store keeps it
            backend.store().requestJobRun(name, service, at);
            backend.changed(name);
            return new Reply(202, Map.of("stack", name, "service", service, "requestedAt", at.toString()));
        });
    }

    private StackRecord existing(String name) {
        return backend.store().get(name).orElseThrow(() -> ApiException.notFound("stack " + name));
    }

    private static StackSpec spec(StackRecord r) {
        return Manifests.stackFromJson(r.specJson());
    }
}
