package dev.stackd.api.compose.yaml;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document reduced to what compose needs: scalars as text (typed later, by the field that reads them),
 * mappings with string keys in source order, sequences, each with its 1-based line and column.
 */
public sealed interface YNode permits YNode.Scalar, YNode.Mapping, YNode.Sequence {
    int line();

    int column();

    /** For messages: "a string", "a mapping", "a list", "null". */
    String describe();

    /** text is null for a YAML null ("~", "null" or nothing). */
    record Scalar(String text, int line, int column) implements YNode {
        public boolean isNull() {
            return text == null;
        }

        @Override
        public String describe() {
            return text == null ? "null" : "a scalar (\"" + abbreviate(text) + "\")";
        }

        private static String abbreviate(String s) {
            return s.length() > 40 ? s.substring(0, 40) + "..." : s;
        }
    }

    record Entry(String key, int line, int column, YNode value) {}

    record Mapping(Map<String, Entry> entries, int line, int column) implements YNode {
        public Mapping {
            entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        public YNode get(String key) {
            Entry e = entries.get(key);
            return e == null ? null : e.value();
        }

        public boolean has(String key) {
            return entries.containsKey(key);
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    record Sequence(List<YNode> items, int line, int column) implements YNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }
}
