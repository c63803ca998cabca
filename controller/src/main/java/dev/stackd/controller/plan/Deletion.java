package dev.stackd.controller.plan;

import dev.stackd.api.model.ServiceSpec;
import dev.stackd.api.model.StackSpec;
import dev.stackd.controller.observe.ObservedContainer;
import dev.stackd.controller.observe.ObservedState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** The plan that takes a stack down: containers first (prune), then networks and, when asked, volumes (cleanup). */
final class Deletion {
    private Deletion() {}

    static final String CAUSE = "stack deleted";

    /** lastKnown may be null; volumeNames null means every volume the stack owns. */
    static Plan plan(String stack, StackSpec lastKnown, ObservedState observed, boolean removeVolumes, Set<String> volumeNames) {
        var prune = new ArrayList<Operation>();
        observed.containers().stream()
                .filter(c -> ObjectLabels.ownedBy(c.labels(), stack))
                .sorted(Comparator.comparing(ObservedContainer::name))
                .forEach(c -> {
                    ServiceSpec s = lastKnown == null || c.service() == null ? null : lastKnown.service(c.service());
                    prune.addAll(Inventory.remove(c, s == null ? null : s.stopGracePeriod(), CAUSE));
                });
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
        return new Plan(stack, prune, List.of(), List.of(), cleanup, List.of(), null);
    }
}
