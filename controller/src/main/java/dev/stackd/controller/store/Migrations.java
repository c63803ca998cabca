package dev.stackd.controller.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The schema, as the ordered steps that build it. Step i brings the file to version i + 1, recorded in
 * {@code PRAGMA user_version}. Steps are never edited once released: a change is a new step at the end.
 */
final class Migrations {
    private static final List<List<String>> STEPS = List.of(
            List.of("""
                    CREATE TABLE stacks (
                      name TEXT NOT NULL PRIMARY KEY,
                      spec_json TEXT NOT NULL,
                      source_text TEXT,
                      generation INTEGER NOT NULL CHECK (generation >= 1),
                      observed_generation INTEGER NOT NULL DEFAULT 0,
                      status_json TEXT,
                      created_at INTEGER NOT NULL,
                      updated_at INTEGER NOT NULL,
                      deleting INTEGER NOT NULL DEFAULT 0 CHECK (deleting IN (0, 1)),
                      delete_volumes INTEGER NOT NULL DEFAULT 0 CHECK (delete_volumes IN (0, 1))
                    ) STRICT"""));

    private Migrations() {
    }

    /** The schema version this stackd writes. */
    static int latest() {
        return STEPS.size();
    }

    /** Runs the steps the file has not had yet; the caller holds the write transaction. */
    static Integer migrate(Connection c) throws SQLException {
        int current = DatabaseFile.userVersion(c);
        if (current > latest()) {
            throw new StoreException("the store was upgraded by a newer stackd meanwhile (schema " + current
                    + ", this stackd knows up to " + latest() + "); upgrade stackd");
        }
        try (Statement s = c.createStatement()) {
            for (int version = current + 1; version <= latest(); version++) {
                for (String sql : STEPS.get(version - 1)) s.execute(sql);
            }
            if (current < latest()) s.execute("PRAGMA user_version = " + latest());
        }
        return latest();
    }
}
