package dev.stackd.controller.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sqlite.SQLiteConfig;

/**
 * Looks at an existing stackd.db before stackd writes anything to it: refuses a file that is not an SQLite
 * database, that is damaged, that belongs to something else, or that a newer stackd wrote. A refused file is
 * left exactly as it was, so the user can still restore or inspect it.
 */
final class DatabaseFile {
    private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private DatabaseFile() {
    }

    /** Returns normally when stackd may open {@code file} for writing and migrate it. */
    static void check(Path file, int knownVersion) {
        if (!Files.exists(file) || size(file) == 0) return;
        if (!hasSqliteHeader(file)) {
            throw refused(file, "is not an SQLite database");
        }
        var config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(Database.BUSY_TIMEOUT_MILLIS);
        try (Connection c = config.createConnection("jdbc:sqlite:" + file)) {
            int version = userVersion(c);
            if (version > knownVersion) {
                throw new StoreException(file + " was written by a newer stackd (schema " + version
                        + ", this stackd knows up to " + knownVersion + "); upgrade stackd or restore a backup."
                        + " The file was left untouched.");
            }
            if (version == 0 && hasTables(c)) {
                throw refused(file, "is an SQLite database, but not stackd's");
            }
            List<String> problems = quickCheck(c);
            if (!problems.isEmpty()) {
                throw refused(file, "is damaged (" + String.join("; ", problems) + ")");
            }
        } catch (SQLException e) {
            throw refused(file, "cannot be read (" + e.getMessage() + ")");
        }
    }

    private static StoreException refused(Path file, String why) {
        return new StoreException(file + " " + why + ". stackd left it untouched: restore a backup, or move it"
                + " away to start with an empty store.");
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean hasSqliteHeader(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(MAGIC.length), MAGIC);
        } catch (IOException e) {
            throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static int userVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static boolean hasTables(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1 FROM sqlite_schema WHERE type = 'table' LIMIT 1")) {
            return rs.next();
        }
    }

    /** quick_check's complaints, at most five; empty when it says ok. */
    private static List<String> quickCheck(Connection c) throws SQLException {
        var problems = new ArrayList<String>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA quick_check(5)")) {
            while (rs.next()) {
                String line = rs.getString(1);
                if (!"ok".equals(line)) problems.add(line);
            }
        }
        return problems;
    }
}
