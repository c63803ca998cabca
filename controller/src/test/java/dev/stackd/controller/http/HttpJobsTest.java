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
}
