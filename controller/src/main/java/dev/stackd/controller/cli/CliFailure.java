package dev.stackd.controller.cli;

/** An expected failure (server down, unauthorized, invalid file): its message is printed as is, without a trace. */
final class CliFailure extends RuntimeException {
    private final boolean retryable;

    CliFailure(String message) {
        this(message, false);
    }

    /** @param retryable the same request may succeed later unchanged (server unreachable or answering 5xx) */
    CliFailure(String message, boolean retryable) {
        super(message, null, false, false);
        this.retryable = retryable;
    }

    boolean retryable() {
        return retryable;
    }
}
