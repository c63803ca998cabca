package dev.stackd.controller.spec;

import dev.stackd.api.model.StackSpec;
import java.util.List;

/**
 * A parsed stack: either valid (spec and its canonical JSON, no errors) or every error found.
 *
 * @param canonicalJson the spec in the canonical form the store keeps
 */
public record ParsedStack(StackSpec spec, String canonicalJson, List<SpecError> errors) {

    public ParsedStack {
        errors = List.copyOf(errors);
        if ((spec == null) == errors.isEmpty()) throw new IllegalArgumentException("a parsed stack is a spec or errors");
    }

    public static ParsedStack valid(StackSpec spec, String canonicalJson) {
        return new ParsedStack(spec, canonicalJson, List.of());
    }

    public static ParsedStack invalid(List<SpecError> errors) {
        return new ParsedStack(null, null, errors);
    }

    public boolean isValid() {
        return spec != null;
    }
}
