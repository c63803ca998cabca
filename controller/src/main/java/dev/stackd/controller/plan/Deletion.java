package dev.stackd.controller.plan;

import dev.stackd.api.model.ServiceSpec;
import dev.stackd.api.model.StackSpec;
import dev.stackd.controller.engine.ObservedContainer;
import dev.stackd.controller.observe.ObservedState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The plan that takes a stack down: each service's containers are stopped and removed as one step, services in
 * parallel, each after the services that depend on it (the reverse of the start order, as {@code compose down});
 * then networks and, when asked, volumes (cleanup).
 */
final class Deletion {
    private Deletion() {}

    static final String CAUSE = "stack deleted";

    /** lastKnown may be null; volumeNames null means every volume the stack owns. */
    static Plan plan(String stack, StackSpec lastKnown, ObservedState observed, boolean removeVolumes, Set<String> volumeNames) {
        // a container without a service label (made by hand with stackd's stack label) is a step of its own
        var byService = new TreeMap<String, List<Operation>>();
        observed.containers().stream()
                .filter(c -> ObjectLabels.ownedBy(c.labels(), stack))
                .sorted(Comparator.comparing(ObservedContainer::name))
                .forEach(c -> {
                    ServiceSpec s = lastKnown == null || c.service() == null ? null : lastKnown.service(c.service());
                    byService.computeIfAbsent(c.service() == null ? c.name() : c.service(), k -> new ArrayList<>())
                            .addAll(Inventory.remove(c, s == null ? null : s.stopGracePeriod(), CAUSE));
                });
        var steps = new ArrayList<Plan.ServiceStep>();
        byService.forEach((service, ops) -> steps.add(new Plan.ServiceStep(service, dependents(lastKnown, service, byService.keySet()), ops)));
        var cleanup = new ArrayList<Operation>();
        observed.networks().values().stream()
                .filter(n -> ObjectLabels.ownedBy(n.labels(), stack))
                .map(n -> n.name()).sorted()
                .forEach(n -> cleanup.add(new Operation.RemoveNetwork(n, CAUSE)));
        if (removeVolumes) {
            observed.volumes().values().stream()
                    .filter(v -> ObjectLabels.ownedBy(v.labels(), stack))
                    .map(v -> v.name())
                    .filter(n -> volumeNames == null || volumeNames.contains(n))
                    .sorted()
                    .forEach(n -> cleanup.add(new Operation.RemoveVolume(n, CAUSE)));
        }
        return new Plan(stack, List.of(), List.of(), steps, cleanup, List.of(), null);
    }

    /** The services of the last known spec that depend on this one and still have containers: they go first. */
    private static Set<String> dependents(StackSpec lastKnown, String service, Set<String> present) {
        var out = new TreeSet<String>();
        if (lastKnown == null) return out;
        for (ServiceSpec other : lastKnown.services().values()) {
            if (other.dependencies().contains(service) && present.contains(other.name())) out.add(other.name());
        }
        return out;
    }
}
