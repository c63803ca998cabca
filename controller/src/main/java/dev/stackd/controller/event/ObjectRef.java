package dev.stackd.controller.event;

import java.util.Locale;
import java.util.Objects;

/**
 * The object an event (or a plan's notice) is about: a kind and a name, as Kubernetes' involvedObject. Built from
 * the two, never from a string: its text ({@link #render()}, "container demo-web-1") is only written out, in
 * plans, events and the API, and never parsed back.
 */
public record ObjectRef(Kind kind, String name) {
    public enum Kind {
        STACK, SERVICE, CONTAINER, NETWORK, VOLUME, IMAGE, JOB;

        /** The lower-case word plans and events show ("container"). */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ObjectRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    public static ObjectRef stack(String name) { return new ObjectRef(Kind.STACK, name); }
    public static ObjectRef service(String name) { return new ObjectRef(Kind.SERVICE, name); }
    public static ObjectRef container(String name) { return new ObjectRef(Kind.CONTAINER, name); }
    public static ObjectRef network(String name) { return new ObjectRef(Kind.NETWORK, name); }
    public static ObjectRef volume(String name) { return new ObjectRef(Kind.VOLUME, name); }
    public static ObjectRef image(String ref) { return new ObjectRef(Kind.IMAGE, ref); }
    public static ObjectRef job(String service) { return new ObjectRef(Kind.JOB, service); }

    /** "container demo-web-1": the form plans, events and the API's {@code object} field show. */
    public String render() {
        return kind.word() + " " + name;
    }

    @Override
    public String toString() {
        return render();
    }
}
