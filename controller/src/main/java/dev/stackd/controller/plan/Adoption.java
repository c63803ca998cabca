package dev.stackd.controller.plan;

import dev.stackd.controller.event.ObjectRef;
import dev.stackd.controller.event.Reasons;
import dev.stackd.api.model.ServiceSpec;
import dev.stackd.api.model.StackSpec;
import dev.stackd.controller.observe.AdoptedObject;
import dev.stackd.controller.observe.ComposeProject;
import dev.stackd.controller.observe.ObservedState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * docker compose's objects of the stack's project that stackd does not own yet ({@link ObservedState#compose()}).
 * stackd never runs a second copy beside them: a replica a compose container stands for is not launched. When the
 * user allowed it ({@code --adopt}) each object is adopted: a container stands for the replica its compose labels
 * name, with the spec's hash when it matches the spec field by field ({@link AdoptionMatch}), or without (and the
 * differences as its recreate's cause) when it does not; a container of a service the spec lacks is adopted and then
 * removed as an orphan would be. Networks and volumes are adopted as they are. Without that permission, a warning
 * names the objects and the two ways on.
 *
 * @param prune          adoptions of containers the next pass removes (their service or replica is not in the spec)
 * @param infrastructure adoptions of networks and volumes
 * @param services       adoptions of containers that stand for a replica of the spec, by service
 * @param held           "service#replica" of the replicas a compose container stands for, launched by no one this pass
 */
record Adoption(List<Operation> prune, List<Operation> infrastructure, Map<String, List<Operation>> services, Set<String> held) {
    /** At most this many objects are named in the warning (the rest are counted). */
    static final int NAMED = 20;

    boolean holds(String service, int replica) {
        return held.contains(service + "#" + replica);
    }

    List<Operation> of(String service) {
        return services.getOrDefault(service, List.of());
    }

    static Adoption of(StackSpec desired, ObservedState observed, Findings findings) {
        ComposeProject compose = observed.compose();
        var prune = new ArrayList<Operation>();
        var infrastructure = new ArrayList<Operation>();
        var services = new TreeMap<String, List<Operation>>();
        var held = new HashSet<String>();
        if (compose.isEmpty()) return new Adoption(prune, infrastructure, services, held);
        for (var c : compose.containers()) {
            ServiceSpec s = c.service() == null ? null : desired.service(c.service());
            if (s != null) held.add(s.name() + "#" + c.number());
        }
        if (!compose.adopt()) {
            var objects = compose.objects();
            String named = String.join(", ", objects.subList(0, Math.min(NAMED, objects.size())))
                    + (objects.size() > NAMED ? " and " + (objects.size() - NAMED) + " more" : "");
            findings.notice(Notice.warning(Reasons.COMPOSE_PROJECT_FOUND, null, ObjectRef.stack(desired.name()),
                    "docker compose's project " + desired.name() + " has " + named + "; stackd starts no second copy beside"
                            + " them: apply with --adopt to take them over, or run docker compose down first"));
            findings.requeue(Planner.MISSING_WAIT);
            return new Adoption(prune, infrastructure, services, held);
        }
        var containers = new ArrayList<>(compose.containers());
        containers.sort(Comparator.comparing(c -> c.container().name()));
        for (var c : containers) {
            var o = c.container();
            ServiceSpec s = c.service() == null ? null : desired.service(c.service());
            if (s == null) {
                String why = c.service() == null ? "no compose service label" : "service " + c.service() + " not in the spec";
                prune.add(adopt(o.id(), o.name(), c.service(), c.number(), null, why, why + ": removed next"));
            } else if (c.number() < 1 || c.number() > ServiceWork.replicas(s)) {
                String why = "replica " + c.number() + " beyond the spec's " + ServiceWork.replicas(s);
                prune.add(adopt(o.id(), o.name(), s.name(), c.number(), null, why, why + ": removed next"));
            } else if (c.settings() != null) { // null: gone since it was listed; the next pass sees
                var differences = AdoptionMatch.differences(desired, s, c, observed);
                var op = differences.isEmpty()
                        ? adopt(o.id(), o.name(), s.name(), c.number(), ServiceHash.of(s), "", "matches the spec: kept running")
                        : adopt(o.id(), o.name(), s.name(), c.number(), null, String.join("; ", differences),
                                "differs from the spec (" + String.join("; ", differences) + "): recreated next");
                services.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(op);
            }
        }
        compose.networks().stream().sorted(Comparator.comparing(n -> n.name())).forEach(n -> infrastructure.add(
                new Operation.Adopt(AdoptedObject.network(n.id(), n.name()), "docker compose's network, kept as it is")));
        compose.volumes().stream().sorted(Comparator.comparing(v -> v.name())).forEach(v -> infrastructure.add(
                new Operation.Adopt(AdoptedObject.volume(v.name()), "docker compose's volume, kept as it is (data untouched)")));
        return new Adoption(prune, infrastructure, services, held);
    }

    private static Operation adopt(String id, String name, String service, int replica, String hash, String differences,
                                   String cause) {
        return new Operation.Adopt(new AdoptedObject(AdoptedObject.Kind.CONTAINER, id, name, service, replica, hash, differences), cause);
    }
}
