package dev.stackd.api.compose;

import dev.stackd.api.ManifestException;
import dev.stackd.api.ValidationError;
import dev.stackd.api.model.StackSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * A loaded project: the stack (or every error), the files it was read from, and the profiles it was loaded with.
 *
 * @param files    every file read, absolute: the project's files in merge order, then the files they include or
 *                 extend, in the order they were read
 * @param profiles the profiles enabled, as requested ("*" included), without duplicates
 * @param named    every profile a service of the project names, enabled or not, sorted ({@code config --profiles})
 * @param warnings what compose would warn about and stackd ignores too (an obsolete {@code version:})
 */
public record ProjectResult(StackSpec stack, List<ValidationError> errors, List<Path> files, List<String> profiles,
                            List<String> named, List<String> warnings) {

    public ProjectResult {
        errors = List.copyOf(errors);
        files = List.copyOf(files);
        profiles = List.copyOf(profiles);
        named = List.copyOf(named);
        warnings = List.copyOf(warnings);
        if ((stack == null) == errors.isEmpty()) throw new IllegalArgumentException("a project result is a stack or errors");
    }

    public ProjectResult(StackSpec stack, List<ValidationError> errors, List<Path> files, List<String> profiles) {
        this(stack, errors, files, profiles, List.of(), List.of());
    }

    public boolean isValid() {
        return stack != null;
    }

    public LoadResult toLoadResult() {
        return new LoadResult(stack, errors);
    }

    /** The stack, or a ManifestException carrying every error. */
    public StackSpec orThrow() {
        if (stack == null) throw new ManifestException(errors);
        return stack;
    }
}
