package dev.stackd.controller.docker;

/** An engine call failed. {@code status} is the HTTP status the engine answered, 0 when it did not answer. */
public class EngineException extends RuntimeException {
    private final int status;

    public EngineException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
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
}
