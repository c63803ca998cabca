package dev.stackd.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.stackd.api.model.ServiceSpec;
import dev.stackd.api.model.StackSpec;
import java.io.UncheckedIOException;

/**
 * The canonical JSON form of the model: keys sorted, durations as ISO-8601 strings ("PT10S"), null properties
 * omitted. The controller stores specs in this form and hashes services from it, so the same spec always gives
 * the same bytes, and {@code stackFromJson(toCanonicalJson(spec)).equals(spec)}.
 */
public final class Manifests {
    private Manifests() {}

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.READ_DATE_TIMESTAMPS_AS_NANOSECONDS)
            // a stored spec written by a newer stackd should still be readable
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // null properties are omitted, but a null inside a map is meaningful (environment: "unset")
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.ALWAYS))
            .build();

    /** Compact canonical JSON of any model value (a StackSpec, a ServiceSpec...). */
    public static String toCanonicalJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same content as {@link #toCanonicalJson}, indented for people and golden files. */
    public static String toPrettyJson(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static StackSpec stackFromJson(String json) {
        return fromJson(json, StackSpec.class);
    }

    public static ServiceSpec serviceFromJson(String json) {
        return fromJson(json, ServiceSpec.class);
    }

    private static <T> T fromJson(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a canonical " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
