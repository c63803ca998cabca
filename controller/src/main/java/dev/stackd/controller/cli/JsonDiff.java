package dev.stackd.controller.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Field-by-field differences of two JSON trees, as {@code path: old -> new} lines ({@code <none>} for absent). */
final class JsonDiff {
    private JsonDiff() {
    }

    static List<String> diff(JsonNode before, JsonNode after) {
        List<String> lines = new ArrayList<>();
        walk("", before, after, lines);
        return lines;
    }

    private static void walk(String path, JsonNode a, JsonNode b, List<String> lines) {
        if (a != null && b != null && a.equals(b)) return;
        if (a != null && b != null && a.isObject() && b.isObject()) {
            var keys = new TreeSet<String>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) walk(path.isEmpty() ? k : path + "." + k, a.get(k), b.get(k), lines);
        } else if (a != null && b != null && a.isArray() && b.isArray()) {
            for (int i = 0; i < Math.max(a.size(), b.size()); i++) walk(path + "[" + i + "]", a.get(i), b.get(i), lines);
        } else {
            lines.add((path.isEmpty() ? "<document>" : path) + ": " + render(a) + " -> " + render(b));
        }
    }

    private static String render(JsonNode n) {
        if (n == null || n.isMissingNode()) return "<none>";
        return n.toString();
    }
}
