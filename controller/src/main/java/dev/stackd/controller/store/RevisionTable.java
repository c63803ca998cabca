package dev.stackd.controller.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stackd.controller.store.Revision.Changes;
import dev.stackd.controller.store.Revision.Outcome;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The SQL of revisions: each stack's last {@code keep} applied generations. Bounded: an insert prunes the stack's
 * oldest beyond {@code keep}, and the rows go with their stack.
 */
final class RevisionTable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "stack, generation, spec_json, source_text, origin_json, applied_at, changes_json, outcome";

    private RevisionTable() {
    }

    /**
     * A new generation, Progressing; an earlier one still Progressing never completed: Superseded. {@code previous}
     * is the spec it replaces (null for a new stack), against which the changed services are found.
     */
    static void record(Connection c, String stack, long generation, String specJson, String previous, String sourceText,
                       String originJson, Instant now, int keep) throws SQLException {
        Sql.update(c, "UPDATE revisions SET outcome = 'Superseded' WHERE stack = ? AND outcome = 'Progressing' AND generation < ?",
                stack, generation);
        // a stack deleted and applied again starts at generation 1: its old rows went with it (forgetStack)
        Sql.update(c, "INSERT OR REPLACE INTO revisions (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, 'Progressing')",
                stack, generation, specJson, sourceText, originJson, now.toEpochMilli(), write(changes(previous, specJson)));
        Sql.update(c, "DELETE FROM revisions WHERE stack = ? AND generation NOT IN"
                + " (SELECT generation FROM revisions WHERE stack = ? ORDER BY generation DESC LIMIT ?)", stack, stack, keep);
    }

    /** Newest first. */
    static List<Revision> find(Connection c, String stack) throws SQLException {
        return Sql.query(c, RevisionTable::read, "SELECT " + COLUMNS + " FROM revisions WHERE stack = ? ORDER BY generation DESC", stack);
    }

    static Optional<Revision> find(Connection c, String stack, long generation) throws SQLException {
        return Sql.query(c, RevisionTable::read, "SELECT " + COLUMNS + " FROM revisions WHERE stack = ? AND generation = ?",
                stack, generation).stream().findFirst();
    }

    /**
     * The revision to go back to from {@code generation}: the newest before it whose own rollout did not fail and
     * roll back (that one is what the user is leaving); empty when the history holds none.
     */
    static Optional<Revision> before(Connection c, String stack, long generation) throws SQLException {
        return Sql.query(c, RevisionTable::read, "SELECT " + COLUMNS + " FROM revisions WHERE stack = ? AND generation < ?"
                + " AND outcome <> 'RolledBack' ORDER BY generation DESC LIMIT 1", stack, generation).stream().findFirst();
    }

    /** Moves the revision to {@code outcome} when it is at one of {@code from}; true when it moved. */
    static boolean outcome(Connection c, String stack, long generation, Outcome outcome, Outcome... from) throws SQLException {
        var in = new StringBuilder();
        var params = new ArrayList<Object>(List.of(outcome.name(), stack, generation));
        for (Outcome o : from) {
            in.append(in.isEmpty() ? "?" : ", ?");
            params.add(o.name());
        }
        return Sql.update(c, "UPDATE revisions SET outcome = ? WHERE stack = ? AND generation = ? AND outcome IN (" + in + ")",
                params.toArray()) == 1;
    }

    static void forgetStack(Connection c, String stack) throws SQLException {
        Sql.update(c, "DELETE FROM revisions WHERE stack = ?", stack);
    }

    /** The services added, dropped and changed between two specs (the JSON of each service compared). */
    static Changes changes(String previous, String next) {
        JsonNode before = services(previous);
        JsonNode after = services(next);
        if (after == null) return Changes.NONE;
        var updated = new TreeSet<String>();
        var added = new TreeSet<String>();
        var removed = new TreeSet<String>();
        for (Iterator<String> names = after.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (before == null || !before.has(name)) added.add(name);
            else if (!before.get(name).equals(after.get(name))) updated.add(name);
        }
        if (before != null) {
            for (Iterator<String> names = before.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!after.has(name)) removed.add(name);
            }
        }
        return new Changes(List.copyOf(updated), List.copyOf(added), List.copyOf(removed));
    }

    private static JsonNode services(String specJson) {
        if (specJson == null) return null;
        try {
            JsonNode services = JSON.readTree(specJson).path("services");
            return services.isObject() ? services : JSON.createObjectNode();
        } catch (JsonProcessingException e) {
            return null; // the store keeps specs opaque; one that does not read has no changes to tell
        }
    }

    private static String write(Changes changes) {
        var node = JSON.createObjectNode();
        changes.updated().forEach(node.putArray("updated")::add);
        changes.added().forEach(node.putArray("added")::add);
        changes.removed().forEach(node.putArray("removed")::add);
        return node.toString();
    }

    private static Changes readChanges(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            return new Changes(strings(n.path("updated")), strings(n.path("added")), strings(n.path("removed")));
        } catch (JsonProcessingException e) {
            return Changes.NONE;
        }
    }

    private static List<String> strings(JsonNode array) {
        var out = new ArrayList<String>();
        array.forEach(e -> out.add(e.asText()));
        return out;
    }

    private static Revision read(ResultSet rs) throws SQLException {
        return new Revision(rs.getString("stack"), rs.getLong("generation"), rs.getString("spec_json"),
                rs.getString("source_text"), rs.getString("origin_json"), Instant.ofEpochMilli(rs.getLong("applied_at")),
                readChanges(rs.getString("changes_json")), Outcome.valueOf(rs.getString("outcome")));
    }
}
