package dev.stackd.api.compose;

import dev.stackd.api.compose.yaml.YamlTree;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Compose's project names: how one is normalised, and which source gives it. */
public final class StackNames {
    /** The variable that names the project, and that interpolation sees as the chosen name. */
    public static final String COMPOSE_PROJECT_NAME = "COMPOSE_PROJECT_NAME";

    private StackNames() {}

    /** The normalised name (lowercase, only [a-z0-9_-], starting with a letter or digit); empty when nothing is left. */
    public static String normalise(String raw) {
        String lower = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "");
        int start = 0;
        while (start < lower.length() && !Character.isLetterOrDigit(lower.charAt(start))) start++;
        return lower.substring(start);
    }

    /**
     * The stack name, chosen as compose chooses a project name (compose-go {@code cli/options.go}
     * withNamePrecedenceLoad and {@code loader/loader.go} projectName): the given name ({@code --name}), else a
     * non-empty {@code COMPOSE_PROJECT_NAME} (the caller's environment, else .env), both of which must already be
     * valid names; else the top-level {@code name:} interpolated (without COMPOSE_PROJECT_NAME, which is not chosen
     * yet) and normalised; else the working folder's name, normalised. Null after recording why there is none.
     *
     * @param given     the name given by the caller (empty string: none)
     * @param callerEnv the caller's environment alone, to say where COMPOSE_PROJECT_NAME came from
     * @param env       the caller's environment and .env (the caller's wins)
     * @param nameField the document's {@code name:} as written
     */
    static String choose(Optional<String> given, Map<String, String> callerEnv, Map<String, String> env,
                         Optional<YamlTree.RawScalar> nameField, Path workingDir, Problems problems) {
        if (nameField.isPresent() && !nameField.get().string()) {
            YamlTree.RawScalar n = nameField.get();
            problems.add("name", n.line(), n.column(), "name must be a string, got " + n.text() + " (quote it)");
            return null;
        }
        Optional<String> name = given.filter(s -> !s.isEmpty());
        if (name.isPresent()) return imperative(name.get(), "given with --name", problems);
        String fromEnv = env.get(COMPOSE_PROJECT_NAME);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return imperative(fromEnv, "set by " + COMPOSE_PROJECT_NAME + (callerEnv.containsKey(COMPOSE_PROJECT_NAME) ? "" : " in .env"), problems);
        }
        if (nameField.isPresent() && !nameField.get().text().isEmpty()) {
            YamlTree.RawScalar n = nameField.get();
            String interpolated;
            try {
                interpolated = new Interpolator(env).interpolate(n.text());
            } catch (Interpolator.InterpolationException e) {
                // the document's own interpolation reports it at name:, with the same variables
                return null;
            }
            String normalised = normalise(interpolated);
            if (normalised.isEmpty()) {
                problems.add("name", n.line(), n.column(), "cannot make a stack name from name: \"" + interpolated
                        + "\": a name needs lowercase letters, digits, '_' or '-' and starts with a letter or digit");
                return null;
            }
            return normalised;
        }
        Path folder = workingDir == null ? null : workingDir.getFileName();
        String raw = folder == null ? "" : folder.toString();
        String normalised = normalise(raw);
        if (normalised.isEmpty()) {
            problems.add("", 0, 0, "cannot make a stack name from the folder name \"" + raw + "\": give one with name:, "
                    + COMPOSE_PROJECT_NAME + " or --name (lowercase letters, digits, '_' or '-', starting with a letter or digit)");
            return null;
        }
        return normalised;
    }

    /** A name the user chose outright must already be valid: compose refuses, rather than changes, it. */
    private static String imperative(String name, String how, Problems problems) {
        if (name.equals(normalise(name))) return name;
        problems.add("", 0, 0, "invalid project name \"" + name + "\" (" + how + "): must consist only of lowercase alphanumeric"
                + " characters, hyphens, and underscores as well as start with a letter or number");
        return null;
    }
}
