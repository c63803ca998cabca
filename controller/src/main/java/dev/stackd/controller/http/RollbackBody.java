package dev.stackd.controller.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stackd.controller.spec.SpecError;
import java.util.Iterator;
import java.util.List;

/** The body of {@code POST /stacks/{name}/rollback}: none, {@code {}}, or {@code {"toGeneration": N}}. */
final class RollbackBody {
    private RollbackBody() {
    }

    /** The generation asked for, null for the default; 422 naming the field of a body that is not that. */
    static Long toGeneration(String body) {
        if (body == null || body.isBlank()) return null;
        JsonNode json;
        try {
            json = Json.read(body);
        } catch (IllegalArgumentException e) {
            throw invalid("", "the body is not JSON: " + e.getMessage());
        }
        if (!json.isObject()) throw invalid("", "the body must be a JSON object, like {\"toGeneration\": 3}");
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("toGeneration")) throw invalid(name, "unknown field " + name + ": expected toGeneration");
        }
        JsonNode to = json.get("toGeneration");
        if (to == null || to.isNull()) return null;
        if (!to.isIntegralNumber() || !to.canConvertToLong() || to.asLong() < 1) {
            throw invalid("toGeneration", "toGeneration must be a generation, a whole number from 1, not " + to);
        }
        return to.asLong();
    }

    private static ApiException invalid(String path, String message) {
        return ApiException.invalid("invalid rollback request: " + message, List.of(SpecError.at(path, message)));
    }
}
