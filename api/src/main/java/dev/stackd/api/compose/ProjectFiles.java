package dev.stackd.api.compose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which files make the project, as docker compose chooses them (compose-go {@code cli/options.go}): the {@code -f}
 * files in order; else {@code COMPOSE_FILE} (split by {@code COMPOSE_PATH_SEPARATOR}, default {@code :}); else the
 * first of {@link #DEFAULT_NAMES} in the project directory (or the current folder), then in each parent folder,
 * with the first of {@link #OVERRIDE_NAMES} beside it. {@code COMPOSE_FILE}, {@code COMPOSE_PATH_SEPARATOR} and
 * {@code COMPOSE_PROFILES} may also come from the {@code .env} file of the folder the search starts in, as in
 * docker compose; the process environment wins.
 */
public final class ProjectFiles {
    /** compose-go's DefaultFileNames, in order of preference. */
    public static final List<String> DEFAULT_NAMES = List.of("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml");
    /** compose-go's DefaultOverrideFileNames, in order of preference. */
    public static final List<String> OVERRIDE_NAMES = List.of("compose.override.yml", "compose.override.yaml",
            "docker-compose.override.yml", "docker-compose.override.yaml");
    /** More files than anyone merges by hand: the bound keeps the work of a load proportional to what it reads. */
    public static final int MAX_FILES = 64;

    private ProjectFiles() {}

    /**
     * What the command line asks for, resolved.
     *
     * @param request  the project to load, or null when {@code errors} says why there is none
     * @param warnings what the user should know (several default files in one folder: the first is used)
     */
    public record Selection(ProjectRequest request, List<String> warnings, List<String> errors) {
        public Selection {
            warnings = List.copyOf(warnings);
            errors = List.copyOf(errors);
        }
    }

    /**
     * The project the command line names.
     *
     * @param files            the {@code -f} files, as given (relative to {@code cwd}); empty: COMPOSE_FILE or the
     *                         default names
     * @param projectDirectory {@code --project-directory}, or null: the first file's folder
     * @param profiles         the {@code --profile} values; empty: COMPOSE_PROFILES (comma-separated)
     * @param name             {@code --name}, or null
     * @param env              the caller's environment (interpolation, COMPOSE_*)
     * @param cwd              the folder relative paths on the command line start from
     */
    public static Selection select(List<Path> files, Path projectDirectory, List<String> profiles, String name,
                                   Map<String, String> env, Path cwd) {
        List<String> warnings = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        Path base = cwd.toAbsolutePath().normalize();
        Path projectDir = projectDirectory == null ? null : base.resolve(projectDirectory).normalize();
        Map<String, String> compose = composeVariables(env, projectDir != null ? projectDir : base);
        List<Path> chosen = new ArrayList<>();
        if (!files.isEmpty()) {
            for (Path f : files) chosen.add(base.resolve(f).normalize());
        } else if (compose.containsKey("COMPOSE_FILE")) {
            String separator = compose.getOrDefault("COMPOSE_PATH_SEPARATOR", "");
            if (separator.isEmpty()) separator = ":";
            for (String f : compose.get("COMPOSE_FILE").split(java.util.regex.Pattern.quote(separator))) {
                if (f.isBlank()) continue;
                try {
                    chosen.add(base.resolve(f).normalize());
                } catch (InvalidPathException e) {
                    errors.add("COMPOSE_FILE: invalid path \"" + f + "\"");
                }
            }
            if (chosen.isEmpty() && errors.isEmpty()) errors.add("COMPOSE_FILE is set but names no file");
        } else {
            discover(projectDir != null ? projectDir : base, chosen, warnings);
            if (chosen.isEmpty()) {
                errors.add("no compose file found in " + (projectDir != null ? projectDir : base) + " or its parents (looked for "
                        + String.join(", ", DEFAULT_NAMES) + "): name one with -f FILE");
            }
        }
        if (chosen.size() > MAX_FILES) errors.add(chosen.size() + " compose files: at most " + MAX_FILES + " are merged");
        for (Path f : chosen) {
            if (!Files.isRegularFile(f)) errors.add(f + ": no such file");
        }
        if (!errors.isEmpty()) return new Selection(null, warnings, errors);
        List<String> enabled = profiles;
        if (enabled.isEmpty() && compose.containsKey("COMPOSE_PROFILES")) {
            enabled = Arrays.stream(compose.get("COMPOSE_PROFILES").split(",")).map(String::strip).filter(p -> !p.isEmpty()).toList();
        }
        ProjectRequest request = ProjectRequest.of(chosen).withProjectDirectory(projectDir).withName(name)
                .withEnvironment(env).withProfiles(enabled);
        return new Selection(request, warnings, errors);
    }

    /** compose-go's WithDefaultConfigPath: the first folder, from {@code dir} up, that has one of the default names. */
    private static void discover(Path dir, List<Path> chosen, List<String> warnings) {
        for (Path folder = dir; folder != null; folder = folder.getParent()) {
            List<Path> candidates = existing(folder, DEFAULT_NAMES);
            if (candidates.isEmpty()) continue;
            if (candidates.size() > 1) warnings.add("found several compose files: " + names(candidates) + "; using " + candidates.getFirst());
            chosen.add(candidates.getFirst());
            List<Path> overrides = existing(folder, OVERRIDE_NAMES);
            if (overrides.size() > 1) warnings.add("found several override files: " + names(overrides) + "; using " + overrides.getFirst());
            if (!overrides.isEmpty()) chosen.add(overrides.getFirst());
            return;
        }
    }

    private static List<Path> existing(Path folder, List<String> names) {
        List<Path> out = new ArrayList<>();
        for (String n : names) {
            Path f = folder.resolve(n);
            if (Files.exists(f)) out.add(f);
        }
        return out;
    }

    private static String names(List<Path> files) {
        return String.join(", ", files.stream().map(Path::toString).toList());
    }

    /** COMPOSE_FILE, COMPOSE_PATH_SEPARATOR, COMPOSE_PROFILES: the environment's, else the .env file's of {@code dir}. */
    private static Map<String, String> composeVariables(Map<String, String> env, Path dir) {
        Map<String, String> out = new HashMap<>();
        Map<String, String> dotEnv = Map.of();
        Path file = dir.resolve(".env");
        try {
            if (Files.isRegularFile(file) && Files.size(file) <= HostFiles.MAX_FILE_BYTES) dotEnv = DotEnv.parse(Files.readString(file), env::get);
        } catch (IOException | RuntimeException | DotEnv.DotEnvException e) {
            // the loader reads .env again and reports what is wrong with it, at its place
        }
        for (String key : List.of("COMPOSE_FILE", "COMPOSE_PATH_SEPARATOR", "COMPOSE_PROFILES")) {
            String value = env.containsKey(key) ? env.get(key) : dotEnv.get(key);
            if (value != null) out.put(key, value);
        }
        return out;
    }
}
