package dev.stackd.controller.engine;

/** An engine call failed. {@code status} is the HTTP status the engine answered, 0 when it did not answer. */
public class EngineException extends RuntimeException {
    private final int status;
    private final boolean timedOut;

    public EngineException(String message, int status, Throwable cause) {
        this(message, status, false, cause);
    }

    private EngineException(String message, int status, boolean timedOut, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.timedOut = timedOut;
    }

    /** The engine did not answer in time: an outage like any status 0, but one of a slow engine, not a gone one. */
    public static EngineException timedOut(String message, Throwable cause) {
        return new EngineException(message, 0, true, cause);
    }

    public int status() {
        return status;
    }

    public boolean notFound() {
        return status == 404;
    }

    public boolean conflict() {
        return status == 409;
    }

    /** The engine did not answer at all (socket refused, timeout): an outage, not a refusal. */
    public boolean unavailable() {
        return status == 0;
    }

    /** The engine did not answer within the call's timeout (also {@link #unavailable()}). */
    public boolean timedOut() {
        return timedOut;
    }

    /**
     * The failure in one word, for {@code stackd_engine_errors_total{kind}}: {@code not_found} (404),
     * {@code conflict} (409), {@code timeout} and {@code unavailable} (no answer), {@code other} (any other status).
     */
    public String kind() {
        if (timedOut) return "timeout";
        if (unavailable()) return "unavailable";
        if (notFound()) return "not_found";
        if (conflict()) return "conflict";
        return "other";
    }
}
