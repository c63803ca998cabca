package dev.stackd.controller.plan;

/**
 * Something the plan decided not to do now, or a fact worth an event: waiting for a dependency, backing off,
 * an image that is missing, a name taken by a container stackd does not own.
 *
 * @param type    "Normal" or "Warning"
 * @param reason  the event reason: WaitingForDependency, BackOff, ImageMissing, Completed, NameConflict, ...
 * @param service the service it concerns, or null
 * @param target  the object, rendered as operations render theirs ("container demo-web-1")
 */
public record Notice(String type, String reason, String service, String target, String message) {
    public static Notice normal(String reason, String service, String target, String message) {
        return new Notice("Normal", reason, service, target, message);
    }

    public static Notice warning(String reason, String service, String target, String message) {
        return new Notice("Warning", reason, service, target, message);
    }

    public String render() {
        return type + " " + reason + " " + target + ": " + message;
    }
}
