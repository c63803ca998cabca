package dev.stackd.controller.store;

/**
 * An apply named the generation it was based on, and the stack has moved on since (HTTP 409).
 * Nothing was written.
 */
public class StaleGenerationException extends StoreException {
    private final String stack;
    private final long expected;
    private final long current;

    public StaleGenerationException(String stack, long expected, long current) {
        super("stack " + stack + " is at generation " + current + ", not " + expected
                + ": it was changed since you read it; read it again and re-apply");
        this.stack = stack;
        this.expected = expected;
        this.current = current;
    }

    public String stack() {
        return stack;
    }

    public long expected() {
        return expected;
    }

    /** The stack's generation now; 0 when it does not exist. */
    public long current() {
        return current;
    }
}
