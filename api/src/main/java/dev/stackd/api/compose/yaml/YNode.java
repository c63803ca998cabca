package dev.stackd.api.compose.yaml;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document reduced to what compose needs: scalars as text (typed later, by the field that reads them),
 * mappings with string keys in source order, sequences, each with its 1-based line and column and the file it was
 * read from (null for a document that is not a file), so that an error in a project of several files names its file.
 */
public sealed interface YNode permits YNode.Scalar, YNode.Mapping, YNode.Sequence {
    int line();

    int column();

    /** The file this node was read from, as the user named it; null when the document is not a file. */
    String file();

    /** For messages: "a string", "a mapping", "a list", "null". */
    String describe();

    /** text is null for a YAML null ("~", "null" or nothing). */
    record Scalar(String text, int line, int column, String file) implements YNode {
        public Scalar(String text, int line, int column) {
            this(text, line, column, null);
        }

        public boolean isNull() {
            return text == null;
        }

        /** The same position with another text (a path made absolute, a value rewritten by a merge). */
        public Scalar withText(String newText) {
            return new Scalar(newText, line, column, file);
        }

        @Override
        public String describe() {
            return text == null ? "null" : "a scalar (\"" + abbreviate(text) + "\")";
        }

        private static String abbreviate(String s) {
            return s.length() > 40 ? s.substring(0, 40) + "..." : s;
        }
    }

    record Entry(String key, int line, int column, YNode value, String file) {
        public Entry(String key, int line, int column, YNode value) {
            this(key, line, column, value, null);
        }

        public Entry withValue(YNode newValue) {
            return new Entry(key, line, column, newValue, file);
        }
    }

    record Mapping(Map<String, Entry> entries, int line, int column, String file) implements YNode {
        public Mapping {
            entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        public Mapping(Map<String, Entry> entries, int line, int column) {
            this(entries, line, column, null);
        }

        public YNode get(String key) {
            Entry e = entries.get(key);
            return e == null ? null : e.value();
        }

        public boolean has(String key) {
            return entries.containsKey(key);
        }

        /** The same mapping, at the same position, with other entries. */
        public Mapping withEntries(Map<String, Entry> newEntries) {
            return new Mapping(newEntries, line, column, file);
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    record Sequence(List<YNode> items, int line, int column, String file) implements YNode {
        public Sequence {
            items = List.copyOf(items);
        }

        public Sequence(List<YNode> items, int line, int column) {
            this(items, line, column, null);
        }

        public Sequence withItems(List<YNode> newItems) {
            return new Sequence(newItems, line, column, file);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }
}
