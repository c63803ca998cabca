package dev.stackd.controller.plan;

import dev.stackd.api.model.ServiceSpec;
import dev.stackd.api.model.ServiceSpec.ServiceNetwork;
import dev.stackd.api.model.StackSpec;
import dev.stackd.controller.engine.ContainerRequest;
import dev.stackd.controller.engine.Names;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Resolves what a service's container needs from its stack: engine names of volumes and networks, file mounts. */
public final class ContainerRequests {
    private ContainerRequests() {}

    public static ContainerRequest of(StackSpec stack, ServiceSpec service, String name, int replica, String specHash) {
        return of(stack, service, name, replica, specHash, service.networkMode());
    }

    /** @param networkMode the service's network mode, resolved ({@code service:X} -> {@code container:<id>}) */
    public static ContainerRequest of(StackSpec stack, ServiceSpec service, String name, int replica, String specHash,
                                      String networkMode) {
        var networks = networksInOrder(service);
        String network = null;
        List<String> aliases = List.of();
        String ipv4 = null;
        if (service.networkMode() == null && !networks.isEmpty()) {
            var first = networks.get(0);
            network = networkName(stack, first.getKey());
            aliases = aliases(service, first.getValue());
            ipv4 = first.getValue() == null ? null : first.getValue().ipv4Address();
        }
        return new ContainerRequest(name, Names.image(stack.name(), service), service,
                ObjectLabels.container(stack.name(), service, replica, specHash),
                volumeNames(stack, service), network, aliases, ipv4, fileMounts(stack, service), networkMode,
                links(stack, service, replica), sharedNamespace(stack, service.pid()), sharedNamespace(stack, service.ipc()),
                volumesFrom(stack, service));
    }

    /**
     * volumes_from as the engine takes it: "SERVICE[:mode]" as that service's first container (compose takes its
     * first container too), "container:NAME[:mode]" as "NAME[:mode]". The mode is kept (compose drops it: the mounts
     * then keep the other container's modes); the engine reads the container's mounts when this one is created.
     */
    public static List<String> volumesFrom(StackSpec stack, ServiceSpec service) {
        var out = new ArrayList<String>();
        for (String entry : service.volumesFrom()) {
            if (entry.startsWith("container:")) {
                out.add(entry.substring("container:".length()));
                continue;
            }
            String[] parts = entry.split(":", 2);
            var other = stack.services().get(parts[0]);
            if (other == null) continue; // the loader allows only services of the stack
            out.add(Names.container(stack.name(), other, 1) + (parts.length > 1 ? ":" + parts[1] : ""));
        }
        return out;
    }

    /**
     * The engine links of a service's links, as compose's getLinks makes them: for each container of the linked
     * service, "CONTAINER:ALIAS", "CONTAINER:SERVICE-N" and "CONTAINER:STACK-SERVICE-N", N being the replica number
     * of the container being created. Its names are known from the spec (compose lists the running ones), and on a
     * user-defined network the engine resolves a link by name when it is used, so a recreated target stays linked.
     */
    public static List<String> links(StackSpec stack, ServiceSpec service, int replica) {
        var out = new LinkedHashSet<String>();
        for (String link : service.links()) {
            int colon = link.indexOf(':');
            String target = colon < 0 ? link : link.substring(0, colon);
            String alias = colon < 0 ? link : link.substring(colon + 1);
            var linked = stack.services().get(target);
            if (linked == null) continue;
            for (int n = 1; n <= linked.replicas(); n++) {
                String container = Names.container(stack.name(), linked, n);
                out.add(container + ":" + alias);
                out.add(container + ":" + target + "-" + replica);
                out.add(container + ":" + stack.name() + "-" + target + "-" + replica);
            }
        }
        // external_links as compose's getLinks: "CONTAINER:ALIAS", the alias defaulting to the container's name
        for (String link : service.externalLinks()) out.add(link.contains(":") ? link : link + ":" + link);
        return List.copyOf(out);
    }

    /** pid or ipc "service:NAME" as "container:" the first container of that service (as compose); others as written. */
    public static String sharedNamespace(StackSpec stack, String mode) {
        if (mode == null || !mode.startsWith("service:")) return mode;
        var other = stack.services().get(mode.substring("service:".length()));
        return other == null ? mode : "container:" + Names.container(stack.name(), other, 1);
    }

    /** The service's networks, first the one to attach at create: priority descending, then key. */
    public static List<Map.Entry<String, ServiceNetwork>> networksInOrder(ServiceSpec service) {
        var out = new ArrayList<>(service.networks().entrySet());
        out.sort(Comparator.<Map.Entry<String, ServiceNetwork>>comparingInt(e -> -priority(e.getValue()))
                .thenComparing(Map.Entry::getKey));
        return out;
    }

    /** The engine name of a network key: the stack's network name, the key itself when the stack lacks it. */
    public static String networkName(StackSpec stack, String key) {
        var n = stack.networks().get(key);
        return n == null ? key : n.name();
    }

    /** The service's name first (compose's DNS name for it), then the declared aliases. */
    public static List<String> aliases(ServiceSpec service, ServiceNetwork network) {
        var out = new LinkedHashSet<String>();
        out.add(service.name());
        if (network != null) out.addAll(network.aliases());
        return List.copyOf(out);
    }

    /** Volume key -> engine volume name, for the service's named-volume mounts. */
    public static Map<String, String> volumeNames(StackSpec stack, ServiceSpec service) {
        var out = new TreeMap<String, String>();
        for (var m : service.volumes()) {
            if (!"volume".equals(m.type()) || m.source() == null) continue;
            var v = stack.volumes().get(m.source());
            if (v != null) out.put(m.source(), v.name());
        }
        return out;
    }

    /** Secrets and configs backed by a file: host path -> container path (compose's defaults for the target). */
    public static Map<String, String> fileMounts(StackSpec stack, ServiceSpec service) {
        var out = new TreeMap<String, String>();
        for (var ref : service.secrets()) {
            var secret = stack.secrets().get(ref.source());
            if (secret == null || secret.file() == null) continue;
            out.put(secret.file(), ref.target() != null ? ref.target() : "/run/secrets/" + ref.source());
        }
        for (var ref : service.configs()) {
            var config = stack.configs().get(ref.source());
            if (config == null || config.file() == null) continue;
            out.put(config.file(), ref.target() != null ? ref.target() : "/" + ref.source());
        }
        return out;
    }

    private static int priority(ServiceNetwork n) {
        return n == null || n.priority() == null ? 0 : n.priority();
    }
}
