package dev.stackd.controller.plan;

import dev.stackd.controller.event.EventDraft;
import dev.stackd.controller.event.EventType;
import dev.stackd.controller.event.ObjectRef;

/**
 * Something the plan decided not to do now, or a fact worth an event: waiting for a dependency, backing off,
 * an image that is missing, a name taken by a container stackd does not own.
 *
 * @param reason  the event reason, one of {@link dev.stackd.controller.event.Reasons}: WaitingForDependency, BackOff, ...
 * @param service the service it concerns, or null
 * @param object  the object it concerns
 */
public record Notice(EventType type, String reason, String service, ObjectRef object, String message) {
    public static Notice normal(String reason, String service, ObjectRef object, String message) {
        return new Notice(EventType.Normal, reason, service, object, message);
    }

    public static Notice warning(String reason, String service, ObjectRef object, String message) {
        return new Notice(EventType.Warning, reason, service, object, message);
    }

    /** The event this notice is, for the stack it was planned for. */
    public EventDraft event(String stack) {
        return new EventDraft(type, reason, stack, service, object, message);
    }

    public String render() {
        return type + " " + reason + " " + object.render() + ": " + message;
    }
}
