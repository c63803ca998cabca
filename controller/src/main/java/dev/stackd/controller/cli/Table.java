package dev.stackd.controller.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Left-aligned columns, two spaces apart, as kubectl prints them. */
final class Table {
    private final List<String[]> rows = new ArrayList<>();

    Table(String... headers) {
        rows.add(headers);
    }

    Table row(Object... cells) {
        String[] r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) r[i] = cells[i] == null ? "<none>" : cells[i].toString();
        rows.add(r);
        return this;
    }

    void print(PrintWriter out) {
        int columns = rows.getFirst().length;
        int[] width = new int[columns];
        for (String[] r : rows) for (int i = 0; i < columns; i++) width[i] = Math.max(width[i], r[i].length());
        for (String[] r : rows) {
            var line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(r[i]);
                if (i < columns - 1) line.append(" ".repeat(width[i] - r[i].length() + 2));
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }

    /** "45s", "12m", "3h", "5d": how long ago, roughly. */
    static String age(Instant then, Instant now) {
        if (then == null) return "<unknown>";
        Duration d = Duration.between(then, now);
        if (d.isNegative()) d = Duration.ZERO;
        if (d.toMinutes() < 2) return d.toSeconds() + "s";
        if (d.toHours() < 2) return d.toMinutes() + "m";
        if (d.toDays() < 2) return d.toHours() + "h";
        return d.toDays() + "d";
    }
}
