package dev.stackd.controller.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
        Replies.blocking(ctx, () -> Reply.ok(Map.of("stack", name, "jobs", jobsOf(existing(name)))));
    }

    /**
     * Every stack's jobs, each with its {@code stack} (the dashboard's Jobs page: one request, not one per stack). A
     * stack whose spec has no "schedule" key has no job, and its spec is not parsed; one whose spec does not read is
     * left out (its own page says why).
     */
    void all(RoutingContext ctx) {
        Replies.blocking(ctx, () -> {
            List<Object> jobs = new ArrayList<>();
            for (StackRecord r : backend.store().list()) {
                if (r.specJson() == null || !r.specJson().contains("\"schedule\"")) continue;
                List<ObjectNode> of;
                try {
                    of = jobsOf(r);
                } catch (RuntimeException e) {
                    continue;
                }
                for (ObjectNode job : of) {
                    var item = Json.MAPPER.createObjectNode().put("stack", r.name()).put("deleting", r.deleting());
                    item.setAll(job);
                    jobs.add(item);
                }
            }
            return Reply.ok(Map.of("jobs", jobs));
        });
    }

    /** The stack's jobs in the spec's order: each as its last reconcile stored it, or what the spec says before that. */
    private List<ObjectNode> jobsOf(StackRecord r) {
        StackSpec spec = spec(r);
        Map<String, String> stored = backend.store().jobStatuses(r.name());
        List<ObjectNode> jobs = new ArrayList<>();
        for (ServiceSpec s : spec.services().values()) {
            if (!JobRuns.isJob(s)) continue;
            JsonNode status = Json.readOrNull(stored.get(s.name()));
            if (status instanceof ObjectNode o && status.path("schedule").asText().equals(JobRuns.job(s).schedule())) {
                jobs.add(o);
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
                jobs.add(Json.MAPPER.valueToTree(v));
            }
        }
        return jobs;
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
