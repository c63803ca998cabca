package dev.stackd.controller.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The SQL of the stacks table. Every method runs on a connection the caller holds. */
final class StackTable {
    private static final String COLUMNS = "name, spec_json, source_text, generation, observed_generation,"
            + " created_at, updated_at, deleting, delete_volumes, status_json, origin_json";

    private StackTable() {
    }

    static ApplyResult apply(Connection c, String name, String specJson, String sourceText, String originJson,
                             Long expectedGeneration, Instant now) throws SQLException {
        Optional<StackRecord> found = find(c, name);
        if (found.isPresent() && found.get().deleting()) throw new StackDeletingException(name);
        long current = found.map(StackRecord::generation).orElse(0L);
        if (expectedGeneration != null && expectedGeneration == Store.ANY_GENERATION) {
            if (found.isEmpty()) throw new StackMissingException(name);
        } else if (expectedGeneration != null && expectedGeneration != current) {
            throw new StaleGenerationException(name, expectedGeneration, current);
        }
        if (found.isEmpty()) {
            update(c, "INSERT INTO stacks (name, spec_json, source_text, origin_json, generation, created_at, updated_at)"
                    + " VALUES (?, ?, ?, ?, 1, ?, ?)", name, specJson, sourceText, originJson, now.toEpochMilli(), now.toEpochMilli());
            return new ApplyResult(name, 1, true, true);
        }
        StackRecord stack = found.get();
        boolean specChanged = !stack.specJson().equals(specJson);
        if (specChanged) {
            update(c, "UPDATE stacks SET spec_json = ?, source_text = ?, origin_json = ?, generation = generation + 1,"
                    + " updated_at = ? WHERE name = ?", specJson, sourceText, originJson, now.toEpochMilli(), name);
            return new ApplyResult(name, current + 1, false, true);
        }
        if (!Objects.equals(stack.sourceText(), sourceText) || !Objects.equals(stack.originJson(), originJson)) {
            update(c, "UPDATE stacks SET source_text = ?, origin_json = ?, updated_at = ? WHERE name = ?",
                    sourceText, originJson, now.toEpochMilli(), name);
        }
        return new ApplyResult(name, current, false, false);
    }

    static Optional<StackRecord> find(Connection c, String name) throws SQLException {
        return query(c, "SELECT " + COLUMNS + " FROM stacks WHERE name = ?", name).stream().findFirst();
    }

    static List<StackRecord> all(Connection c) throws SQLException {
        return query(c, "SELECT " + COLUMNS + " FROM stacks ORDER BY name");
    }

    static List<StackRecord> deleting(Connection c) throws SQLException {
        return query(c, "SELECT " + COLUMNS + " FROM stacks WHERE deleting = 1 ORDER BY name");
    }

    /** Once asked to remove the volumes, a deletion keeps removing them. */
    static boolean markDeleting(Connection c, String name, boolean volumes, Instant now) throws SQLException {
        return update(c, "UPDATE stacks SET deleting = 1, delete_volumes = max(delete_volumes, ?), updated_at = ?"
                + " WHERE name = ?", volumes ? 1 : 0, now.toEpochMilli(), name) == 1;
    }

    /** Only a stack marked deleting can go: desired state is never dropped by mistake. */
    static boolean remove(Connection c, String name) throws SQLException {
        return update(c, "DELETE FROM stacks WHERE name = ? AND deleting = 1", name) == 1;
    }

    /** The observed generation only moves forward: a late report about an older generation is ignored. */
    static boolean setStatus(Connection c, String name, long observedGeneration, String statusJson)
            throws SQLException {
        return update(c, "UPDATE stacks SET observed_generation = ?, status_json = ?"
                + " WHERE name = ? AND observed_generation <= ?", observedGeneration, statusJson, name,
                observedGeneration) == 1;
    }

    private static List<StackRecord> query(Connection c, String sql, Object... params) throws SQLException {
        return Sql.query(c, StackTable::read, sql, params);
    }

    private static int update(Connection c, String sql, Object... params) throws SQLException {
        return Sql.update(c, sql, params);
    }

    private static StackRecord read(ResultSet rs) throws SQLException {
        return new StackRecord(
                rs.getString("name"),
                rs.getString("spec_json"),
                rs.getString("source_text"),
                rs.getLong("generation"),
                rs.getLong("observed_generation"),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("updated_at")),
                rs.getInt("deleting") == 1,
                rs.getInt("delete_volumes") == 1,
                rs.getString("status_json"),
                rs.getString("origin_json"));
    }
}
