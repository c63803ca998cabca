package dev.stackd.api.compose;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stackd.api.Manifests;
import dev.stackd.api.ValidationError;
import dev.stackd.api.model.StackSpec;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Validates a normalised spec (what {@code stackd apply} sends) with the very checks a compose file gets: the spec
 * is written back as its compose form, loaded as a remote document (so no file is read and every path must be
 * absolute), and must come back unchanged. A spec passes only if the loader could have produced it, so whatever
 * the controller may assume of a loaded compose file (declared networks and volumes, no dependency cycle, numbers
 * in range, no null where a value is needed) holds for it too, and errors name the spec's own fields.
 */
public final class SpecValidator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DIFFERENCES = 20;

    private SpecValidator() {}

    /** The spec (valid) or every error, at the spec's paths. */
    public static LoadResult check(StackSpec spec) {
        ComposeForm form = new ComposeForm();
        String text;
        try {
            text = JSON.writeValueAsString(form.of(spec));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        LoadResult loaded = ComposeLoader.load(LoadRequest.remote(text));
        if (!loaded.isValid()) {
            // positions in the generated document mean nothing to the sender; one error per path and message
            Set<ValidationError> errors = new LinkedHashSet<>();
            for (ValidationError e : loaded.errors()) errors.add(new ValidationError(form.specPath(e.path()), e.message(), 0, 0));
            return LoadResult.invalid(List.copyOf(errors));
        }
        List<ValidationError> differences = new ArrayList<>();
        diff(comparable(spec), comparable(loaded.stack()), "", differences);
        return differences.isEmpty() ? LoadResult.valid(spec) : LoadResult.invalid(differences);
    }

    /** The canonical JSON tree without envFiles: they only say where the values came from, on the client. */
    private static JsonNode comparable(StackSpec spec) {
        try {
            JsonNode tree = JSON.readTree(Manifests.toCanonicalJson(spec));
            tree.path("services").forEach(s -> {
                if (s instanceof ObjectNode o) o.remove("envFiles");
            });
            return tree;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void diff(JsonNode sent, JsonNode normal, String path, List<ValidationError> out) {
        if (out.size() >= MAX_DIFFERENCES || sent.equals(normal)) return;
        if (sent.isObject() && normal.isObject()) {
            Set<String> keys = new LinkedHashSet<>();
            sent.fieldNames().forEachRemaining(keys::add);
            normal.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                diff(sent.path(k), normal.path(k), path.isEmpty() ? k : path + "." + k, out);
            }
            return;
        }
        if (sent.isArray() && normal.isArray() && sent.size() == normal.size()) {
            for (int i = 0; i < sent.size(); i++) diff(sent.get(i), normal.get(i), path + "[" + i + "]", out);
            return;
        }
        out.add(new ValidationError(path, difference(sent, normal), 0, 0));
    }

    private static String difference(JsonNode sent, JsonNode normal) {
        if (sent.isMissingNode() || sent.isNull()) return "a value is required here (its normalised form is " + shown(normal) + ")";
        if (normal.isMissingNode()) return "not allowed here: the compose form of this spec has no such value";
        return "not in normalised form: " + shown(sent) + " would be stored as " + shown(normal);
    }

    private static String shown(JsonNode n) {
        String s = n.isMissingNode() ? "nothing" : n.toString();
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
