package dev.stackd.controller.http;

import dev.stackd.controller.spec.SpecError;
import java.util.List;

/** A request the API refuses, with the status and the body {@code {"error": message, "details": [...]}}. */
final class ApiException extends RuntimeException {
    private final int status;
    private final List<SpecError> details;

    ApiException(int status, String message, List<SpecError> details) {
        super(message, null, false, false);
        this.status = status;
        this.details = List.copyOf(details);
    }

    ApiException(int status, String message) {
        this(status, message, List.of());
    }

    static ApiException notFound(String what) {
        return new ApiException(404, what + " not found");
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    static ApiException invalid(String message, List<SpecError> details) {
        return new ApiException(422, message, details);
    }

    int status() {
        return status;
    }

    List<SpecError> details() {
        return details;
    }
}
