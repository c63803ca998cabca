package dev.stackd.controller.store;

/** A rollback named a generation the stack's history does not hold (never applied, or pruned), or has none to go to (HTTP 409). */
public class RevisionMissingException extends StoreException {
    public RevisionMissingException(String message) {
        super(message);
    }
}
