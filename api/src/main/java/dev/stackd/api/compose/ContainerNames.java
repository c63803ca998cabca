package dev.stackd.api.compose;

import dev.stackd.api.compose.yaml.YNode;
import dev.stackd.api.model.ServiceSpec;
import java.util.HashMap;
import java.util.Map;

/**
 * Container names are unique in the engine: two services of a stack may not have the same container_name (as
 * compose checks), nor may a container_name be the default name of another service's replica
 * ({@code {stack}-{service}-{n}}), which the engine would refuse when the second container is created.
 */
final class ContainerNames {
    private ContainerNames() {}

    static void check(String stack, Map<String, ServiceSpec> services, Map<String, YNode.Entry> entries, Fields f) {
        Map<String, String> explicit = new HashMap<>();
        for (ServiceSpec s : services.values()) {
            String name = s.containerName();
            if (name == null) continue;
            String other = explicit.putIfAbsent(name, s.name());
            String defaultOf = other == null ? defaultNameOwner(stack, name, services) : null;
            if (other == null && defaultOf == null) continue;
            String path = "services." + s.name() + ".container_name";
            YNode at = entries.get(s.name()).value() instanceof YNode.Mapping m ? m.get("container_name") : null;
            f.error(path, at, other != null
                    ? "container name \"" + name + "\" is also service " + other + "'s container_name"
                    : "container name \"" + name + "\" is the name of a replica of service " + defaultOf);
        }
    }

    /** The service (without container_name) whose replica is named {@code name}: {stack}-{service}-{n}, or null. */
    private static String defaultNameOwner(String stack, String name, Map<String, ServiceSpec> services) {
        int dash = name.lastIndexOf('-');
        if (!name.startsWith(stack + "-") || dash <= stack.length()) return null;
        String digits = name.substring(dash + 1);
        if (digits.isEmpty() || digits.length() > 4 || digits.startsWith("0") || !digits.chars().allMatch(Character::isDigit)) return null;
        ServiceSpec s = services.get(name.substring(stack.length() + 1, dash));
        if (s == null || s.containerName() != null || Integer.parseInt(digits) > s.replicas()) return null;
        return s.name();
    }
}
