package dev.stackd.controller.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stackd.api.ManifestException;
import dev.stackd.api.SpecReader;
import dev.stackd.controller.spec.ParsedStack;
import dev.stackd.controller.spec.SpecError;
import dev.stackd.controller.spec.SpecParser;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The body of {@code PUT /api/v1/stacks/{name}}: a compose file (YAML or JSON), or the envelope
 * {@code stackd apply} sends ({@code application/vnd.stackd.spec+json}: {@code {"spec": <normalised spec>,
 * "source": "<the file as written>"}}).
 *
 * @param source the text the store keeps as the stack's source
 */
record StackBody(ParsedStack stack, String source) {
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
        return new StackBody(valid(parser.compose(body, name)), body);
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
            if (!field.equals("spec") && !field.equals("source")) {
                throw ApiException.invalid("unknown field \"" + field + "\"", List.of(SpecError.at(field,
                        "unknown field \"" + field + "\": a " + SPEC_JSON + " body has spec and source")));
            }
        }
        JsonNode source = envelope.get("source");
        if (source != null && !source.isNull() && !source.isTextual()) {
            throw ApiException.invalid("source must be a string", List.of(SpecError.at("source", "expected a string")));
        }
        return new StackBody(valid(parser.specJson(spec, name)), source == null || source.isNull() ? null : source.asText());
    }

    private static ParsedStack valid(ParsedStack parsed) {
        if (parsed.isValid()) return parsed;
        int n = parsed.errors().size();
        throw ApiException.invalid("the stack is invalid: " + n + (n == 1 ? " error" : " errors"), List.copyOf(parsed.errors()));
    }
}
