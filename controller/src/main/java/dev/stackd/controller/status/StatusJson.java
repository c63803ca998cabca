package dev.stackd.controller.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * A {@link StackStatus} as the store keeps it and the API shows it, and back: Jackson writes the record and reads
 * it back, so no reader walks the JSON by key. Reading is lenient where the document is older or newer than this
 * stackd (the records say so): a field it does not know is ignored, a missing one is null (or 0, or empty), an
 * unknown condition status is Unknown.
 */
public final class StatusJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private StatusJson() {}

    public static String write(StackStatus status) {
        try {
            return MAPPER.writeValueAsString(status);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws IllegalArgumentException when the text is not a status */
    public static StackStatus read(String json) {
        try {
            return MAPPER.readValue(json, StackStatus.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a stack status: " + e.getOriginalMessage(), e);
        }
    }

    /** The API's {@code status} field; null when it is null or absent. */
    public static StackStatus read(JsonNode json) {
        if (json == null || json.isNull() || json.isMissingNode()) return null;
        try {
            return MAPPER.treeToValue(json, StackStatus.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a stack status: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * A stored status, when there is one that reads. One that does not (only a damaged store holds one) counts as
     * none: the next reconcile writes it anew, and until then the stack shows as not yet reconciled.
     */
    public static Optional<StackStatus> stored(String json) {
        if (json == null || json.isBlank()) return Optional.empty();
        try {
            return Optional.of(read(json));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
