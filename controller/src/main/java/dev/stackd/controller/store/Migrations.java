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
                    ) STRICT"""),
            List.of("""
                    CREATE TABLE events (
                      seq INTEGER PRIMARY KEY AUTOINCREMENT,
                      first_time INTEGER NOT NULL,
                      last_time INTEGER NOT NULL,
                      type TEXT NOT NULL CHECK (type IN ('Normal', 'Warning')),
                      reason TEXT NOT NULL,
                      stack TEXT NOT NULL,
                      service TEXT,
                      object TEXT NOT NULL,
                      message TEXT NOT NULL,
                      count INTEGER NOT NULL CHECK (count >= 1)
                    ) STRICT""",
                    "CREATE INDEX events_by_stack ON events (stack, seq)",
                    "CREATE INDEX events_by_object ON events (stack, object, reason, last_time)",
                    "CREATE INDEX events_by_age ON events (last_time)"),
            // adoption from docker compose: the last apply's permission, and what each stack took over
            List.of("ALTER TABLE stacks ADD COLUMN adopt INTEGER NOT NULL DEFAULT 0 CHECK (adopt IN (0, 1))",
                    """
                    CREATE TABLE adopted (
                      stack TEXT NOT NULL,
                      kind TEXT NOT NULL CHECK (kind IN ('container', 'network', 'volume')),
                      id TEXT NOT NULL,
                      name TEXT NOT NULL,
                      service TEXT,
                      replica INTEGER NOT NULL DEFAULT 0,
                      spec_hash TEXT,
                      differences TEXT NOT NULL DEFAULT '',
                      adopted_at INTEGER NOT NULL,
                      PRIMARY KEY (stack, kind, id)
                    ) STRICT"""),
            // where a stack's spec came from: its compose files and the profiles enabled ({"files": [...], "profiles": [...]})
            List.of("ALTER TABLE stacks ADD COLUMN origin_json TEXT"),
            // a user's restart of a service is desired state, as kubectl rollout restart stamps restartedAt: the
            // planner restarts, one by one, the replicas started before the latest request
            List.of("""
                    CREATE TABLE restart_requests (
                      stack TEXT NOT NULL,
                      service TEXT NOT NULL,
                      requested_at INTEGER NOT NULL,
                      PRIMARY KEY (stack, service)
                    ) STRICT"""),
            // scheduled jobs: what each job remembers between reconciles (observe.JobState), and the runs whose end is
            // recorded (each once); times in epoch milliseconds
            List.of("""
                    CREATE TABLE jobs (
                      stack TEXT NOT NULL,
                      service TEXT NOT NULL,
                      since INTEGER NOT NULL,
                      last_scheduled INTEGER,
                      last_successful INTEGER,
                      skipped INTEGER NOT NULL DEFAULT 0 CHECK (skipped >= 0),
                      run_requested INTEGER,
                      status_json TEXT,
                      PRIMARY KEY (stack, service)
                    ) STRICT""",
                    """
                    CREATE TABLE job_runs (
                      stack TEXT NOT NULL,
                      service TEXT NOT NULL,
                      name TEXT NOT NULL,
                      succeeded INTEGER NOT NULL CHECK (succeeded IN (0, 1)),
                      exit_code INTEGER NOT NULL,
                      finished INTEGER NOT NULL,
                      duration_ms INTEGER NOT NULL,
                      PRIMARY KEY (stack, name)
                    ) STRICT"""),
            // safe rollouts: each stack's last applied generations (spec, source, the services that changed, how
            // the rollout ended), and the pause or rollback the reconciler decided for a service of a generation:
            // stored, so that neither a replica that runs again nor a restart of stackd undoes it. A stack that
            // exists gets its current generation as its first revision.
            List.of("""
                    CREATE TABLE revisions (
                      stack TEXT NOT NULL,
                      generation INTEGER NOT NULL CHECK (generation >= 1),
                      spec_json TEXT NOT NULL,
                      source_text TEXT,
                      origin_json TEXT,
                      applied_at INTEGER NOT NULL,
                      changes_json TEXT NOT NULL,
                      outcome TEXT NOT NULL CHECK (outcome IN ('Progressing', 'Completed', 'Paused', 'RolledBack', 'Superseded')),
                      PRIMARY KEY (stack, generation)
                    ) STRICT""",
                    """
                    INSERT INTO revisions (stack, generation, spec_json, source_text, origin_json, applied_at, changes_json, outcome)
                      SELECT name, generation, spec_json, source_text, origin_json, updated_at, '{}',
                             CASE WHEN observed_generation = generation THEN 'Completed' ELSE 'Progressing' END
                      FROM stacks WHERE deleting = 0""",
                    """
                    CREATE TABLE rollout_holds (
                      stack TEXT NOT NULL,
                      service TEXT NOT NULL,
                      generation INTEGER NOT NULL,
                      action TEXT NOT NULL CHECK (action IN ('pause', 'rollback')),
                      reason TEXT NOT NULL,
                      to_generation INTEGER,
                      held_at INTEGER NOT NULL,
                      done_at INTEGER,
                      PRIMARY KEY (stack, service)
                    ) STRICT"""));

    private Migrations() {
    }

    /** The schema version this stackd writes. */
    static int latest() {
        return STEPS.size();
    }

    /** Runs the steps the file has not had yet; the caller holds the write transaction. */
    static Integer migrate(Connection c) throws SQLException {
        return migrate(c, latest());
    }

    /** Brings the file to {@code target}, in order; returns the version it is at. */
    static Integer migrate(Connection c, int target) throws SQLException {
        int current = DatabaseFile.userVersion(c);
        if (current > latest()) {
            throw new StoreException("the store was upgraded by a newer stackd meanwhile (schema " + current
                    + ", this stackd knows up to " + latest() + "); upgrade stackd");
        }
        if (current >= target) return current;
        try (Statement s = c.createStatement()) {
            for (int version = current + 1; version <= target; version++) {
                for (String sql : STEPS.get(version - 1)) s.execute(sql);
            }
            s.execute("PRAGMA user_version = " + target);
        }
        return target;
    }
}
