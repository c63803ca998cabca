package dev.stackd.controller.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stackd.controller.http.StatusSummary;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * {@code apply --wait}: polls the stack until the reconciler has seen this generation and calls it Ready
 * (exit 0), calls it Degraded (exit 1), or the timeout passes (exit 1). Progress goes to stderr, once per change.
 */
final class StackWaiter {
    static final Duration POLL = Duration.ofMillis(500);

    private final ApiClient api;
    private final PrintWriter err;

    StackWaiter(ApiClient api, PrintWriter err) {
        this.api = api;
        this.err = err;
    }

    int await(String stack, long generation, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastProgress = null;
        while (true) {
            JsonNode s = api.getJson("/api/v1/stacks/" + ApiClient.encode(stack));
            JsonNode status = s.get("status");
            boolean current = s.path("observedGeneration").asLong() >= generation;
            if (current && StatusSummary.isTrue(status, "Ready")) {
                say("stack " + stack + " is ready");
                return 0;
            }
            if (current && StatusSummary.isTrue(status, "Degraded")) {
                JsonNode d = StatusSummary.condition(status, "Degraded");
                say("stack " + stack + " is degraded: " + d.path("reason").asText() + ": " + d.path("message").asText());
                return 1;
            }
            String progress = progress(stack, status, current);
            if (!progress.equals(lastProgress)) say(progress);
            lastProgress = progress;
            if (System.nanoTime() >= deadline) {
                say("timed out after " + Durations.format(timeout) + " waiting for stack " + stack + " to be ready");
                return 1;
            }
            sleep();
        }
    }

    private static String progress(String stack, JsonNode status, boolean current) {
        if (!current) return "waiting for stack " + stack + ": not reconciled yet";
        StatusSummary summary = StatusSummary.of(status);
        JsonNode progressing = StatusSummary.condition(status, "Progressing");
        String condition = progressing != null && progressing.hasNonNull("reason")
                ? "Progressing: " + progressing.get("reason").asText()
                : "Ready: " + summary.ready() + (summary.reason() == null ? "" : " (" + summary.reason() + ")");
        return "waiting for stack " + stack + ": " + summary.servicesReady() + "/" + summary.servicesTotal()
                + " services ready, " + condition;
    }

    private void say(String line) {
        err.println(line);
        err.flush();
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted");
        }
    }
}
