package dev.stackd.controller.store;

import dev.stackd.controller.observe.AdoptedObject;
import dev.stackd.controller.observe.Adoptions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;

/** The SQL of adoption: the stacks table's {@code adopt} column and the {@code adopted} table. */
final class AdoptedTable {
    private AdoptedTable() {
    }

    static int setPermitted(Connection c, String stack, boolean adopt) throws SQLException {
        return Sql.update(c, "UPDATE stacks SET adopt = ? WHERE name = ?", adopt ? 1 : 0, stack);
    }

    static Adoptions find(Connection c, String stack) throws SQLException {
        var permitted = Sql.query(c, rs -> rs.getInt(1) == 1, "SELECT adopt FROM stacks WHERE name = ?", stack);
        var objects = Sql.query(c, AdoptedTable::read, "SELECT kind, id, name, service, replica, spec_hash, differences"
                + " FROM adopted WHERE stack = ? ORDER BY kind, name, id", stack);
        return new Adoptions(!permitted.isEmpty() && permitted.getFirst(), objects);
    }

    /** Adopting again (a row for the same object) replaces what was recorded. */
    static void add(Connection c, String stack, AdoptedObject o, Instant now) throws SQLException {
        Sql.update(c, "INSERT OR REPLACE INTO adopted (stack, kind, id, name, service, replica, spec_hash, differences, adopted_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", stack, o.kind().word(), o.id(), o.name(), o.service(),
                o.replica(), o.specHash(), o.differences(), now.toEpochMilli());
    }

    static int forget(Connection c, String stack, Collection<AdoptedObject> gone) throws SQLException {
        int n = 0;
        for (var o : gone) {
            n += Sql.update(c, "DELETE FROM adopted WHERE stack = ? AND kind = ? AND id = ?", stack, o.kind().word(), o.id());
        }
        return n;
    }

    static void forgetStack(Connection c, String stack) throws SQLException {
        Sql.update(c, "DELETE FROM adopted WHERE stack = ?", stack);
    }

    private static AdoptedObject read(ResultSet rs) throws SQLException {
        int replica = rs.getInt("replica");
        return new AdoptedObject(AdoptedObject.Kind.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT)), rs.getString("id"),
                rs.getString("name"), rs.getString("service"), replica, rs.getString("spec_hash"), rs.getString("differences"));
    }
}
