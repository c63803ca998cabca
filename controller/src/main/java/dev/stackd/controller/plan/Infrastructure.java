package dev.stackd.controller.plan;

import dev.stackd.controller.event.ObjectRef;
import dev.stackd.controller.event.Reasons;
import dev.stackd.api.model.NetworkSpec;
import dev.stackd.api.model.StackSpec;
import dev.stackd.controller.engine.Labels;
import dev.stackd.controller.engine.NetworkRequest;
import dev.stackd.controller.engine.VolumeRequest;
import dev.stackd.controller.engine.ObservedContainer;
import dev.stackd.controller.observe.ObservedState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The stack's networks and volumes: what to create, which externals are missing (their users wait), and which
 * owned networks no longer belong to the stack. An object that exists under the wanted name is used as it is,
 * whoever made it (as compose does); only objects with the stack's labels are ever removed.
 * <p>
 * An owned network whose settings differ from the spec ({@link NetworkDrift}) is recreated as compose does it, less
 * compose's stop: the stack's containers are disconnected from it (the engine refuses to remove a network in use),
 * it is removed and created again, and each service's step connects its containers back with their aliases (they
 * keep running on their other networks meanwhile). A container that is not the stack's still on it makes the remove
 * fail, and the plan with it, until the user takes it off. A named volume that differs is never recreated (its data
 * would go): a VolumeConfigDrift warning says so.
 *
 * @param created          engine names of the networks and volumes this plan creates
 * @param replaced         engine names of the networks this plan recreates, whose endpoints it removes first
 * @param unusable         engine names of the networks and volumes the stack cannot use yet, whose users wait:
 *                         external ones that do not exist, and non-external ones that another stack made (compose
 *                         refuses to join another project's network unless it is declared external; so does stackd)
 */
record Infrastructure(List<Operation> create, List<Operation> cleanup, Set<String> created, Set<String> replaced,
                      Set<String> unusable) {

    static Infrastructure of(StackSpec desired, ObservedState observed, Inventory inventory, Findings findings) {
        String stack = desired.name();
        var create = new ArrayList<Operation>();
        var created = new HashSet<String>();
        var replaced = new HashSet<String>();
        var missing = new HashSet<String>();
        desired.networks().forEach((key, n) -> {
            var existing = observed.networks().get(n.name());
            if (existing != null && !n.external() && ownedByAnother(existing.labels(), stack)) {
                missing.add(n.name());
                conflict(desired, key, ObjectRef.network(n.name()), existing.labels(), true, findings);
                return;
            }
            if (existing != null) {
                if (n.external() || !ObjectLabels.ownedBy(existing.labels(), stack)) return;
                // adopted from docker compose: used as it is (compose v1 makes networks attachable, for one), never recreated
                if (existing.labels().containsKey(Labels.ADOPTED)) return;
                String cause = NetworkDrift.cause(n, existing);
                if (cause == null) return;
                created.add(n.name());
                replaced.add(n.name());
                create.addAll(recreate(stack, key, n, inventory, cause));
                return;
            }
            if (n.external()) {
                missing.add(n.name());
                var users = usersOf(desired, key, true);
                if (users.isEmpty()) return;
                findings.notice(Notice.warning(Reasons.NETWORK_MISSING, null, ObjectRef.network(n.name()),
                        "external network not found (used by " + String.join(", ", users) + ")"));
                findings.requeue(Planner.MISSING_WAIT);
            } else {
                created.add(n.name());
                create.add(new Operation.CreateNetwork(new NetworkRequest(n, ObjectLabels.network(stack, key, n)), "missing"));
            }
        });
        desired.volumes().forEach((key, v) -> {
            var existing = observed.volumes().get(v.name());
            if (existing != null && !v.external() && ownedByAnother(existing.labels(), stack)) {
                missing.add(v.name());
                conflict(desired, key, ObjectRef.volume(v.name()), existing.labels(), false, findings);
                return;
            }
            if (existing != null) {
                var differences = v.external() ? List.<String>of() : VolumeDrift.differences(v, existing);
                if (!differences.isEmpty()) findings.notice(VolumeDrift.notice(v, differences));
                return;
            }
            if (v.external()) {
                missing.add(v.name());
                var users = usersOf(desired, key, false);
                if (users.isEmpty()) return;
                findings.notice(Notice.warning(Reasons.VOLUME_MISSING, null, ObjectRef.volume(v.name()),
                        "external volume not found (used by " + String.join(", ", users) + ")"));
                findings.requeue(Planner.MISSING_WAIT);
            } else {
                created.add(v.name());
                create.add(new Operation.CreateVolume(new VolumeRequest(v, ObjectLabels.volume(stack, key, v)), "missing"));
            }
        });

        var wanted = new HashSet<String>();
        desired.networks().values().forEach(n -> wanted.add(n.name()));
        var cleanup = new ArrayList<Operation>();
        observed.networks().values().stream()
                .filter(n -> ObjectLabels.ownedBy(n.labels(), stack) && !wanted.contains(n.name()))
                .map(n -> n.name()).sorted()
                .forEach(name -> cleanup.add(new Operation.RemoveNetwork(name, "not in spec")));
        return new Infrastructure(create, cleanup, created, replaced, missing);
    }

    /** Disconnect the stack's containers (whatever their state: a stopped one's endpoint would go stale), remove, create. */
    private static List<Operation> recreate(String stack, String key, NetworkSpec n, Inventory inventory, String cause) {
        var ops = new ArrayList<Operation>();
        inventory.current().values().stream()
                .filter(c -> c.state() != ObservedContainer.State.REMOVING && c.networks().containsKey(n.name()))
                .sorted(Comparator.comparing(ObservedContainer::name))
                .map(c -> new Operation.DisconnectNetwork(n.name(), c.name(), c.service(), "network config changed"))
                .forEach(ops::add);
        ops.add(new Operation.RemoveNetwork(n.name(), cause));
        ops.add(new Operation.CreateNetwork(new NetworkRequest(n, ObjectLabels.network(stack, key, n)), cause, true));
        return ops;
    }

    private static boolean ownedByAnother(java.util.Map<String, String> labels, String stack) {
        String owner = labels.get(Labels.STACK);
        return owner != null && !owner.equals(stack);
    }

    private static void conflict(StackSpec desired, String key, ObjectRef object, java.util.Map<String, String> labels,
                                 boolean network, Findings findings) {
        var users = usersOf(desired, key, network);
        findings.notice(Notice.warning(Reasons.NAME_CONFLICT, null, object, "made by stack " + labels.get(Labels.STACK)
                + ": declare it external to share it" + (users.isEmpty() ? "" : " (used by " + String.join(", ", users) + ")")));
        findings.requeue(Planner.MISSING_WAIT);
    }

    /** The services using a network (or volume) key, sorted. */
    private static List<String> usersOf(StackSpec desired, String key, boolean network) {
        var users = new TreeSet<String>();
        desired.services().forEach((name, s) -> {
            boolean uses = network
                    ? s.networks().containsKey(key)
                    : s.volumes().stream().anyMatch(m -> "volume".equals(m.type()) && key.equals(m.source()));
            if (uses) users.add(name);
        });
        return List.copyOf(users);
    }
}
