package dev.stackd.controller.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stackd.controller.status.JobStatus;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ApiServerExtension.class)
class HttpJobsTest {
    static final String STACK = """
            services:
              web:
                image: nginx:1.27
              backup:
                image: tool:1
                x-stackd: {schedule: "0 3 * * *", timezone: UTC}
            """;

    ApiServer api;

    private static JsonNode json(HttpResponse<String> r) {
        return Json.read(r.body());
    }

    @Test
    void aRunAskedForIsStoredAndReconciled() {
        api.putYaml("demo", STACK);
        api.backend.changed.clear();

        var ok = api.send("POST", "/api/v1/stacks/demo/jobs/backup/run", null, null, Map.of());
        var notAJob = api.send("POST", "/api/v1/stacks/demo/jobs/web/run", null, null, Map.of());
        var noService = api.send("POST", "/api/v1/stacks/demo/jobs/nope/run", null, null, Map.of());
        var noStack = api.send("POST", "/api/v1/stacks/nope/jobs/backup/run", null, null, Map.of());

        assertThat(ok.statusCode()).isEqualTo(202);
        assertThat(api.store.jobs("demo").get("backup").runRequested())
                .isEqualTo(Instant.parse(json(ok).path("requestedAt").asText()));
        assertThat(api.backend.changed).containsExactly("demo");
        assertThat(notAJob.statusCode()).isEqualTo(409);
        assertThat(json(notAJob).path("error").asText()).contains("is not a job");
        assertThat(noService.statusCode()).isEqualTo(404);
        assertThat(noStack.statusCode()).isEqualTo(404);
    }

    @Test
    void jobsShowsTheStoredStatusOrTheSpecBeforeTheFirstReconcile() {
        api.putYaml("demo", STACK);
        var before = json(api.send("GET", "/api/v1/stacks/demo/jobs", null, null, Map.of()));
        assertThat(before.path("jobs")).hasSize(1);
        assertThat(before.path("jobs").get(0).path("schedule").asText()).isEqualTo("0 3 * * *");
        assertThat(before.path("jobs").get(0).path("active")).isEmpty();

        Instant t = Instant.parse("2026-01-01T03:00:00Z");
        api.store.jobKnown("demo", "backup", t.minusSeconds(60));
        api.store.setJobStatus("demo", "backup", new JobStatus("backup", "0 3 * * *", "UTC", false, t, t.plusSeconds(5),
                List.of(), t.plusSeconds(86400), 2, null,
                List.of(new JobStatus.Run("demo-backup-20260101030000", t, "schedule", "exited", 0, 0, t.plusSeconds(5)))).toJson());
        var after = json(api.send("GET", "/api/v1/stacks/demo/jobs", null, null, Map.of())).path("jobs").get(0);
        assertThat(after.path("lastScheduleTime").asText()).isEqualTo("2026-01-01T03:00:00Z");
        assertThat(after.path("nextFireTime").asText()).isEqualTo("2026-01-02T03:00:00Z");
        assertThat(after.path("skipped").asLong()).isEqualTo(2);
        assertThat(after.path("runs").get(0).path("name").asText()).isEqualTo("demo-backup-20260101030000");
        assertThat(api.send("GET", "/api/v1/stacks/nope/jobs", null, null, Map.of()).statusCode()).isEqualTo(404);
    }

    @Test
    void everyStacksJobsInOneListEachWithItsStack() {
        api.putYaml("demo", STACK);
        api.putYaml("other", STACK.replace("backup:", "report:").replace("0 3 * * *", "@every 2s"));
        api.putYaml("plain", "services:\n  web:\n    image: nginx:1.27\n");
        Instant t = Instant.parse("2026-01-01T03:00:00Z");
        api.store.jobKnown("demo", "backup", t.minusSeconds(60));
        api.store.setJobStatus("demo", "backup", new JobStatus("backup", "0 3 * * *", "UTC", false, t, null, List.of("demo-backup-20260101030000"),
                t.plusSeconds(86400), 0, null, List.of(new JobStatus.Run("demo-backup-20260101030000", t, "schedule", "running", null, 0, null))).toJson());
        api.store.markDeleting("other", false);

        var r = api.send("GET", "/api/v1/jobs", null, null, Map.of());

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode jobs = json(r).path("jobs");
        assertThat(jobs).hasSize(2);
        assertThat(jobs.get(0).path("stack").asText()).isEqualTo("demo");
        assertThat(jobs.get(0).path("service").asText()).isEqualTo("backup");
        assertThat(jobs.get(0).path("deleting").asBoolean()).isFalse();
        assertThat(jobs.get(0).path("active").get(0).asText()).isEqualTo("demo-backup-20260101030000");
        assertThat(jobs.get(0).path("runs").get(0).path("state").asText()).isEqualTo("running");
        assertThat(jobs.get(1).path("stack").asText()).isEqualTo("other");
        assertThat(jobs.get(1).path("service").asText()).isEqualTo("report");
        assertThat(jobs.get(1).path("schedule").asText()).as("not reconciled yet: the spec's").isEqualTo("@every 2s");
        assertThat(jobs.get(1).path("deleting").asBoolean()).isTrue();
        assertThat(api.send("GET", "/api/v1/jobs", null, null, Map.of("Authorization", "Bearer wrong")).statusCode()).isEqualTo(401);
    }
}
