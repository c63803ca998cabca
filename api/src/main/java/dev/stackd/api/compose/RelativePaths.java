package dev.stackd.api.compose;

import dev.stackd.api.compose.yaml.YNode;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Makes the relative paths of a file read for {@code extends}, or of an included project, absolute against its
 * own folder, before it is merged into a project whose other paths start elsewhere (compose-go
 * {@code paths/resolve.go}): build contexts, env_file, label_file, bind mount sources ({@code ./x}, {@code ../x}),
 * secret and config files. Absolute paths, {@code ~} paths (the caller's home, the same everywhere) and remote
 * build contexts are left as they are; anything of an unexpected type too (the parser reports it).
 */
final class RelativePaths {
    private static final Pattern REMOTE_CONTEXT = Pattern.compile("^([a-z][a-z0-9+.-]*://|git@|github\\.com/).*");

    private RelativePaths() {}

    static YNode.Mapping absolute(YNode.Mapping root, Path dir, Problems problems) {
        RelativePaths.Rewriter r = new Rewriter(dir, problems);
        Map<String, YNode.Entry> top = new LinkedHashMap<>(root.entries());
        rewriteEach(top, "services", r::service);
        rewriteEach(top, "secrets", r::fileEntry);
        rewriteEach(top, "configs", r::fileEntry);
        return root.withEntries(top);
    }

    /** Each value of the mapping at {@code key} of {@code entries}, rewritten. */
    private static void rewriteEach(Map<String, YNode.Entry> entries, String key, java.util.function.UnaryOperator<YNode> rewrite) {
        YNode.Entry e = entries.get(key);
        if (e == null || !(e.value() instanceof YNode.Mapping m)) return;
        Map<String, YNode.Entry> out = new LinkedHashMap<>();
        m.entries().forEach((k, v) -> out.put(k, v.withValue(rewrite.apply(v.value()))));
        entries.put(key, e.withValue(m.withEntries(out)));
    }

    private record Rewriter(Path dir, Problems problems) {

        YNode service(YNode n) {
            if (!(n instanceof YNode.Mapping m)) return n;
            Map<String, YNode.Entry> e = new LinkedHashMap<>(m.entries());
            update(e, "build", this::build);
            update(e, "env_file", v -> each(v, this::envFile));
            update(e, "label_file", v -> each(v, this::path));
            update(e, "volumes", v -> each(v, this::volume));
            update(e, "extends", this::extendsFile);
            return m.withEntries(e);
        }

        YNode fileEntry(YNode n) {
            if (!(n instanceof YNode.Mapping m) || !m.has("file")) return n;
            Map<String, YNode.Entry> e = new LinkedHashMap<>(m.entries());
            update(e, "file", this::path);
            return m.withEntries(e);
        }

        private YNode build(YNode n) {
            if (n instanceof YNode.Scalar s) return context(s);
            if (!(n instanceof YNode.Mapping m)) return n;
            Map<String, YNode.Entry> e = new LinkedHashMap<>(m.entries());
            update(e, "context", v -> v instanceof YNode.Scalar s ? context(s) : v);
            return m.withEntries(e);
        }

        private YNode context(YNode.Scalar s) {
            return s.isNull() || REMOTE_CONTEXT.matcher(s.text()).matches() ? s : path(s);
        }

        private YNode envFile(YNode n) {
            if (!(n instanceof YNode.Mapping m)) return path(n);
            Map<String, YNode.Entry> e = new LinkedHashMap<>(m.entries());
            update(e, "path", this::path);
            return m.withEntries(e);
        }

        /** A short volume whose source is a relative path ("./data:/data"), or a long bind mount's source. */
        private YNode volume(YNode n) {
            if (n instanceof YNode.Scalar s && !s.isNull()) {
                String text = s.text();
                int colon = text.indexOf(':');
                if (colon <= 0 || !text.startsWith(".")) return s;
                String abs = absolute(text.substring(0, colon), s);
                return abs == null ? s : s.withText(abs + text.substring(colon));
            }
            if (!(n instanceof YNode.Mapping m)) return n;
            if (!(m.get("source") instanceof YNode.Scalar src) || src.isNull() || !"bind".equals(ComposeMerge.scalarKey(m.get("type")))) return n;
            Map<String, YNode.Entry> e = new LinkedHashMap<>(m.entries());
            update(e, "source", this::path);
            return m.withEntries(e);
        }

        private YNode extendsFile(YNode n) {
            if (!(n instanceof YNode.Mapping m) || !m.has("file")) return n;
            Map<String, YNode.Entry> e = new LinkedHashMap<>(m.entries());
            update(e, "file", this::path);
            return m.withEntries(e);
        }

        /** A relative path made absolute; anything else as it is. */
        private YNode path(YNode n) {
            if (!(n instanceof YNode.Scalar s) || s.isNull()) return n;
            String text = s.text();
            if (text.isEmpty() || text.startsWith("/") || text.equals("~") || text.startsWith("~/")) return s;
            String abs = absolute(text, s);
            return abs == null ? s : s.withText(abs);
        }

        private String absolute(String relative, YNode at) {
            try {
                return dir.resolve(relative).normalize().toString();
            } catch (InvalidPathException e) {
                problems.add("", at, "invalid path \"" + relative.replace("\0", "\\0") + "\"");
                return null;
            }
        }

        private static YNode each(YNode n, java.util.function.UnaryOperator<YNode> rewrite) {
            if (!(n instanceof YNode.Sequence seq)) return rewrite.apply(n);
            List<YNode> items = new ArrayList<>();
            for (YNode item : seq.items()) items.add(rewrite.apply(item));
            return seq.withItems(items);
        }

        private static void update(Map<String, YNode.Entry> entries, String key, java.util.function.UnaryOperator<YNode> rewrite) {
            YNode.Entry e = entries.get(key);
            if (e != null) entries.put(key, e.withValue(rewrite.apply(e.value())));
        }
    }
}
