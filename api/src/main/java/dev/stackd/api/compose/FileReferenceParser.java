package dev.stackd.api.compose;

import dev.stackd.api.compose.yaml.YNode;
import dev.stackd.api.model.ServiceSpec.FileReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A service's secrets or configs: short (the name) or long (source, target, uid, gid, mode). */
final class FileReferenceParser {
    private final Fields f;
    private final String kind;
    private final Set<String> declared;
    private final String defaultDir;
    private final Suggestions suggestions;

    FileReferenceParser(Fields f, String kind, Set<String> declared, String defaultDir, Suggestions suggestions) {
        this.f = f;
        this.suggestions = suggestions;
        this.kind = kind;
        this.declared = declared;
        this.defaultDir = defaultDir;
    }

    List<FileReference> parse(YNode n, String path) {
        List<FileReference> out = new ArrayList<>();
        if (n == null) return out;
        List<YNode> items = f.items(n, path);
        if (items == null) return out;
        for (int i = 0; i < items.size(); i++) {
            FileReference ref = reference(items.get(i), Fields.index(path, i));
            if (ref != null) out.add(ref);
        }
        return out;
    }

    private FileReference reference(YNode n, String path) {
        if (n instanceof YNode.Mapping m) {
            Keys.FILE_REFERENCE.check(m, path, f.problems());
            String source = f.string(m, "source", path);
            if (source == null) {
                f.error(path, m, "a " + kind + " reference needs a source");
                return null;
            }
            check(source, m.get("source"), Fields.child(path, "source"));
            String target = f.string(m, "target", path);
            return new FileReference(source, target(source, target), f.string(m, "uid", path), f.string(m, "gid", path),
                    mode(m, path));
        }
        String source = f.string(n, path);
        if (source == null) return null;
        check(source, n, path);
        return new FileReference(source, target(source, null), null, null, null);
    }

    private String target(String source, String target) {
        if (target == null || target.isEmpty()) return defaultDir + source;
        return target.startsWith("/") ? target : defaultDir + target;
    }

    private Integer mode(YNode.Mapping m, String path) {
        String s = f.string(m, "mode", path);
        if (s == null) return null;
        String t = s.trim();
        // file modes are octal, as in compose's examples (mode: 0440)
        int radix = t.startsWith("0o") || (t.length() > 1 && t.startsWith("0")) ? 8 : 10;
        String digits = t.startsWith("0o") ? t.substring(2) : t;
        Long mode = digits.length() <= 12 && digits.matches("\\d+") ? Long.parseLong(digits, radix) : null;
        if (mode == null || !Ranges.FILE_MODE.contains(mode)) {
            f.error(Fields.child(path, "mode"), m.get("mode"), "invalid file mode " + Fields.quote(s) + ": expected permissions between 0 and 0777");
            return null;
        }
        return Math.toIntExact(mode);
    }

    private void check(String source, YNode at, String path) {
        if (!declared.contains(source)) {
            f.error(path, at, kind + " \"" + source + "\" is not defined in the top-level " + kind + "s" + suggestions.forName(source, declared));
        }
    }
}
