package dev.stackd.api.model;

import java.util.Map;
import java.util.SortedMap;

/**
 * A stack as stackd stores it: a compose file after interpolation, normalisation and path resolution.
 * Every map is sorted by key so that the canonical JSON of a spec is stable.
 */
public record StackSpec(
        String name,
        SortedMap<String, ServiceSpec> services,
        SortedMap<String, NetworkSpec> networks,
        SortedMap<String, VolumeSpec> volumes,
        SortedMap<String, SecretSpec> secrets,
        SortedMap<String, ConfigSpec> configs) {

    public StackSpec {
        services = Maps.sorted(services);
        networks = Maps.sorted(networks);
        volumes = Maps.sorted(volumes);
        secrets = Maps.sorted(secrets);
        configs = Maps.sorted(configs);
    }

    public ServiceSpec service(String name) {
        return services.get(name);
    }

    /** Services in an order where each comes after the services it depends on (ties broken by name). */
    public java.util.List<String> startOrder() {
        var order = new java.util.ArrayList<String>();
        var done = new java.util.HashSet<String>();
        for (String s : services.keySet()) visit(s, done, new java.util.HashSet<>(), order);
        return java.util.List.copyOf(order);
    }

    private void visit(String s, java.util.Set<String> done, java.util.Set<String> path, java.util.List<String> order) {
        if (done.contains(s) || !services.containsKey(s) || !path.add(s)) return;
        for (String dep : services.get(s).dependencies()) visit(dep, done, path, order);
        done.add(s);
        order.add(s);
    }
}
