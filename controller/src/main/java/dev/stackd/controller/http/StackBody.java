package dev.stackd.controller.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stackd.api.ManifestException;
import dev.stackd.api.SpecReader;
import dev.stackd.controller.spec.ParsedStack;
import dev.stackd.controller.spec.SpecError;
import dev.stackd.controller.spec.SpecParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The body of {@code PUT /api/v1/stacks/{name}}: a compose file (YAML or JSON), or the envelope
 * {@code stackd apply} sends ({@code application/vnd.stackd.spec+json}: {@code {"spec": <normalised spec>,
 * "source": "<the first file as written>", "files": ["<each compose file read, absolute>"],
 * "profiles": ["<each profile enabled>"]}}; {@code files} and {@code profiles} are optional).
 *
 * @param source     the text the store keeps as the stack's source
 * @param originJson the files and profiles, as the store keeps them; null when the body has neither
 */
record StackBody(ParsedStack stack, String source, String originJson) {
    /** As many files as a client merges (ProjectFiles.MAX_FILES), and as many profiles. */
    static final int MAX_ORIGIN_ITEMS = 64;
    /** A path or a profile name longer than this is not one. */
    static final int MAX_ORIGIN_CHARS = 4096;
    static final String SPEC_JSON = HttpServer.SPEC_MEDIA_TYPE;
    private static final Set<String> COMPOSE = Set.of("application/yaml", "application/x-yaml", "text/yaml", "application/json");

    enum Kind { COMPOSE, SPEC }

    /** The kind of body a Content-Type announces; 415 for any other. */
    static Kind kind(String contentType) {
        String media = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (COMPOSE.contains(media)) return Kind.COMPOSE;
        if (media.equals(SPEC_JSON)) return Kind.SPEC;
        throw new ApiException(415, "unsupported Content-Type '" + (contentType == null ? "" : contentType)
                + "': send a compose file as application/yaml or application/json, or a spec as " + SPEC_JSON);
    }

    /** Parses and checks the body; 422 with every error when it is not a valid stack. */
    static StackBody parse(SpecParser parser, Kind kind, String body, String name) {
        return switch (kind) {
            case COMPOSE -> compose(parser, body, name);
            case SPEC -> spec(parser, body, name);
        };
    }

    private static StackBody compose(SpecParser parser, String body, String name) {
        return new StackBody(valid(parser.compose(body, name)), body, null);
    }

    private static StackBody spec(SpecParser parser, String body, String name) {
        JsonNode envelope;
        try {
            envelope = SpecReader.tree(body);
        } catch (ManifestException e) {
            throw ApiException.invalid("the body is not valid JSON", e.errors().stream()
                    .map(v -> new SpecError(v.path(), v.message(), v.line(), v.column())).toList());
        }
        JsonNode spec = envelope.get("spec");
        if (spec == null || !spec.isObject()) throw ApiException.badRequest("a " + SPEC_JSON + " body needs a \"spec\" object");
        for (var it = envelope.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!Set.of("spec", "source", "files", "profiles").contains(field)) {
                throw ApiException.invalid("unknown field \"" + field + "\"", List.of(SpecError.at(field,
                        "unknown field \"" + field + "\": a " + SPEC_JSON + " body has spec, source, files and profiles")));
            }
        }
        JsonNode source = envelope.get("source");
        if (source != null && !source.isNull() && !source.isTextual()) {
            throw ApiException.invalid("source must be a string", List.of(SpecError.at("source", "expected a string")));
        }
        List<String> files = strings(envelope, "files");
        List<String> profiles = strings(envelope, "profiles");
        String origin = files == null && profiles == null ? null
                : Json.write(Map.of("files", files == null ? List.of() : files, "profiles", profiles == null ? List.of() : profiles));
        return new StackBody(valid(parser.specJson(spec, name)), source == null || source.isNull() ? null : source.asText(), origin);
    }

    /** A list of strings of the envelope, bounded; null when absent. The server only keeps them: it opens no file. */
    private static List<String> strings(JsonNode envelope, String field) {
        JsonNode n = envelope.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isArray()) throw ApiException.invalid(field + " must be a list", List.of(SpecError.at(field, "expected a list of strings")));
        if (n.size() > MAX_ORIGIN_ITEMS) {
            throw ApiException.invalid(field + " is too long", List.of(SpecError.at(field, n.size() + " entries: at most " + MAX_ORIGIN_ITEMS)));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode item = n.get(i);
            String at = field + "[" + i + "]";
            if (!item.isTextual()) throw ApiException.invalid(at + " must be a string", List.of(SpecError.at(at, "expected a string")));
            if (item.asText().isEmpty() || item.asText().length() > MAX_ORIGIN_CHARS || item.asText().indexOf('\0') >= 0) {
                throw ApiException.invalid(at + " is invalid", List.of(SpecError.at(at, "expected 1 to " + MAX_ORIGIN_CHARS
                        + " characters, no NUL")));
            }
            out.add(item.asText());
        }
        return out;
    }

    private static ParsedStack valid(ParsedStack parsed) {
        if (parsed.isValid()) return parsed;
        int n = parsed.errors().size();
        throw ApiException.invalid("the stack is invalid: " + n + (n == 1 ? " error" : " errors"), List.copyOf(parsed.errors()));
    }
}
