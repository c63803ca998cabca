package dev.stackd.api.compose;

import dev.stackd.api.ValidationError;
import dev.stackd.api.compose.yaml.YNode;
import dev.stackd.api.compose.yaml.YamlTree;
import dev.stackd.api.model.NetworkSpec;
import dev.stackd.api.model.ServiceSpec;
import dev.stackd.api.model.StackSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Loads a compose file (YAML or JSON) into a {@link StackSpec}: interpolation, both syntaxes normalised to one,
 * paths made absolute, engine names derived, and every problem collected with its path and line:column.
 */
public final class ComposeLoader {
    /** Largest accepted document, in bytes. */
    public static final long MAX_DOCUMENT_BYTES = 1024 * 1024;

    private ComposeLoader() {}

    public static LoadResult load(LoadRequest request) {
        return load(ProjectRequest.of(request)).toLoadResult();
    }

    /**
     * The file as written, without interpolation ({@code stackd config --no-interpolate}): "${VAR}" and "$$" stay in
     * the values. A value stackd must parse (a port, a size, a duration, a declared name) cannot hold a variable
     * then: it is an error, as it would be if the variable's value were "${VAR}".
     */
    public static LoadResult loadUninterpolated(LoadRequest request) {
        return load(ProjectRequest.of(request), false).toLoadResult();
    }

    /**
     * Loads a project: its files merged in order ({@link ProjectTree}: include, extends, !reset and !override
     * applied), the services of disabled profiles left out ({@link Profiles}), then read like one file.
     */
    public static ProjectResult load(ProjectRequest project) {
        return load(project, true);
    }

    /** A project as written, without interpolation (see {@link #loadUninterpolated(LoadRequest)}). */
    public static ProjectResult loadUninterpolated(ProjectRequest project) {
        return load(project, false);
    }

    private static ProjectResult load(ProjectRequest project, boolean interpolate) {
        LoadRequest request = project.main();
        Problems problems = new Problems();
        Path workingDir = request.effectiveWorkingDir();
        HostFiles host = request.isRemote() ? HostFiles.remote() : HostFiles.local(workingDir);
        Optional<String> text = text(request, host, problems);
        if (text.isEmpty()) return invalid(problems, List.of(), project);
        Optional<YamlTree.Parsed> parsed = YamlTree.parse(text.get(), problems);
        if (parsed.isEmpty()) return invalid(problems, List.of(), project);
        Map<String, String> variables = environment(host, workingDir, request.environment(), problems);
        List<ProjectTree.Source> sources = new ArrayList<>();
        sources.add(new ProjectTree.Source(request.file(), text.get()));
        Optional<YamlTree.RawScalar> nameField = parsed.get().topLevelScalar("name");
        List<String> warnings = new ArrayList<>();
        obsoleteVersion(parsed.get(), request.file(), warnings);
        for (Path p : project.overrides()) {
            // as compose-go's projectName: the last file with a non-empty name: names the project
            Optional<String> overrideText = peek(host, p);
            sources.add(new ProjectTree.Source(p, overrideText.orElse(null)));
            Optional<YamlTree.Parsed> override = overrideText.flatMap(t -> YamlTree.parse(t, new Problems()));
            override.ifPresent(d -> obsoleteVersion(d, p, warnings));
            Optional<YamlTree.RawScalar> named = override.flatMap(d -> d.topLevelScalar("name")).filter(n -> !n.text().isEmpty());
            if (named.isPresent()) nameField = named;
        }
        // as compose: the name is chosen first, and ${COMPOSE_PROJECT_NAME} is the chosen one everywhere else
        String name = StackNames.choose(request.nameOverride(), request.environment(), variables, nameField, workingDir, problems);
        Interpolator env = new Interpolator(variables);
        if (name != null) env = env.with(StackNames.COMPOSE_PROJECT_NAME, name);
        ProjectTree tree = new ProjectTree(host, workingDir, !project.overrides().isEmpty(), problems);
        Optional<YNode.Mapping> root = tree.assemble(sources, interpolate ? env : null, variables);
        if (root.isEmpty()) return invalid(problems, tree.files(), project);
        Fields f = new Fields(problems);
        java.util.SortedSet<String> named = new java.util.TreeSet<>();
        YNode.Mapping selected = Profiles.select(root.get(), project.profiles(), f, named);
        StackSpec stack = stack(selected, name, host.withHome(env.lookup("HOME")), env, f);
        if (stack == null && problems.isEmpty()) problems.add("", 0, 0, "the stack has no name");
        if (!problems.isEmpty()) return invalid(problems, tree.files(), project);
        return new ProjectResult(stack, List.of(), files(project, tree.files()), project.profiles(), List.copyOf(named), warnings);
    }

    /** compose v2's warning for {@code version:}: obsolete, ignored (by stackd too). */
    private static void obsoleteVersion(YamlTree.Parsed doc, Path file, List<String> warnings) {
        if (doc.topLevelScalar("version").isEmpty()) return;
        warnings.add((file == null ? "" : file + ": ") + "the attribute `version` is obsolete, it will be ignored, please remove it"
                + " to avoid potential confusion");
    }

    /**
     * An override's text, read once here (for its name:) and handed to the tree; empty when it cannot be read, the
     * tree then reports why at the file.
     */
    private static Optional<String> peek(HostFiles host, Path file) {
        try {
            return host.read(file.toAbsolutePath().normalize());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static ProjectResult invalid(Problems problems, List<Path> read, ProjectRequest project) {
        return new ProjectResult(null, sorted(problems.list()), files(project, read), project.profiles());
    }

    /** The project's own files in merge order, then the others read (included, extended, their .env), in order. */
    private static List<Path> files(ProjectRequest project, List<Path> read) {
        java.util.LinkedHashSet<Path> out = new java.util.LinkedHashSet<>();
        for (Path p : project.files()) out.add(p.toAbsolutePath().normalize());
        out.addAll(read);
        return List.copyOf(out);
    }

    private static Optional<String> text(LoadRequest request, HostFiles host, Problems problems) {
        String text = request.text();
        if (text == null) {
            try {
                Optional<String> read = host.read(request.file());
                if (read.isEmpty()) {
                    problems.add("", 0, 0, request.file() + ": no such file");
                    return Optional.empty();
                }
                text = read.get();
            } catch (HostFiles.TooLarge e) {
                problems.add("", 0, 0, "the compose file is larger than 1 MiB: refused");
                return Optional.empty();
            } catch (IOException e) {
                problems.add("", 0, 0, "cannot read " + request.file() + ": " + e.getMessage());
                return Optional.empty();
            }
        }
        if (text.length() > MAX_DOCUMENT_BYTES || text.getBytes(StandardCharsets.UTF_8).length > MAX_DOCUMENT_BYTES) {
            problems.add("", 0, 0, "the compose document is larger than 1 MiB: refused");
            return Optional.empty();
        }
        return Optional.of(text);
    }

    /**
     * The caller's environment and the .env file of the working folder (a local one only; skipped when the caller
     * sets COMPOSE_DISABLE_ENV_FILE, as compose does). The caller's variables win, in .env's own expansions too.
     */
    private static Map<String, String> environment(HostFiles host, Path workingDir, Map<String, String> callerEnv, Problems problems) {
        Map<String, String> env = new HashMap<>(callerEnv);
        if (!host.isLocal() || dotEnvDisabled(callerEnv, problems)) return env;
        Path dotEnv = workingDir.resolve(".env");
        try {
            Optional<String> text = host.read(dotEnv);
            if (text.isPresent()) DotEnv.parse(text.get(), callerEnv::get).forEach(env::putIfAbsent);
        } catch (DotEnv.DotEnvException e) {
            problems.add("", 0, 0, dotEnv + ": " + e.getMessage());
        } catch (HostFiles.TooLarge e) {
            problems.add("", 0, 0, dotEnv + " is larger than 1 MiB: refused");
        } catch (IOException e) {
            problems.add("", 0, 0, "cannot read " + dotEnv + ": " + e.getMessage());
        }
        return env;
    }

    /** COMPOSE_DISABLE_ENV_FILE as compose reads it (Go's strconv.ParseBool). */
    private static boolean dotEnvDisabled(Map<String, String> callerEnv, Problems problems) {
        String v = callerEnv.get("COMPOSE_DISABLE_ENV_FILE");
        if (v == null) return false;
        return switch (v) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> {
                problems.add("", 0, 0, "COMPOSE_DISABLE_ENV_FILE=" + v + ": expected true or false (or 1, 0)");
                yield true;
            }
        };
    }

    private static StackSpec stack(YNode node, String name, HostFiles host, Interpolator env, Fields f) {
        YNode.Mapping root = node instanceof YNode.Mapping m ? m : null;
        if (root == null) {
            f.error("", node, "a compose file is a mapping (services:, networks:...), got " + node.describe());
            return null;
        }
        Keys.TOP.check(root, "", f.problems());
        YNode.Mapping servicesNode = root.has("services") ? f.mapping(root.get("services"), "services") : null;
        if (!root.has("services")) f.error("", root, "a compose file needs services:");
        Map<String, YNode.Entry> serviceEntries = new LinkedHashMap<>();
        if (servicesNode != null) {
            servicesNode.entries().forEach((k, e) -> {
                if (!k.startsWith("x-")) serviceEntries.put(k, e);
            });
        }
        TopLevelParser top = new TopLevelParser(f, name, host);
        Map<String, NetworkSpec> networks = top.networks(root);
        var volumes = top.volumes(root);
        var secrets = top.secrets(root);
        var configs = top.configs(root);
        var deployDefaults = new DeployParser(f, DeployParser.Defaults.NONE).stackDefaults(root);
        StackContext ctx = new StackContext(name, host, env, serviceEntries.keySet(), networks.keySet(),
                volumes.keySet(), secrets.keySet(), configs.keySet(), deployDefaults);
        ServiceParser parser = new ServiceParser(f, ctx);
        Map<String, ServiceSpec> services = new LinkedHashMap<>();
        for (YNode.Entry e : serviceEntries.values()) {
            String path = Fields.child("services", e.key());
            if (!ServiceParser.SERVICE_NAME.matcher(e.key()).matches()) {
                f.problems().add(path, e, "invalid service name \"" + e.key() + "\": expected [a-zA-Z0-9._-]+");
            }
            ServiceSpec spec = parser.parse(e, path);
            if (spec != null) services.put(e.key(), spec);
        }
        if (services.values().stream().anyMatch(s -> s.networks().containsKey("default")) && !networks.containsKey("default")) {
            networks.put("default", top.defaultNetwork());
        }
        if (name != null) ContainerNames.check(name, services, serviceEntries, f);
        JobParser.checkDependents(f, services, serviceEntries);
        for (List<String> cycle : DependencyCycles.find(services)) {
            String first = cycle.getFirst();
            YNode.Entry at = serviceEntries.get(first);
            // the edge out of first: a depends_on entry, or network_mode: service:X (an implicit dependency, as in compose)
            String key = services.get(first).dependsOn().containsKey(cycle.get(1)) ? "depends_on" : "network_mode";
            YNode edge = at.value() instanceof YNode.Mapping m ? m.get(key) : at.value();
            f.error("services." + first + "." + key, edge, "dependency cycle: " + String.join(" -> ", cycle));
        }
        return name == null ? null : new StackSpec(name, new TreeMap<>(services), new TreeMap<>(networks),
                new TreeMap<>(volumes), new TreeMap<>(secrets), new TreeMap<>(configs));
    }

    /** By file (in the order the files first appear), then by position. */
    private static List<ValidationError> sorted(List<ValidationError> errors) {
        Map<String, Integer> fileOrder = new HashMap<>();
        for (ValidationError e : errors) fileOrder.putIfAbsent(String.valueOf(e.file()), fileOrder.size());
        return errors.stream().sorted(Comparator.<ValidationError>comparingInt(e -> fileOrder.get(String.valueOf(e.file())))
                .thenComparingInt(ValidationError::line).thenComparingInt(ValidationError::column)).toList();
    }
}
