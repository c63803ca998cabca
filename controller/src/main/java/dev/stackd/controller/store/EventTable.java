package dev.stackd.controller.store;

import dev.stackd.controller.event.EventDraft;
import dev.stackd.controller.event.EventType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The SQL of the events table. Every method runs on a connection the caller holds. */
final class EventTable {
    private static final String COLUMNS =
            "seq, first_time, last_time, type, reason, stack, service, object, message, count";

    private EventTable() {
    }

    /**
     * Records {@code draft}, folding it into the same event seen within {@code window}: the folded event is
     * deleted and inserted again with count + 1, so it gets the newest seq and a watcher resuming by seq sees it.
     */
    static Event record(Connection c, EventDraft draft, Instant now, Duration window) throws SQLException {
        Optional<Event> previous = Sql.query(c, EventTable::read, "SELECT " + COLUMNS + " FROM events"
                        + " WHERE stack = ? AND service IS ? AND object = ? AND type = ? AND reason = ? AND message = ?"
                        + " AND last_time >= ? ORDER BY seq DESC LIMIT 1",
                draft.stack(), draft.service(), draft.object().render(), draft.type().name(), draft.reason(), draft.message(),
                now.minus(window).toEpochMilli()).stream().findFirst();
        Instant first = now;
        int count = 1;
        if (previous.isPresent()) {
            Sql.update(c, "DELETE FROM events WHERE seq = ?", previous.get().seq());
            first = previous.get().firstTime();
            count = previous.get().count() + 1;
        }
        Sql.update(c, "INSERT INTO events (first_time, last_time, type, reason, stack, service, object, message, count)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                first.toEpochMilli(), now.toEpochMilli(), draft.type().name(), draft.reason(), draft.stack(),
                draft.service(), draft.object().render(), draft.message(), count);
        long seq = Sql.query(c, rs -> rs.getLong(1), "SELECT last_insert_rowid()").get(0);
        return new Event(seq, first, now, draft.type(), draft.reason(), draft.stack(), draft.service(),
                draft.object().render(), draft.message(), count);
    }

    /** Events after {@code sinceSeq}, oldest first; of one stack, or of all when {@code stack} is null. */
    static List<Event> page(Connection c, String stack, long sinceSeq, int limit) throws SQLException {
        if (stack == null) {
            return Sql.query(c, EventTable::read, "SELECT " + COLUMNS + " FROM events WHERE seq > ?"
                    + " ORDER BY seq LIMIT ?", sinceSeq, limit);
        }
        return Sql.query(c, EventTable::read, "SELECT " + COLUMNS + " FROM events WHERE stack = ? AND seq > ?"
                + " ORDER BY seq LIMIT ?", stack, sinceSeq, limit);
    }

    /** The newest {@code count} events after {@code sinceSeq}, oldest first: the events index read backwards. */
    static List<Event> tail(Connection c, String stack, long sinceSeq, int count) throws SQLException {
        String newest = stack == null
                ? "SELECT " + COLUMNS + " FROM events WHERE seq > ? ORDER BY seq DESC LIMIT ?"
                : "SELECT " + COLUMNS + " FROM events WHERE stack = ? AND seq > ? ORDER BY seq DESC LIMIT ?";
        List<Event> events = stack == null
                ? Sql.query(c, EventTable::read, newest, sinceSeq, count)
                : Sql.query(c, EventTable::read, newest, stack, sinceSeq, count);
        return events.reversed();
    }

    /** The highest seq ever given, also when that event was pruned since; 0 before the first event. */
    static long lastSeq(Connection c) throws SQLException {
        return Sql.query(c, rs -> rs.getLong(1), "SELECT seq FROM sqlite_sequence WHERE name = 'events'")
                .stream().findFirst().orElse(0L);
    }

    /** Drops events last seen before {@code now - maxAge}, then all but the newest {@code keep}. */
    static int prune(Connection c, Instant now, int keep, Duration maxAge) throws SQLException {
        int old = Sql.update(c, "DELETE FROM events WHERE last_time < ?", now.minus(maxAge).toEpochMilli());
        int surplus = Sql.update(c, "DELETE FROM events WHERE seq <= "
                + "(SELECT seq FROM events ORDER BY seq DESC LIMIT 1 OFFSET ?)", keep);
        return old + surplus;
    }

    private static Event read(ResultSet rs) throws SQLException {
        return new Event(
                rs.getLong("seq"),
                Instant.ofEpochMilli(rs.getLong("first_time")),
                Instant.ofEpochMilli(rs.getLong("last_time")),
                EventType.valueOf(rs.getString("type")),
                rs.getString("reason"),
                rs.getString("stack"),
                rs.getString("service"),
                rs.getString("object"),
                rs.getString("message"),
                rs.getInt("count"));
    }
}
