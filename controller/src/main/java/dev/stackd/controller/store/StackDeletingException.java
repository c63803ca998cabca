package dev.stackd.controller.store;

/** An apply to a stack whose deletion is in progress (HTTP 409). Nothing was written. */
public class StackDeletingException extends StoreException {
    private final String stack;

    public StackDeletingException(String stack) {
        super("stack " + stack + " is being deleted; apply it again once the deletion has finished");
        this.stack = stack;
    }

    public String stack() {
        return stack;
    }
}
