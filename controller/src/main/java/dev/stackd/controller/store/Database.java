package dev.stackd.controller.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.sqlite.SQLiteConfig;

/**
 * The one connection to stackd.db, shared by every thread under one lock. Writes run in
 * {@code BEGIN IMMEDIATE} transactions, so a second process on the same file waits (busy_timeout)
 * instead of failing half-way through a read-then-write.
 */
final class Database implements AutoCloseable {
    static final int BUSY_TIMEOUT_MILLIS = 10_000;
    private static final int SQLITE_FULL = 13;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Database.class);

    /** Work on the connection; runs with the lock held. */
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final Path file;
    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean closed;
    private boolean full;

    private Database(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    static Database open(Path file) {
        var config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.enforceForeignKeys(true);
        try {
            return new Database(file, config.createConnection("jdbc:sqlite:" + file));
        } catch (SQLException e) {
            throw new StoreException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    Path file() {
        return file;
    }

    <T> T read(String what, Work<T> work) {
        return exclusive(() -> {
            try {
                return work.run(connection);
            } catch (SQLException e) {
                throw failed(what, e);
            }
        });
    }

    /** Runs {@code work} in one transaction: all of it is committed, or none of it when it throws. */
    <T> T write(String what, Work<T> work) {
        return exclusive(() -> {
            try {
                execute("BEGIN IMMEDIATE");
            } catch (SQLException e) {
                throw failed(what, e);
            }
            try {
                T result = work.run(connection);
                execute("COMMIT");
                wrote();
                return result;
            } catch (SQLException e) {
                rollback(e);
                throw failed(what, e);
            } catch (RuntimeException | Error e) {
                rollback(e);
                throw e;
            }
        });
    }

    /** Runs {@code body} with the lock held: nothing else touches the store meanwhile. */
    <T> T exclusive(Supplier<T> body) {
        lock.lock();
        try {
            if (closed) throw new StoreException("the store is closed");
            return body.get();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) return;
            closed = true;
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close " + file + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    private void rollback(Throwable cause) {
        try {
            execute("ROLLBACK");
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private StoreException failed(String what, SQLException e) {
        if ((e.getErrorCode() & 0xff) == SQLITE_FULL) {
            if (!full) log.warn("store-full file={} error=\"{}\"", file, e.getMessage());
            full = true;
            return new StoreFullException(what, e);
        }
        return new StoreException(what + " failed in " + file + ": " + e.getMessage(), e);
    }

    /** A write went through: if the file system was full, it no longer is. */
    private void wrote() {
        if (!full) return;
        full = false;
        log.info("store-writable-again file={}", file);
    }

    /** SQLite's max_page_count: the store's size is capped at {@code pages} pages (a full disk, for tests). */
    void capPages(long pages) {
        read("cap the store's size", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA max_page_count = " + pages);
            }
            return null;
        });
    }

    long pageCount() {
        return read("count the store's pages", c -> {
            try (Statement s = c.createStatement(); var rs = s.executeQuery("PRAGMA page_count")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
