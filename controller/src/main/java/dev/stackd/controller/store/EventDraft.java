package dev.stackd.controller.store;

import java.util.Objects;

/**
 * An event about to be recorded: what happened to which object of which stack.
 *
 * @param type    "Normal" or "Warning"
 * @param reason  a short CamelCase cause: Created, Started, BackOff, ImageMissing, ...
 * @param service the service it concerns, or null for a stack-wide event
 * @param object  the object, as operations render it ("container demo-web-1")
 */
public record EventDraft(String type, String reason, String stack, String service, String object, String message) {
    public static final String NORMAL = "Normal";
    public static final String WARNING = "Warning";

    public EventDraft {
        Objects.requireNonNull(type, "type");
        if (!type.equals(NORMAL) && !type.equals(WARNING)) {
            throw new IllegalArgumentException("event type must be Normal or Warning, not " + type);
        }
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(message, "message");
    }

    public static EventDraft normal(String stack, String service, String object, String reason, String message) {
        return new EventDraft(NORMAL, reason, stack, service, object, message);
    }

    public static EventDraft warning(String stack, String service, String object, String reason, String message) {
        return new EventDraft(WARNING, reason, stack, service, object, message);
    }
}
