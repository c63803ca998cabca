package dev.stackd.controller.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * stackd's memory: each stack's desired state and the reconciler's last status of it.
 * One SQLite file, {@code <dataDir>/stackd.db}. Safe to use from any number of threads.
 */
public final class Store implements AutoCloseable {
    public static final String FILE_NAME = "stackd.db";

    private final Database db;
    private final Clock clock;

    private Store(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public static Store open(Path dataDir) {
        return open(dataDir, Clock.systemUTC());
    }

    /**
     * Opens the store in {@code dataDir}, creating the directory (0700) and an empty store when missing.
     * A store file that is damaged, not stackd's, or from a newer stackd is refused and left untouched.
     */
    public static Store open(Path dataDir, Clock clock) {
        createPrivateDirectory(dataDir);
        Path file = dataDir.resolve(FILE_NAME);
        DatabaseFile.check(file, Migrations.latest());
        Database db = Database.open(file);
        try {
            db.write("upgrading the store's schema", Migrations::migrate);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return new Store(db, clock);
    }

    public Path file() {
        return db.file();
    }

    /**
     * Creates or updates a stack's desired state. The generation grows only when the spec changes.
     *
     * @param expectedGeneration null to apply unconditionally; else the generation the caller based its
     *                           change on (0: the stack must not exist yet)
     * @throws StaleGenerationException when {@code expectedGeneration} is not the current generation
     * @throws StackDeletingException   when the stack is being deleted
     */
    public ApplyResult apply(String name, String specJson, String sourceText, Long expectedGeneration) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(specJson, "specJson");
        Instant now = now();
        return db.write("applying stack " + name,
                c -> StackTable.apply(c, name, specJson, sourceText, expectedGeneration, now));
    }

    public Optional<StackRecord> get(String name) {
        return db.read("reading stack " + name, c -> StackTable.find(c, name));
    }

    /** Every stack, by name. */
    public List<StackRecord> list() {
        return db.read("listing stacks", StackTable::all);
    }

    /** Marks a stack for deletion; false when there is no such stack. */
    public boolean markDeleting(String name, boolean volumes) {
        Instant now = now();
        return db.write("deleting stack " + name, c -> StackTable.markDeleting(c, name, volumes, now));
    }

    /** The stacks whose deletion is in progress, by name. */
    public List<StackRecord> deleting() {
        return db.read("listing stacks being deleted", StackTable::deleting);
    }

    /** Forgets a stack marked deleting, once its objects are gone. False when absent or not marked deleting. */
    public boolean remove(String name) {
        return db.write("removing stack " + name, c -> StackTable.remove(c, name));
    }

    /**
     * Stores the reconciler's result for {@code observedGeneration}. Ignored (false) when the stack is unknown
     * or a newer generation's status is already stored.
     */
    public boolean setStatus(String name, long observedGeneration, String statusJson) {
        return db.write("storing the status of stack " + name,
                c -> StackTable.setStatus(c, name, observedGeneration, statusJson));
    }

    @Override
    public void close() {
        db.close();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static void createPrivateDirectory(Path dir) {
        if (Files.isDirectory(dir)) return;
        try {
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createDirectory(dir);
            }
        } catch (FileAlreadyExistsException raced) {
            if (!Files.isDirectory(dir)) throw new StoreException("data directory " + dir + " is not a directory");
        } catch (IOException e) {
            throw new StoreException("cannot create data directory " + dir + ": " + e
                    + "; choose another with --data-dir or STACKD_DATA_DIR", e);
        }
    }
}
