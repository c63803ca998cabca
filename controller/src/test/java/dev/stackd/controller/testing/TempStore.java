package dev.stackd.controller.testing;

import dev.stackd.controller.store.EventRetention;
import dev.stackd.controller.store.Store;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real store in a fresh data dir per test, the set-up the store tests each wrote for themselves: opened before each
 * test (and before its own {@code @BeforeEach} methods) and set into the test's {@code Store} field, closed and its
 * dir removed after. Registered on an instance field, after the clock it is to read:
 * {@code @RegisterExtension final TempStore stores = new TempStore(clock);}
 */
public final class TempStore implements BeforeEachCallback, AfterEachCallback {
    private final Clock clock;
    private Path dir;
    private Store store;

    /** With the system clock, as {@link Store#open(Path)} has it. */
    public TempStore() {
        this(Clock.systemUTC());
    }

    public TempStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dir = Fixtures.tempDir("stackd-store-test");
        store = open();
        Fixtures.inject(context.getRequiredTestInstance(), Store.class, store);
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        try {
            if (store != null) store.close();
        } finally {
            store = null;
            Fixtures.deleteTree(dir);
            dir = null;
        }
    }

    /** The store's data dir (a compose file's base dir too, for the tests that load one). */
    public Path dir() {
        return dir;
    }

    public Store store() {
        return store;
    }

    /** Closes the store and opens its data dir again: what a restart of stackd finds. The test sets it into its field. */
    public Store reopen() {
        store.close();
        store = null; // closed: afterEach must not close it again should the open fail
        store = open();
        return store;
    }

    private Store open() {
        return Store.open(dir, EventRetention.defaults(), clock);
    }
}
