package dev.stackd.api.compose;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A compose project to load: its files, merged in order (the first one's {@link LoadRequest} says where relative
 * paths and .env are taken from, the stack name and the environment), and the profiles to enable.
 * <p>
 * Built by {@link #of} from files the caller already has, or by {@link ProjectFiles#select} from the command line
 * ({@code -f}, {@code COMPOSE_FILE}, or the default names in the folder and its parents).
 *
 * @param main      the first file (or text): its folder is the project directory unless the request names another
 * @param overrides the other files, merged over the first in order; local files only
 * @param profiles  the profiles enabled: a service with profiles is in the stack only when one of them is here
 *                  ("*" enables all); a service without profiles always is
 */
public record ProjectRequest(LoadRequest main, List<Path> overrides, List<String> profiles) {

    public ProjectRequest {
        Objects.requireNonNull(main, "main");
        overrides = List.copyOf(overrides);
        profiles = List.copyOf(new LinkedHashSet<>(profiles.stream().map(String::strip).filter(p -> !p.isEmpty()).toList()));
        if (!overrides.isEmpty() && main.isRemote()) {
            throw new IllegalArgumentException("a remote document has no files to merge with");
        }
    }

    /** The files in order, the first one's folder being the project directory. */
    public static ProjectRequest of(List<Path> files) {
        if (files.isEmpty()) throw new IllegalArgumentException("a project needs a file");
        return new ProjectRequest(LoadRequest.ofFile(files.getFirst()), files.subList(1, files.size()), List.of());
    }

    /** One request, one document: no other file, no profile. */
    public static ProjectRequest of(LoadRequest request) {
        return new ProjectRequest(request, List.of(), List.of());
    }

    /** Relative paths and .env from {@code dir} instead of the first file's folder (null: the first file's folder). */
    public ProjectRequest withProjectDirectory(Path dir) {
        return new ProjectRequest(main.withWorkingDir(dir), overrides, profiles);
    }

    public ProjectRequest withName(String name) {
        return new ProjectRequest(main.withName(name), overrides, profiles);
    }

    public ProjectRequest withEnvironment(Map<String, String> env) {
        return new ProjectRequest(main.withEnvironment(env), overrides, profiles);
    }

    public ProjectRequest withProfiles(List<String> enabled) {
        return new ProjectRequest(main, overrides, enabled);
    }

    /** Every file named, in merge order (empty for a text). */
    public List<Path> files() {
        List<Path> out = new ArrayList<>();
        if (main.file() != null) out.add(main.file());
        out.addAll(overrides);
        return out;
    }
}
