package dev.stackd.controller.http;

import java.util.regex.Pattern;

/** Stack names as compose allows project names: lowercase letters, digits, '-' and '_', starting alphanumeric. */
final class StackNames {
    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    private StackNames() {
    }

    /** Why the name is refused, or null when it is valid. */
    static String problem(String name) {
        if (name == null || name.isEmpty()) return "a stack needs a name";
        if (VALID.matcher(name).matches()) return null;
        return "invalid stack name '" + name + "': use at most 63 lowercase letters, digits, '-' and '_',"
                + " starting with a letter or digit";
    }
}
