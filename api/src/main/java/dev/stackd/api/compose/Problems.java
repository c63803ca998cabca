package dev.stackd.api.compose;

import dev.stackd.api.ValidationError;
import dev.stackd.api.compose.yaml.YNode;
import java.util.ArrayList;
import java.util.List;

/** Collects every validation error of one load, so that a user sees all of them at once. */
public final class Problems {
    private final List<ValidationError> errors = new ArrayList<>();

    public void add(String path, YNode at, String message) {
        errors.add(new ValidationError(path, message, at == null ? 0 : at.line(), at == null ? 0 : at.column(), at == null ? null : at.file()));
    }

    /** At a mapping key (a service's name, a key refused...). */
    public void add(String path, YNode.Entry at, String message) {
        errors.add(new ValidationError(path, message, at.line(), at.column(), at.file()));
    }

    /** In a file, at a position with no node (a YAML syntax error...); file null for a document that is not a file. */
    public void add(String path, String file, int line, int column, String message) {
        errors.add(new ValidationError(path, message, line, column, file));
    }

    public void add(String path, int line, int column, String message) {
        errors.add(new ValidationError(path, message, line, column));
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public int size() {
        return errors.size();
    }

    public List<ValidationError> list() {
        return List.copyOf(errors);
    }
}
