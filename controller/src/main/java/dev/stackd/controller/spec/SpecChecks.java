package dev.stackd.controller.spec;

import dev.stackd.api.model.StackSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * What a sent spec must say about itself before the compose validation ({@link
 * dev.stackd.api.compose.SpecValidator}) looks at its content: it is for this stack, and it has services.
 */
final class SpecChecks {
    private SpecChecks() {
    }

    static List<SpecError> check(StackSpec spec, String expectedName) {
        List<SpecError> errors = new ArrayList<>();
        if (spec.name() == null || spec.name().isEmpty()) errors.add(SpecError.at("name", "the spec has no name"));
        else if (expectedName != null && !expectedName.equals(spec.name())) {
            errors.add(SpecError.at("name", "the spec is for stack " + spec.name() + ", not " + expectedName));
        }
        if (spec.services().isEmpty()) errors.add(SpecError.at("services", "a stack needs at least one service"));
        return errors;
    }
}
