package dev.stackd.controller.exec;

import dev.stackd.controller.observe.AdoptedObject;

/** Where the executor records what a stack adopted from docker compose: the store (the observer reads it back). */
@FunctionalInterface
public interface AdoptionLog {
    /** Without a store: an adoption fails (and so does its service's step), nothing is taken over silently. */
    AdoptionLog NONE = (stack, object) -> {
        throw new IllegalStateException("no store to record the adoption of " + object.kind().word() + " " + object.name());
    };

    void adopted(String stack, AdoptedObject object);
}
