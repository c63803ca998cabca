package dev.stackd.api.compose.yaml;

import dev.stackd.api.compose.Interpolator;
import dev.stackd.api.compose.Problems;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads one YAML (or JSON) document into a {@link YNode} tree, defensively: aliases and nesting bounded, the
 * number of nodes walked bounded (so alias expansion cannot blow up), only the standard tags, one document.
 * Scalar values (never keys) are interpolated on the way, as compose does.
 * <p>
 * Compose's merge tags are honoured: a node tagged {@code !reset} is dropped from the tree, and its place, like
 * that of a node tagged {@code !override}, is returned with the document: when this file is merged over earlier
 * ones, what they had there is removed first (see {@code ComposeMerge}).
 */
public final class YamlTree {
    public static final int MAX_CODE_POINTS = 1024 * 1024;
    static final int MAX_NODES = 100_000;
    /** YAML's own limit for a plain or quoted key; only an explicit key ("? ...") could be longer. */
    static final int MAX_KEY_CHARS = 1024;
    private static final Set<Tag> STANDARD_TAGS =
            Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.MAP, Tag.SEQ, Tag.TIMESTAMP);

    static final Tag RESET = new Tag("!reset");
    static final Tag OVERRIDE = new Tag("!override");
    /** What stands for a node tagged !reset until its parent drops it. */
    private static final YNode RESET_NODE = new YNode.Scalar(null, 0, 0);

    private final Problems problems;
    private final Interpolator interpolator;
    private final String file;
    private final List<Tagged> tagged = new ArrayList<>();
    private int nodes;
    private boolean tooMany;

    private YamlTree(Problems problems, Interpolator interpolator, String file) {
        this.problems = problems;
        this.interpolator = interpolator;
        this.file = file;
    }

    /** A file's tree, and where it carries compose's merge tags, in document order. */
    public record Document(YNode root, List<Tagged> tagged) {
        public Document {
            tagged = List.copyOf(tagged);
        }
    }

    /**
     * A node tagged {@code !reset} (dropped from the tree) or {@code !override} (kept).
     *
     * @param path its place: keys (String) and list indexes (Integer) from the root
     */
    public record Tagged(List<Object> path, boolean reset, int line, int column) {
        public Tagged {
            path = List.copyOf(path);
        }
    }

    /** The document's root, interpolated (a null interpolator leaves values as written), or empty after recording why it cannot be read. */
    public static Optional<YNode> read(String text, Interpolator interpolator, Problems problems) {
        return read(text, null, interpolator, problems).map(Document::root);
    }

    /**
     * The document of {@code file} (named in every node and error; null for a document that is not a file),
     * interpolated (a null interpolator leaves values as written), or empty after recording why it cannot be read.
     */
    public static Optional<Document> read(String text, String file, Interpolator interpolator, Problems problems) {
        return parse(text, file, problems).flatMap(p -> p.document(interpolator, problems));
    }

    /**
     * A document parsed but not yet interpolated: what the loader needs before interpolating (compose reads the
     * top-level {@code name:} first, to define {@code COMPOSE_PROJECT_NAME} for the rest).
     */
    public static final class Parsed {
        private final Node root;
        private final String file;

        private Parsed(Node root, String file) {
            this.root = root;
            this.file = file;
        }

        /** The document's root, every scalar value interpolated, or empty after recording why it cannot be. */
        public Optional<YNode> tree(Interpolator interpolator, Problems problems) {
            return document(interpolator, problems).map(Document::root);
        }

        /** The tree and where it carries compose's merge tags, or empty after recording why it cannot be. */
        public Optional<Document> document(Interpolator interpolator, Problems problems) {
            YamlTree tree = new YamlTree(problems, interpolator, file);
            YNode result = tree.convert(root, Where.ROOT);
            if (result == RESET_NODE) {
                problems.add("", file, mark(root).line(), mark(root).column(), "the document is !reset: nothing is left");
                return Optional.empty();
            }
            return tree.tooMany || result == null ? Optional.empty() : Optional.of(new Document(result, tree.tagged));
        }

        /** A top-level key's scalar value as written (not interpolated); empty when absent, null or not a scalar. */
        public Optional<RawScalar> topLevelScalar(String key) {
            if (!(root instanceof MappingNode m)) return Optional.empty();
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)
                        && t.getValueNode() instanceof ScalarNode v && !v.getTag().equals(Tag.NULL)) {
                    Pos p = mark(v);
                    return Optional.of(new RawScalar(v.getValue(), v.getTag().equals(Tag.STR), p.line(), p.column()));
                }
            }
            return Optional.empty();
        }
    }

    /** A scalar as written; {@code string}: YAML reads it as a string (not a number, boolean or date). */
    public record RawScalar(String text, boolean string, int line, int column) {}

    /** The document, parsed and checked but not interpolated, or empty after recording why it cannot be read. */
    public static Optional<Parsed> parse(String text, Problems problems) {
        return parse(text, null, problems);
    }

    /** As {@link #parse(String, Problems)}, for {@code file} (named in errors; null for a document that is not a file). */
    public static Optional<Parsed> parse(String text, String file, Problems problems) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(50);
        options.setAllowRecursiveKeys(false);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setNestingDepthLimit(64);
        options.setAllowDuplicateKeys(false);
        Node root;
        try {
            // SnakeYAML's own reader costs a token's length squared (see WholeTextReader)
            Composer docs = new Composer(new ParserImpl(new WholeTextReader(text), options), new Resolver(), options);
            if (!docs.checkNode()) {
                problems.add("", file, 1, 1, "the document is empty");
                return Optional.empty();
            }
            root = docs.getNode();
            if (docs.checkNode()) {
                Node second = docs.getNode();
                problems.add("", file, mark(second).line(), mark(second).column(),
                        "multiple YAML documents in one file are not supported: put the stack in one document");
                return Optional.empty();
            }
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark();
            problems.add("", file, m == null ? 0 : m.getLine() + 1, m == null ? 0 : m.getColumn() + 1,
                    "invalid YAML: " + e.getProblem());
            return Optional.empty();
        } catch (YAMLException e) {
            // the parser's own limit has no position, and its words are its own
            String m = e.getMessage() == null ? "" : e.getMessage();
            problems.add("", file, 0, 0, m.startsWith("Nesting Depth exceeded")
                    ? "the document is nested deeper than 64 levels: refused" : "invalid YAML: " + m);
            return Optional.empty();
        }
        if (root == null) {
            problems.add("", file, 1, 1, "the document is empty");
            return Optional.empty();
        }
        return Optional.of(new Parsed(root, file));
    }

    private YNode convert(Node node, Where path) {
        if (tooMany) return null;
        if (++nodes > MAX_NODES) {
            tooMany = true;
            problems.add(path.toString(), file, mark(node).line(), mark(node).column(),
                    "the document expands to more than " + MAX_NODES + " nodes (too many aliases?): refused");
            return null;
        }
        Pos pos = mark(node);
        if (node.getTag().equals(RESET)) {
            tagged.add(new Tagged(path.segments(), true, pos.line(), pos.column()));
            return RESET_NODE;
        }
        if (node.getTag().equals(OVERRIDE)) {
            tagged.add(new Tagged(path.segments(), false, pos.line(), pos.column()));
        } else if (!STANDARD_TAGS.contains(node.getTag())) {
            problems.add(path.toString(), file, pos.line(), pos.column(), "YAML tag " + node.getTag()
                    + " is not supported: only standard tags and compose's !reset and !override are allowed");
            return new YNode.Scalar(null, pos.line(), pos.column(), file);
        }
        return switch (node) {
            case ScalarNode s -> new YNode.Scalar(scalarValue(s, path, pos), pos.line(), pos.column(), file);
            case SequenceNode s -> {
                List<YNode> items = new ArrayList<>();
                int index = 0;
                for (Node item : s.getValue()) {
                    YNode y = convert(item, path.item(index++));
                    if (y == null) yield null;
                    if (y != RESET_NODE) items.add(y);
                }
                yield new YNode.Sequence(items, pos.line(), pos.column(), file);
            }
            case MappingNode m -> mapping(m, path, pos);
            default -> throw new IllegalStateException("unknown YAML node " + node.getNodeId());
        };
    }

    private String scalarValue(ScalarNode s, Where path, Pos pos) {
        if (s.getTag().equals(Tag.NULL)) return null;
        if (interpolator == null) return checked(s.getValue(), path, pos);
        String value;
        try {
            value = interpolator.interpolate(s.getValue());
        } catch (Interpolator.InterpolationException e) {
            problems.add(path.toString(), file, pos.line(), pos.column(), e.getMessage());
            return s.getValue();
        }
        return checked(value, path, pos);
    }

    private String checked(String value, Where path, Pos pos) {
        // every string of the stack passes here once: the engine would cut it at a NUL or refuse it
        if (value.indexOf('\0') >= 0) problems.add(path.toString(), file, pos.line(), pos.column(), "a NUL character (U+0000) is not allowed in a value");
        return value;
    }

    private YNode mapping(MappingNode m, Where path, Pos pos) {
        Map<String, YNode.Entry> entries = new LinkedHashMap<>();
        List<Node> merges = new ArrayList<>();
        for (NodeTuple t : m.getValue()) {
            Node k = t.getKeyNode();
            if (k.getTag().equals(Tag.MERGE)) {
                merges.add(t.getValueNode());
                continue;
            }
            Pos kp = mark(k);
            if (!(k instanceof ScalarNode ks) || ks.getTag().equals(Tag.NULL)) {
                problems.add(path.toString(), file, kp.line(), kp.column(), "mapping keys must be strings");
                continue;
            }
            String key = ks.getValue();
            if (key.length() > MAX_KEY_CHARS) {
                problems.add(path.toString(), file, kp.line(), kp.column(),
                        "a key of " + key.length() + " characters: at most " + MAX_KEY_CHARS + " are allowed");
                continue;
            }
            if (key.indexOf('\0') >= 0) {
                problems.add(path.toString(), file, kp.line(), kp.column(), "a NUL character (U+0000) is not allowed in a key");
                continue;
            }
            Where child = path.child(key);
            if (entries.containsKey(key)) {
                problems.add(child.toString(), file, kp.line(), kp.column(), "duplicate key \"" + key + "\"");
                continue;
            }
            YNode value = convert(t.getValueNode(), child);
            if (value == null) return null;
            if (value != RESET_NODE) entries.put(key, new YNode.Entry(key, kp.line(), kp.column(), value, file));
        }
        for (Node merge : merges) {
            // YAML merge key (<<: *anchor): explicit keys win, earlier merges win over later ones
            List<Node> sources = merge instanceof SequenceNode seq ? seq.getValue() : List.of(merge);
            for (Node source : sources) {
                if (!(convert(source, path) instanceof YNode.Mapping sm)) {
                    if (tooMany) return null;
                    problems.add(path.toString(), file, mark(source).line(), mark(source).column(), "a merge key (<<) must refer to a mapping");
                    continue;
                }
                sm.entries().forEach(entries::putIfAbsent);
            }
        }
        return new YNode.Mapping(entries, pos.line(), pos.column(), file);
    }

    private record Pos(int line, int column) {}

    /**
     * Where a node is: made into a path ("services.web.ports[0]") only when a problem is reported there, so that
     * walking n nodes under long keys does not copy those keys n times.
     */
    private record Where(Where parent, String key, int index) {
        static final Where ROOT = new Where(null, null, -1);

        Where child(String k) {
            return new Where(this, k, -1);
        }

        Where item(int i) {
            return new Where(this, null, i);
        }

        /** Keys (String) and list indexes (Integer) from the root. */
        List<Object> segments() {
            ArrayDeque<Object> out = new ArrayDeque<>();
            for (Where w = this; w.parent != null; w = w.parent) out.push(w.key == null ? (Object) w.index : w.key);
            return List.copyOf(out);
        }

        @Override
        public String toString() {
            ArrayDeque<Where> chain = new ArrayDeque<>();
            for (Where w = this; w.parent != null; w = w.parent) chain.push(w);
            StringBuilder out = new StringBuilder();
            for (Where w : chain) {
                if (w.key == null) out.append('[').append(w.index).append(']');
                else out.append(out.isEmpty() ? "" : ".").append(w.key);
            }
            return out.toString();
        }
    }

    private static Pos mark(Node n) {
        Mark m = n.getStartMark();
        return m == null ? new Pos(0, 0) : new Pos(m.getLine() + 1, m.getColumn() + 1);
    }
}
