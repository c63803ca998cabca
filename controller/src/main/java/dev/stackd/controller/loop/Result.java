package dev.stackd.controller.loop;

import java.time.Duration;

/**
 * What a reconcile asks of the queue, as controller-runtime's Result: nothing, a planned revisit, or a retry
 * with per-key backoff after an error.
 */
public record Result(Duration requeueAfter, String error) {
    public static Result done() {
        return new Result(null, null);
    }

    public static Result requeueAfter(Duration d) {
        return new Result(d, null);
    }

    public static Result failed(String error) {
        return new Result(null, error);
    }

    public boolean isFailure() {
        return error != null;
    }
}
