package dev.stackd.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.stackd.api.model.StackSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON a client sent (the body of a {@code application/vnd.stackd.spec+json} request and the spec in it)
 * strictly: an unknown field, a duplicate key, a null where a value is required, a fraction or a string where a
 * number is expected are errors, each with its path and, for text, its line:column, in words for people (no
 * library or class names). Stored specs are read leniently by {@link Manifests}; this is for what comes in.
 */
public final class SpecReader {
    /** Deepest accepted nesting; a spec needs about 8 levels. */
    public static final int MAX_DEPTH = 64;
    /** Longest accepted number, in digits. */
    public static final int MAX_NUMBER_DIGITS = 64;

    private SpecReader() {}

    private static final ObjectMapper STRICT = JsonMapper.builder(new com.fasterxml.jackson.core.JsonFactoryBuilder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH).maxNumberLength(MAX_NUMBER_DIGITS).maxStringLength(1024 * 1024).build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                    .build())
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(DeserializationFeature.READ_DATE_TIMESTAMPS_AS_NANOSECONDS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    /** A JSON text as a tree; a {@link ManifestException} with the line:column of the first problem. */
    public static JsonNode tree(String json) {
        JsonParser parser = null;
        try {
            parser = STRICT.createParser(json);
            JsonNode node = STRICT.readTree(parser);
            if (node == null || node.isMissingNode()) throw invalid("", 1, 1, "the body is empty: expected a JSON object");
            return node;
        } catch (JsonProcessingException e) {
            ValidationError error = error(e, true);
            // a limit of the parser is reported without a position: the parser knows where it stopped
            if (error.line() == 0 && parser != null) {
                JsonLocation at = parser.currentLocation();
                error = new ValidationError(error.path(), error.message(), Math.max(at.getLineNr(), 0), Math.max(at.getColumnNr(), 0));
            }
            throw new ManifestException(List.of(error));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A spec from its JSON tree. Nulls inside lists are refused first (a list of the model never holds one), then
     * the tree is bound to the model with every unknown field and type mismatch refused at its path.
     */
    public static StackSpec stack(JsonNode spec) {
        List<ValidationError> errors = new ArrayList<>();
        nullsInLists(spec, "", errors);
        if (!errors.isEmpty()) throw new ManifestException(errors);
        try {
            return STRICT.treeToValue(spec, StackSpec.class);
        } catch (MismatchedInputException e) {
            // the tree shows what was there: missing, null, or a value of another kind
            ValidationError error = error(e, false);
            JsonNode found = at(spec, e.getPath());
            String message = e instanceof UnrecognizedPropertyException ? error.message()
                    : found.isMissingNode() ? "a value is required here"
                    : found.isNull() ? "a value is required here, got null"
                    : e instanceof InvalidFormatException ? error.message()
                    : "expected " + expected(e.getTargetType()) + ", got " + shown(found);
            throw new ManifestException(List.of(new ValidationError(error.path(), message, 0, 0)));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new ManifestException(List.of(error(e, false)));
        }
    }

    private static JsonNode at(JsonNode root, List<JsonMappingException.Reference> refs) {
        JsonNode n = root;
        for (var r : refs) n = r.getIndex() >= 0 ? n.path(r.getIndex()) : r.getFieldName() == null ? n : n.path(r.getFieldName());
        return n;
    }

    private static void nullsInLists(JsonNode n, String path, List<ValidationError> errors) {
        if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                String at = path + "[" + i + "]";
                if (n.get(i).isNull()) errors.add(new ValidationError(at, "null is not allowed in a list", 0, 0));
                else nullsInLists(n.get(i), at, errors);
            }
        } else if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                var field = it.next();
                nullsInLists(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey(), errors);
            }
        }
    }

    private static ManifestException invalid(String path, int line, int column, String message) {
        return new ManifestException(List.of(new ValidationError(path, message, line, column)));
    }

    /**
     * A reading failure as one error for people: where (path; line:column when reading text, a tree being bound
     * has none) and what, without library internals.
     */
    private static ValidationError error(Throwable t, boolean text) {
        JsonLocation at = text && t instanceof JsonProcessingException p ? p.getLocation() : null;
        int line = at == null || at.getLineNr() < 0 ? 0 : at.getLineNr();
        int column = at == null || at.getColumnNr() < 0 ? 0 : at.getColumnNr();
        String path = t instanceof JsonMappingException m ? path(m.getPath()) : "";
        return new ValidationError(path, message(t), line, column);
    }

    private static String message(Throwable t) {
        // a number too large for its field reaches here wrapped, with the field's path
        if (t instanceof JsonMappingException && t.getCause() instanceof InputCoercionException e) return message(e);
        return switch (t) {
            case StreamConstraintsException e -> limit(e);
            case UnrecognizedPropertyException e -> "unknown field \"" + e.getPropertyName() + "\""
                    + (e.getKnownPropertyIds() == null || e.getKnownPropertyIds().isEmpty() ? ""
                    : ": expected one of " + known(e.getKnownPropertyIds()));
            case InvalidFormatException e -> "expected " + expected(e.getTargetType()) + ", got " + shown(e.getValue());
            case ValueInstantiationException e -> "invalid " + what(e.getType() == null ? null : e.getType().getRawClass());
            case MismatchedInputException e -> mismatch(e);
            case InputCoercionException e -> "the number is out of range for " + expected(e.getTargetType());
            case JsonProcessingException e -> "invalid JSON: " + plain(e.getOriginalMessage());
            default -> "invalid value";
        };
    }

    private static String mismatch(MismatchedInputException e) {
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (original.contains("null")) return "a value is required here, got null";
        if (original.contains("out of range")) return "the number is out of range for " + expected(e.getTargetType());
        if (original.contains("trailing token")) return "unexpected content after the JSON value";
        return "expected " + expected(e.getTargetType());
    }

    private static String limit(StreamConstraintsException e) {
        String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().toLowerCase(java.util.Locale.ROOT);
        if (m.contains("nesting")) return "the document is nested deeper than " + MAX_DEPTH + " levels: refused";
        if (m.contains("number")) return "a number longer than " + MAX_NUMBER_DIGITS + " digits: refused";
        if (m.contains("string")) return "a string longer than 1 MiB: refused";
        return "the document is too large: refused";
    }

    /** Jackson's parse messages are about JSON itself; only their appended source reference is dropped. */
    private static String plain(String message) {
        if (message == null) return "";
        int cut = message.indexOf("\n at [Source");
        return (cut >= 0 ? message.substring(0, cut) : message).strip();
    }

    static String expected(Class<?> type) {
        if (type == null) return "another kind of value";
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) return "a whole number";
        if (type == boolean.class || type == Boolean.class) return "true or false";
        if (type == String.class) return "a string";
        if (type == Duration.class) return "a duration like \"PT10S\"";
        if (Collection.class.isAssignableFrom(type) || type.isArray()) return "a list";
        return "an object";
    }

    private static String what(Class<?> type) {
        return type == null ? "value" : "value (" + expected(type).replaceFirst("^an? ", "") + ")";
    }

    private static String shown(JsonNode n) {
        if (n.isObject()) return "an object";
        if (n.isArray()) return "a list";
        return n.isTextual() ? shown(n.asText()) : n.toString();
    }

    private static String shown(Object value) {
        String s = String.valueOf(value);
        return "\"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
    }

    private static String known(Collection<Object> ids) {
        return String.join(", ", ids.stream().map(String::valueOf).sorted().toList());
    }

    private static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (var r : refs) {
            if (r.getIndex() >= 0) sb.append('[').append(r.getIndex()).append(']');
            else if (r.getFieldName() != null) sb.append(sb.isEmpty() ? "" : ".").append(r.getFieldName());
        }
        return sb.toString();
    }
}
