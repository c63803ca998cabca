package dev.stackd.api;

import java.util.List;

/** A manifest that cannot be loaded; carries every problem found, not only the first. */
public final class ManifestException extends RuntimeException {
    private final transient List<ValidationError> errors;

    public ManifestException(List<ValidationError> errors) {
        super(describe(errors));
        this.errors = List.copyOf(errors);
    }

    public List<ValidationError> errors() {
        return errors;
    }

    private static String describe(List<ValidationError> errors) {
        var sb = new StringBuilder("invalid manifest (" + errors.size() + " error" + (errors.size() == 1 ? "" : "s") + ")");
        for (ValidationError e : errors) sb.append("\n  ").append(e);
        return sb.toString();
    }
}
