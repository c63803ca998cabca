package dev.stackd.controller.event;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * An event about to be recorded: what happened to which object of which stack; the one shape every event takes on
 * its way to the store (the planner's notices, the executor's operations and the reconciler's own events). A
 * message longer than {@link #MAX_MESSAGE_BYTES} (an engine's error can quote a whole build log) is cut there with
 * a marker: every watcher holds each event until it takes it, and the store keeps thousands.
 *
 * @param reason  a short CamelCase cause, one of {@link Reasons}
 * @param service the service it concerns, or null for a stack-wide event
 * @param object  the object it is about
 */
public record EventDraft(EventType type, String reason, String stack, String service, ObjectRef object, String message) {
    /** The most a message may take, in UTF-8 bytes, marker included. */
    public static final int MAX_MESSAGE_BYTES = 4096;

    public EventDraft {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(message, "message");
        message = capped(message);
    }

    private static String capped(String message) {
        // a char is at most 3 bytes (a surrogate pair 4 for 2 chars): shorter messages need no counting
        if (message.length() * 3 <= MAX_MESSAGE_BYTES) return message;
        byte[] utf8 = message.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= MAX_MESSAGE_BYTES) return message;
        String marker = "... (truncated: " + utf8.length + " bytes)";
        int keep = MAX_MESSAGE_BYTES - marker.length(); // the marker is ASCII
        while (keep > 0 && (utf8[keep] & 0xC0) == 0x80) keep--; // back to the start of a character
        return new String(utf8, 0, keep, StandardCharsets.UTF_8) + marker;
    }

    public static EventDraft normal(String stack, String service, ObjectRef object, String reason, String message) {
        return new EventDraft(EventType.Normal, reason, stack, service, object, message);
    }

    public static EventDraft warning(String stack, String service, ObjectRef object, String reason, String message) {
        return new EventDraft(EventType.Warning, reason, stack, service, object, message);
    }
}
