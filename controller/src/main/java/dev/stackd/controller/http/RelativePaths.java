package dev.stackd.controller.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stackd.controller.spec.SpecError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A compose file sent over raw HTTP has no folder on this host, so its relative paths mean nothing here. The
 * server parses such bodies against a folder that cannot exist and refuses every value the parser resolved
 * against it. ({@code stackd apply} resolves paths on the caller's side and sends absolute ones.)
 */
final class RelativePaths {
    static final Path SENTINEL_BASE = Path.of("/nonexistent-relative-base");
    private static final String SENTINEL = SENTINEL_BASE.toString();

    private RelativePaths() {
    }

    /** One error per field of the canonical spec that holds a path resolved against the sentinel. */
    static List<SpecError> find(JsonNode spec) {
        List<SpecError> errors = new ArrayList<>();
        walk(spec, "", errors);
        return errors;
    }

    private static void walk(JsonNode node, String path, List<SpecError> errors) {
        if (node.isTextual()) {
            if (node.asText().contains(SENTINEL)) {
                errors.add(SpecError.at(path, "relative paths cannot be resolved on the server: use absolute paths,"
                        + " or apply with `stackd apply -f FILE`, which resolves them from the file's folder"));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) walk(node.get(i), path + "[" + i + "]", errors);
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                var field = it.next();
                walk(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey(), errors);
            }
        }
    }
}
