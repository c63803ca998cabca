package dev.stackd.controller.observe;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the store remembers of a stack's adoption, handed to the observer as restarts are: whether the last apply let
 * stackd take docker compose's objects over ({@code --adopt}), and the objects it took.
 */
public record Adoptions(boolean permitted, List<AdoptedObject> objects) {
    public static final Adoptions NONE = new Adoptions(false, List.of());

    public Adoptions {
        objects = List.copyOf(objects);
    }

    /** The adopted objects of a kind, by ID (a volume's: its name). */
    public Map<String, AdoptedObject> of(AdoptedObject.Kind kind) {
        return objects.stream().filter(o -> o.kind() == kind)
                .collect(Collectors.toMap(AdoptedObject::id, Function.identity(), (a, b) -> a));
    }

    public Adoptions permitting(boolean permitted) {
        return new Adoptions(permitted, objects);
    }
}
