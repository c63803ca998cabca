package dev.stackd.api.compose;

import dev.stackd.api.compose.yaml.YNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Typed reads of YAML nodes at a path. A read of the wrong type records an error saying what was expected and
 * returns null, so that the caller carries on and reports the other problems too.
 */
final class Fields {
    private final Problems problems;

    Fields(Problems problems) {
        this.problems = problems;
    }

    Problems problems() {
        return problems;
    }

    void error(String path, YNode at, String message) {
        problems.add(path, at, message);
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String index(String path, int i) {
        return path + "[" + i + "]";
    }

    /** A mapping, or null (with an error) when n is something else. A YAML null is an empty mapping. */
    YNode.Mapping mapping(YNode n, String path) {
        if (n instanceof YNode.Mapping m) return m;
        if (n instanceof YNode.Scalar s && s.isNull()) return new YNode.Mapping(Map.of(), s.line(), s.column());
        error(path, n, "expected a mapping, got " + n.describe());
        return null;
    }

    /** The text of a scalar; null for a YAML null or (with an error) a mapping or list. */
    String string(YNode n, String path) {
        if (n == null) return null;
        if (n instanceof YNode.Scalar s) return s.text();
        error(path, n, "expected a string, got " + n.describe());
        return null;
    }

    String string(YNode.Mapping m, String key, String path) {
        return string(m.get(key), child(path, key));
    }

    Boolean bool(YNode.Mapping m, String key, String path) {
        return bool(m.get(key), child(path, key));
    }

    Boolean bool(YNode n, String path) {
        String s = string(n, path);
        if (s == null) return null;
        // YAML 1.1's y/yes/on and n/no/off too, as compose-go's toBoolean reads them (with a warning there)
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "y", "yes", "on" -> true;
            case "false", "n", "no", "off" -> false;
            default -> {
                error(path, n, "expected true or false, got \"" + s + "\"");
                yield null;
            }
        };
    }

    Long integer(YNode.Mapping m, String key, String path, Ranges.Range range) {
        return integer(m.get(key), child(path, key), range);
    }

    /**
     * An integer within range, or null (with an error). Digits beyond what a long holds are never parsed: the
     * value is out of range whatever they are.
     */
    Long integer(YNode n, String path, Ranges.Range range) {
        String s = string(n, path);
        if (s == null) return null;
        String t = s.trim();
        if (!Units.isInteger(t)) {
            error(path, n, "expected an integer, got " + quote(s));
            return null;
        }
        Long v = Units.parseLong(t);
        if (v == null || !range.contains(v)) {
            error(path, n, "must be " + range.describe() + ", got " + abbreviate(t));
            return null;
        }
        return v;
    }

    /** Reads a value in one of {@link Units}' notations. */
    interface Notation<T> {
        T parse(String text) throws Units.Invalid;
    }

    /** The value of m's key in a notation, or null (with an error "invalid WHAT "text": why"). */
    <T> T parsed(YNode.Mapping m, String key, String path, String what, Notation<T> notation) {
        String s = string(m, key, path);
        if (s == null) return null;
        try {
            return notation.parse(s);
        } catch (Units.Invalid e) {
            error(child(path, key), m.get(key), "invalid " + what + " " + quote(s) + ": " + e.getMessage());
            return null;
        }
    }

    Duration duration(YNode.Mapping m, String key, String path) {
        return parsed(m, key, path, "duration", Units::duration);
    }

    /** A user's value for a message: at most 40 characters of it, so that an error never echoes a megabyte. */
    static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    static String quote(String s) {
        return "\"" + abbreviate(s) + "\"";
    }

    /** A string or a list of strings (dns, tmpfs). */
    List<String> strings(YNode n, String path) {
        if (n == null) return null;
        if (n instanceof YNode.Scalar s) return s.isNull() ? List.of() : List.of(s.text());
        return list(n, path);
    }

    /** A list of scalars. */
    List<String> list(YNode n, String path) {
        if (n == null) return null;
        if (n instanceof YNode.Scalar s && s.isNull()) return List.of();
        if (!(n instanceof YNode.Sequence seq)) {
            error(path, n, "expected a list, got " + n.describe());
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < seq.items().size(); i++) {
            String v = string(seq.items().get(i), index(path, i));
            if (v != null) out.add(v);
        }
        return out;
    }

    /** A sequence's items, or null (with an error) for anything else; a YAML null is an empty list. */
    List<YNode> items(YNode n, String path) {
        if (n instanceof YNode.Sequence seq) return seq.items();
        if (n instanceof YNode.Scalar s && s.isNull()) return List.of();
        error(path, n, "expected a list, got " + n.describe());
        return null;
    }

    /** Labels, as {@link #keyValues}; keys under stackd's own prefix are refused. */
    SortedMap<String, String> labels(YNode n, String path) {
        var labels = keyValues(n, path, '=', k -> "");
        for (String key : labels.keySet()) {
            if (key.startsWith(Reserved.LABEL_PREFIX)) {
                error(child(path, key), n, "labels starting with " + Reserved.LABEL_PREFIX + " are stackd's own: choose another key");
            }
        }
        return labels;
    }

    /**
     * "KEY=value" list or mapping (labels, sysctls, args, environment...). In the list form an entry without
     * separator maps to {@code bare}; in the map form a null value maps to {@code bare} too.
     */
    SortedMap<String, String> keyValues(YNode n, String path, char separator, UnaryOperator<String> bare) {
        SortedMap<String, String> out = new TreeMap<>();
        if (n == null || (n instanceof YNode.Scalar s && s.isNull())) return out;
        if (n instanceof YNode.Mapping m) {
            for (YNode.Entry e : m.entries().values()) {
                if (e.value() instanceof YNode.Scalar s) {
                    out.put(e.key(), s.isNull() ? bare.apply(e.key()) : s.text());
                } else {
                    error(child(path, e.key()), e.value(), "expected a string, got " + e.value().describe());
                }
            }
            return out;
        }
        if (n instanceof YNode.Sequence seq) {
            for (int i = 0; i < seq.items().size(); i++) {
                String item = string(seq.items().get(i), index(path, i));
                if (item == null) continue;
                int at = item.indexOf(separator);
                if (at == 0) {
                    error(index(path, i), seq.items().get(i), "missing key in \"" + item + "\"");
                } else if (at < 0) {
                    out.put(item, bare.apply(item));
                } else {
                    out.put(item.substring(0, at), item.substring(at + 1));
                }
            }
            return out;
        }
        error(path, n, "expected a list of \"KEY" + separator + "value\" or a mapping, got " + n.describe());
        return out;
    }
}
