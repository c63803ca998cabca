package dev.stackd.controller.store;

/** An apply that may only update an existing stack ({@code If-Match: *}), and the stack does not exist (HTTP 412). */
public class StackMissingException extends StoreException {
    private final String stack;

    public StackMissingException(String stack) {
        super("stack " + stack + " does not exist");
        this.stack = stack;
    }

    public String stack() {
        return stack;
    }
}
