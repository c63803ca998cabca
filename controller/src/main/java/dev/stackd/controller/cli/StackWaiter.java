package dev.stackd.controller.cli;

import dev.stackd.controller.http.StackView;
import dev.stackd.controller.http.StatusSummary;
import dev.stackd.controller.status.StackStatus;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * {@code apply --wait}: polls the stack until the reconciler has seen this generation and calls it Ready with
 * nothing more in progress (a rollout finished: exit 0), calls it Degraded (a paused rollout too: exit 1), or the
 * timeout passes (exit 1). Progress goes to stderr, once per change.
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
            StackView s = api.get("/api/v1/stacks/" + ApiClient.encode(stack), StackView.class);
            StackStatus status = s.status();
            boolean current = s.observed(generation);
            if (current && status != null && StatusSummary.of(status).done()) {
                say("stack " + stack + " is ready");
                return 0;
            }
            if (current && status != null && status.isTrue(StackStatus.DEGRADED)) {
                var d = status.condition(StackStatus.DEGRADED);
                say("stack " + stack + " is degraded: " + d.reason() + ": " + d.message());
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

    private static String progress(String stack, StackStatus status, boolean current) {
        if (!current) return "waiting for stack " + stack + ": not reconciled yet";
        StatusSummary summary = StatusSummary.of(status);
        var progressing = status == null ? null : status.condition(StackStatus.PROGRESSING);
        String condition = progressing != null && progressing.reason() != null
                ? "Progressing: " + progressing.reason()
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
