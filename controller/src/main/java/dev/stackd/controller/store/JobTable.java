package dev.stackd.controller.store;

import dev.stackd.controller.observe.JobState;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The SQL of scheduled jobs: the {@code jobs} and {@code job_runs} tables. Times are epoch milliseconds. */
final class JobTable {
    private JobTable() {
    }

    static Map<String, JobState> find(Connection c, String stack) throws SQLException {
        var recorded = new HashMap<String, Set<String>>();
        for (String[] row : Sql.query(c, rs -> new String[] {rs.getString(1), rs.getString(2)},
                "SELECT service, name FROM job_runs WHERE stack = ?", stack)) {
            recorded.computeIfAbsent(row[0], k -> new HashSet<>()).add(row[1]);
        }
        var out = new LinkedHashMap<String, JobState>();
        for (JobState j : Sql.query(c, rs -> read(rs, Set.of()), "SELECT * FROM jobs WHERE stack = ? ORDER BY service", stack)) {
            out.put(j.service(), new JobState(j.service(), j.since(), j.lastScheduled(), j.lastSuccessful(), j.skipped(),
                    j.runRequested(), recorded.getOrDefault(j.service(), Set.of())));
        }
        return out;
    }

    static boolean any(Connection c, String stack) throws SQLException {
        return !Sql.query(c, rs -> rs.getInt(1), "SELECT 1 FROM jobs WHERE stack = ? LIMIT 1", stack).isEmpty();
    }

    static Map<String, String> statuses(Connection c, String stack) throws SQLException {
        var out = new LinkedHashMap<String, String>();
        for (String[] row : Sql.query(c, rs -> new String[] {rs.getString(1), rs.getString(2)},
                "SELECT service, status_json FROM jobs WHERE stack = ? ORDER BY service", stack)) {
            out.put(row[0], row[1]);
        }
        return out;
    }

    static void known(Connection c, String stack, String service, Instant since) throws SQLException {
        Sql.update(c, "INSERT OR IGNORE INTO jobs (stack, service, since) VALUES (?, ?, ?)", stack, service, since.toEpochMilli());
    }

    /** A fire time acted on: the last one only moves forward. */
    static void scheduled(Connection c, String stack, String service, Instant at, boolean skipped) throws SQLException {
        Sql.update(c, "UPDATE jobs SET last_scheduled = max(coalesce(last_scheduled, 0), ?), skipped = skipped + ?"
                + " WHERE stack = ? AND service = ?", at.toEpochMilli(), skipped ? 1 : 0, stack, service);
    }

    static void requested(Connection c, String stack, String service, Instant at) throws SQLException {
        known(c, stack, service, at);
        Sql.update(c, "UPDATE jobs SET run_requested = ? WHERE stack = ? AND service = ?", at.toEpochMilli(), stack, service);
    }

    /** The request is answered by a run created for it (at or after it): a newer request stays. */
    static void requestStarted(Connection c, String stack, String service, Instant requested) throws SQLException {
        Sql.update(c, "UPDATE jobs SET run_requested = NULL WHERE stack = ? AND service = ? AND run_requested <= ?",
                stack, service, requested.toEpochMilli());
    }

    static void finished(Connection c, String stack, String service, String run, boolean succeeded, int exitCode, Instant finished,
                         long durationMs) throws SQLException {
        Sql.update(c, "INSERT OR IGNORE INTO job_runs (stack, service, name, succeeded, exit_code, finished, duration_ms)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", stack, service, run, succeeded ? 1 : 0, exitCode, finished.toEpochMilli(), durationMs);
        if (succeeded) {
            Sql.update(c, "UPDATE jobs SET last_successful = max(coalesce(last_successful, 0), ?) WHERE stack = ? AND service = ?",
                    finished.toEpochMilli(), stack, service);
        }
    }

    static boolean setStatus(Connection c, String stack, String service, String json) throws SQLException {
        return Sql.update(c, "UPDATE jobs SET status_json = ? WHERE stack = ? AND service = ? AND status_json IS NOT ?",
                json, stack, service, json) > 0;
    }

    /** Forgets the jobs the stack no longer has, and the records of runs whose containers are gone. */
    static void forget(Connection c, String stack, Collection<String> jobs, Collection<String> runs) throws SQLException {
        for (String service : Sql.query(c, rs -> rs.getString(1), "SELECT service FROM jobs WHERE stack = ?", stack)) {
            if (jobs.contains(service)) continue;
            Sql.update(c, "DELETE FROM jobs WHERE stack = ? AND service = ?", stack, service);
        }
        for (String run : Sql.query(c, rs -> rs.getString(1), "SELECT name FROM job_runs WHERE stack = ?", stack)) {
            if (!runs.contains(run)) Sql.update(c, "DELETE FROM job_runs WHERE stack = ? AND name = ?", stack, run);
        }
    }

    static void forgetStack(Connection c, String stack) throws SQLException {
        Sql.update(c, "DELETE FROM jobs WHERE stack = ?", stack);
        Sql.update(c, "DELETE FROM job_runs WHERE stack = ?", stack);
    }

    private static JobState read(ResultSet rs, Set<String> recorded) throws SQLException {
        return new JobState(rs.getString("service"), Instant.ofEpochMilli(rs.getLong("since")), instant(rs, "last_scheduled"),
                instant(rs, "last_successful"), rs.getLong("skipped"), instant(rs, "run_requested"), recorded);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }
}
