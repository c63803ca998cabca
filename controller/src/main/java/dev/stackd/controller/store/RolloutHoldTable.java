package dev.stackd.controller.store;

import dev.stackd.controller.observe.RolloutHold;
import dev.stackd.controller.observe.RolloutHold.Action;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SQL of rollout holds: at most one per service of a stack, the first decision of its generation. A new
 * generation drops them all (a new apply goes on), a resume drops the pauses.
 */
final class RolloutHoldTable {
    private static final String COLUMNS = "service, generation, action, reason, to_generation, held_at, done_at";

    private RolloutHoldTable() {
    }

    /** Stores the decision unless the service holds one already; true when stored. */
    static boolean hold(Connection c, String stack, RolloutHold h) throws SQLException {
        return Sql.update(c, "INSERT INTO rollout_holds (stack, " + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, NULL)"
                        + " ON CONFLICT (stack, service) DO NOTHING", stack, h.service(), h.generation(), h.action().key(),
                h.reason(), h.toGeneration(), h.heldAt().toEpochMilli()) == 1;
    }

    /** The holds of that generation, by service (older ones are of a rollout that is over). */
    static Map<String, RolloutHold> find(Connection c, String stack, long generation) throws SQLException {
        var out = new TreeMap<String, RolloutHold>();
        for (var h : Sql.query(c, RolloutHoldTable::read, "SELECT " + COLUMNS + " FROM rollout_holds WHERE stack = ? AND generation = ?",
                stack, generation)) out.put(h.service(), h);
        return out;
    }

    /** A rollback is done: every replica is back; true the first time (the RolledBack event is recorded once). */
    static boolean done(Connection c, String stack, String service, Instant at) throws SQLException {
        return Sql.update(c, "UPDATE rollout_holds SET done_at = ? WHERE stack = ? AND service = ? AND action = 'rollback'"
                + " AND done_at IS NULL", at.toEpochMilli(), stack, service) == 1;
    }

    /** Drops the stack's pauses; returns the services they held. */
    static List<String> resume(Connection c, String stack) throws SQLException {
        var services = Sql.query(c, rs -> rs.getString(1), "SELECT service FROM rollout_holds WHERE stack = ? AND action = 'pause'"
                + " ORDER BY service", stack);
        Sql.update(c, "DELETE FROM rollout_holds WHERE stack = ? AND action = 'pause'", stack);
        return services;
    }

    static void forgetStack(Connection c, String stack) throws SQLException {
        Sql.update(c, "DELETE FROM rollout_holds WHERE stack = ?", stack);
    }

    private static RolloutHold read(ResultSet rs) throws SQLException {
        long to = rs.getLong("to_generation");
        Long toGeneration = rs.wasNull() ? null : to;
        long done = rs.getLong("done_at");
        Instant doneAt = rs.wasNull() ? null : Instant.ofEpochMilli(done);
        return new RolloutHold(rs.getString("service"), rs.getLong("generation"), Action.of(rs.getString("action")),
                rs.getString("reason"), toGeneration, Instant.ofEpochMilli(rs.getLong("held_at")), doneAt, null, null);
    }
}
