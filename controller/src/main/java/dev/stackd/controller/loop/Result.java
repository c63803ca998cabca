package dev.stackd.controller.loop;

import java.time.Duration;

/**
 * What a reconcile asks of the queue, as controller-runtime's Result: nothing, a planned revisit, a retry with
 * per-key backoff after an error, or a retry because the engine did not answer (the outage is logged once, by
 * the engine's outage log, and these retries back off to {@link #ENGINE_DOWN_MAX_BACKOFF} at most).
 */
public record Result(Duration requeueAfter, String error, boolean engineUnavailable) {
    /** While the engine is down, each stack is tried again at least this often (its return is seen soon). */
    public static final Duration ENGINE_DOWN_MAX_BACKOFF = Duration.ofSeconds(30);

    public static Result done() {
        return new Result(null, null, false);
    }

    public static Result requeueAfter(Duration d) {
        return new Result(d, null, false);
    }

    public static Result failed(String error) {
        return new Result(null, error, false);
    }

    public static Result engineUnavailable(String error) {
        return new Result(null, error, true);
    }

    public boolean isFailure() {
        return error != null;
    }
}
