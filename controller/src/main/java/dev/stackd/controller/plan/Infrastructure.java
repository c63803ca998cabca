package dev.stackd.controller.plan;

import dev.stackd.api.model.StackSpec;
import dev.stackd.controller.docker.NetworkRequest;
import dev.stackd.controller.docker.VolumeRequest;
import dev.stackd.controller.observe.ObservedState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The stack's networks and volumes: what to create, which externals are missing (their users wait), and which
 * owned networks no longer belong to the stack. An object that exists under the wanted name is used as it is,
 * whoever made it (as compose does); only objects with the stack's labels are ever removed.
 *
 * @param created          engine names of the networks and volumes this plan creates
 * @param missingExternals engine names of external networks and volumes that do not exist
 */
record Infrastructure(List<Operation> create, List<Operation> cleanup, Set<String> created, Set<String> missingExternals) {

    static Infrastructure of(StackSpec desired, ObservedState observed, Findings findings) {
        String stack = desired.name();
        var create = new ArrayList<Operation>();
        var created = new HashSet<String>();
        var missing = new HashSet<String>();
        desired.networks().forEach((key, n) -> {
            if (observed.networks().containsKey(n.name())) return;
            if (n.external()) {
                missing.add(n.name());
                var users = usersOf(desired, key, true);
                if (users.isEmpty()) return;
                findings.notice(Notice.warning("NetworkMissing", null, "network " + n.name(),
                        "external network not found (used by " + String.join(", ", users) + ")"));
                findings.requeue(Planner.MISSING_WAIT);
            } else {
                created.add(n.name());
                create.add(new Operation.CreateNetwork(new NetworkRequest(n, ObjectLabels.network(stack, key, n)), "missing"));
            }
        });
        desired.volumes().forEach((key, v) -> {
            if (observed.volumes().containsKey(v.name())) return;
            if (v.external()) {
                missing.add(v.name());
                var users = usersOf(desired, key, false);
                if (users.isEmpty()) return;
                findings.notice(Notice.warning("VolumeMissing", null, "volume " + v.name(),
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
        return new Infrastructure(create, cleanup, created, missing);
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
