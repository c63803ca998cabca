package dev.stackd.controller.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SQL of restart requests: one row per service, the time of its latest request. A row is kept once the
 * restart is done (the time is what the replicas are compared with, as kubectl's restartedAt annotation is).
 */
final class RestartTable {
    private RestartTable() {
    }

    /** A later request replaces an earlier one: replicas started after the first are restarted again. */
    static void request(Connection c, String stack, String service, Instant at) throws SQLException {
        Sql.update(c, "INSERT INTO restart_requests (stack, service, requested_at) VALUES (?, ?, ?)"
                + " ON CONFLICT (stack, service) DO UPDATE SET requested_at = excluded.requested_at", stack, service, at.toEpochMilli());
    }

    static Map<String, Instant> find(Connection c, String stack) throws SQLException {
        var out = new TreeMap<String, Instant>();
        for (var row : Sql.query(c, rs -> Map.entry(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2))),
                "SELECT service, requested_at FROM restart_requests WHERE stack = ?", stack)) {
            out.put(row.getKey(), row.getValue());
        }
        return out;
    }

    static void forgetStack(Connection c, String stack) throws SQLException {
        Sql.update(c, "DELETE FROM restart_requests WHERE stack = ?", stack);
    }
}
