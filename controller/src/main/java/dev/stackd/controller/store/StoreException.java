package dev.stackd.controller.store;

/** The store refused or failed an operation. The message is written for the user who runs stackd. */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
