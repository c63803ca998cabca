package dev.stackd.controller.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Prepared statements with positional parameters, closed on every path. */
final class Sql {
    interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private Sql() {
    }

    static <T> List<T> query(Connection c, Row<T> row, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            try (ResultSet rs = s.executeQuery()) {
                var rows = new ArrayList<T>();
                while (rs.next()) rows.add(row.read(rs));
                return rows;
            }
        }
    }

    static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            return s.executeUpdate();
        }
    }

    private static void bind(PreparedStatement s, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) s.setObject(i + 1, params[i]);
    }
}
