package dev.stackd.controller.store;

/**
 * The store's file system has no room (SQLite's SQLITE_FULL): nothing of the write was kept, and the same write
 * will succeed once there is space. The message names neither the file nor SQLite: it reaches API clients.
 */
public final class StoreFullException extends StoreException {
    public StoreFullException(String what, Throwable cause) {
        super("no space left for stackd's store (its file system is full): " + what + " was not written;"
                + " free space in the data dir's file system and retry", cause);
    }
}
