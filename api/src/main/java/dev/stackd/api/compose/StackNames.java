package dev.stackd.api.compose;

import java.util.Locale;

/** Compose's project name normalisation: lowercase, only [a-z0-9_-], starting with a letter or digit. */
public final class StackNames {
    private StackNames() {}

    /** The normalised name; empty when nothing usable is left. */
    public static String normalise(String raw) {
        String lower = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "");
        int start = 0;
        while (start < lower.length() && !Character.isLetterOrDigit(lower.charAt(start))) start++;
        return lower.substring(start);
    }
}
