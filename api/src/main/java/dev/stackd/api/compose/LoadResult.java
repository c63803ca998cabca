package dev.stackd.api.compose;

import dev.stackd.api.ManifestException;
import dev.stackd.api.ValidationError;
import dev.stackd.api.model.StackSpec;
import java.util.List;

/** Either a valid stack (errors empty) or every error found (stack null). */
public record LoadResult(StackSpec stack, List<ValidationError> errors) {

    public LoadResult {
        errors = List.copyOf(errors);
        if ((stack == null) == errors.isEmpty()) throw new IllegalArgumentException("a load result is a stack or errors");
    }

    public static LoadResult valid(StackSpec stack) {
        return new LoadResult(stack, List.of());
    }

    public static LoadResult invalid(List<ValidationError> errors) {
        return new LoadResult(null, errors);
    }

    public boolean isValid() {
        return stack != null;
    }

    /** The stack, or a ManifestException carrying every error. */
    public StackSpec orThrow() {
        if (stack == null) throw new ManifestException(errors);
        return stack;
    }
}
