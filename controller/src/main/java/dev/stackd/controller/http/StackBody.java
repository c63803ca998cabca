package dev.stackd.controller.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stackd.controller.spec.ParsedStack;
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
            envelope = Json.read(body);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("the body is not JSON: " + e.getMessage());
        }
        JsonNode spec = envelope.get("spec");
        if (spec == null || !spec.isObject()) throw ApiException.badRequest("a " + SPEC_JSON + " body needs a \"spec\" object");
        String source = envelope.hasNonNull("source") ? envelope.get("source").asText() : null;
        return new StackBody(valid(parser.specJson(spec.toString(), name)), source);
    }

    private static ParsedStack valid(ParsedStack parsed) {
        if (parsed.isValid()) return parsed;
        int n = parsed.errors().size();
        throw ApiException.invalid("the stack is invalid: " + n + (n == 1 ? " error" : " errors"), List.copyOf(parsed.errors()));
    }
}
