package dev.stackd.controller.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * One job as its last reconcile saw it (Kubernetes' CronJob status, and its runs). Stored as JSON beside the job's
 * memory; only what changes with the job is in it (no observation time), so a quiet pass writes nothing.
 *
 * @param lastScheduleTime   the last fire time acted on (a run started, or the time skipped)
 * @param lastSuccessfulTime when the last successful run finished
 * @param active             the runs going
 * @param nextFireTime       null when suspended or the schedule ends
 * @param skipped            fire times skipped so far (concurrency, starting deadline)
 * @param waiting            why a due run does not start yet, or null
 */
public record JobStatus(String service, String schedule, String timezone, boolean suspended, Instant lastScheduleTime,
                        Instant lastSuccessfulTime, List<String> active, Instant nextFireTime, long skipped, String waiting,
                        List<Run> runs) {
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    public JobStatus {
        active = List.copyOf(active);
        runs = List.copyOf(runs);
    }

    /**
     * One run container. state in the engine's words; exitCode once it ended.
     * @param trigger "schedule" or "manual"
     */
    public record Run(String name, Instant scheduledFor, String trigger, String state, Integer exitCode, int restarts, Instant finishedAt) {}

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JobStatus fromJson(String json) {
        try {
            return JSON.readValue(json, JobStatus.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
