package dev.stackd.controller.observe;

import dev.stackd.controller.event.ObjectRef;
import java.util.Objects;

/**
 * An object docker compose made that stackd took over (`apply --adopt`). Its labels stay compose's (the engine cannot
 * change a container's labels), so stackd remembers it in its store and the {@link Observer} reports it with
 * stackd's ownership labels added: from then on it is the stack's like any container stackd created.
 *
 * @param id          the container's or network's ID; a volume's name (volumes have no ID)
 * @param name        its engine name when adopted (for events and messages)
 * @param service     the service a container was adopted for (null: not in the spec then, or not a container)
 * @param replica     the replica a container stands for (its compose container-number); 0 otherwise
 * @param specHash    the service's hash when the container matched the spec field by field; null when it did not
 * @param differences what differed from the spec ("command [a] -> [b]"), empty when it matched: the recreate's cause
 */
public record AdoptedObject(Kind kind, String id, String name, String service, int replica, String specHash,
                            String differences) {
    public enum Kind { CONTAINER, NETWORK, VOLUME;
        public String word() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    public AdoptedObject {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        differences = differences == null ? "" : differences;
    }

    /** The object, as plans and events name it. */
    public ObjectRef ref() {
        return new ObjectRef(switch (kind) {
            case CONTAINER -> ObjectRef.Kind.CONTAINER;
            case NETWORK -> ObjectRef.Kind.NETWORK;
            case VOLUME -> ObjectRef.Kind.VOLUME;
        }, name);
    }

    public static AdoptedObject network(String id, String name) {
        return new AdoptedObject(Kind.NETWORK, id, name, null, 0, null, "");
    }

    public static AdoptedObject volume(String name) {
        return new AdoptedObject(Kind.VOLUME, name, name, null, 0, null, "");
    }
}
