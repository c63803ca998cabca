package dev.stackd.controller.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stackd.api.model.NetworkSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;

/**
 * A network's settings as a hash, written in its {@code dev.stackd.spec-hash} label when stackd creates it (as compose
 * writes its config-hash on networks): the planner compares it, since the engine cannot change a network in place.
 * Left out: name (another name is another network) and external (never created). Defaults are left out too (null,
 * false, empty maps and lists, driver bridge), so that a field added to the model later does not change the hash of
 * every network made before, which would recreate them all on upgrade.
 */
public final class NetworkHash {
    private NetworkHash() {}

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .disable(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST)
            .build();

    public static String of(NetworkSpec network) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(canonicalJson(network).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The hashed text: keys sorted, defaults left out. */
    public static String canonicalJson(NetworkSpec network) {
        ObjectNode tree = CANONICAL.valueToTree(network);
        tree.remove("name");
        tree.remove("external");
        if ("bridge".equals(network.driver())) tree.remove("driver"); // the engine's default: saying so changes nothing
        prune(tree);
        try {
            return CANONICAL.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree always serialises", e);
        }
    }

    /** Removes null, false and empty members, deepest first; list items stay (their position is meaningful). */
    private static void prune(JsonNode node) {
        if (node instanceof ObjectNode o) {
            var names = new ArrayList<String>();
            o.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode child = o.get(name);
                prune(child);
                boolean isDefault = child.isNull() || (child.isBoolean() && !child.booleanValue())
                        || (child.isContainerNode() && child.isEmpty());
                if (isDefault) o.remove(name);
            }
        } else if (node instanceof ArrayNode a) {
            a.forEach(NetworkHash::prune);
        }
    }
}
