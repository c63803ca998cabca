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
        return load(request, true);
    }

    /**
     * The file as written, without interpolation ({@code stackd config --no-interpolate}): "${VAR}" and "$$" stay in
     * the values. A value stackd must parse (a port, a size, a duration, a declared name) cannot hold a variable
     * then: it is an error, as it would be if the variable's value were "${VAR}".
     */
    public static LoadResult loadUninterpolated(LoadRequest request) {
        return load(request, false);
    }

    private static LoadResult load(LoadRequest request, boolean interpolate) {
        Problems problems = new Problems();
        Path workingDir = request.effectiveWorkingDir();
        HostFiles host = request.isRemote() ? HostFiles.remote() : HostFiles.local(workingDir);
        Optional<String> text = text(request, host, problems);
        if (text.isEmpty()) return LoadResult.invalid(problems.list());
        Optional<YamlTree.Document> document = YamlTree.parse(text.get(), problems);
        if (document.isEmpty()) return LoadResult.invalid(problems.list());
        Map<String, String> variables = environment(host, workingDir, request.environment(), problems);
        // as compose: the name is chosen first, and ${COMPOSE_PROJECT_NAME} is the chosen one everywhere else
        String name = StackNames.choose(request.nameOverride(), request.environment(), variables,
                document.get().topLevelScalar("name"), workingDir, problems);
        Interpolator env = new Interpolator(variables);
        if (name != null) env = env.with(StackNames.COMPOSE_PROJECT_NAME, name);
        Optional<YNode> root = document.get().tree(interpolate ? env : null, problems);
        if (root.isEmpty()) return LoadResult.invalid(problems.list());
        StackSpec stack = stack(root.get(), name, host.withHome(env.lookup("HOME")), env, new Fields(problems));
        if (stack == null && problems.isEmpty()) problems.add("", 0, 0, "the stack has no name");
        return problems.isEmpty() ? LoadResult.valid(stack) : LoadResult.invalid(sorted(problems.list()));
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
        StackContext ctx = new StackContext(name, host, env, serviceEntries.keySet(), networks.keySet(),
                volumes.keySet(), secrets.keySet(), configs.keySet());
        ServiceParser parser = new ServiceParser(f, ctx);
        Map<String, ServiceSpec> services = new LinkedHashMap<>();
        for (YNode.Entry e : serviceEntries.values()) {
            String path = Fields.child("services", e.key());
            if (!ServiceParser.SERVICE_NAME.matcher(e.key()).matches()) {
                f.problems().add(path, e.line(), e.column(), "invalid service name \"" + e.key() + "\": expected [a-zA-Z0-9._-]+");
            }
            ServiceSpec spec = parser.parse(e, path);
            if (spec != null) services.put(e.key(), spec);
        }
        if (services.values().stream().anyMatch(s -> s.networks().containsKey("default")) && !networks.containsKey("default")) {
            networks.put("default", top.defaultNetwork());
        }
        if (name != null) ContainerNames.check(name, services, serviceEntries, f);
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

    private static List<ValidationError> sorted(List<ValidationError> errors) {
        return errors.stream().sorted(Comparator.comparingInt(ValidationError::line).thenComparingInt(ValidationError::column)).toList();
    }
}
