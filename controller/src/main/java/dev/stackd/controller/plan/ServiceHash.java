package dev.stackd.controller.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.stackd.api.model.ServiceSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The drift detector, as compose's hash.go: SHA-256 of the service's canonical JSON, without the fields that
 * must not force a recreate: replicas (scaling adds or removes containers), depends_on (ordering only),
 * stackd (the x-stackd block steers stackd, not the container), envFiles (their content is in environment), and
 * update_config and rollback_config (they say how replicas are replaced, not what they run).
 */
public final class ServiceHash {
    private ServiceHash() {}

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .disable(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .build();

    public static String of(ServiceSpec service) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(canonicalJson(service).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The hashed text: keys sorted at every level, nulls left out, durations as ISO-8601. */
    public static String canonicalJson(ServiceSpec service) {
        ObjectNode tree = CANONICAL.valueToTree(service);
        tree.remove("replicas");
        tree.remove("dependsOn");
        tree.remove("stackd");
        tree.remove("envFiles");
        tree.remove("updateConfig");
        tree.remove("rollbackConfig");
        try {
            return CANONICAL.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree always serialises", e);
        }
    }
}
