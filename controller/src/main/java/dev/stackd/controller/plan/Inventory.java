package dev.stackd.controller.plan;

import dev.stackd.api.model.ServiceSpec;
import dev.stackd.api.model.StackSpec;
import dev.stackd.controller.engine.Names;
import dev.stackd.controller.engine.ObservedContainer;
import dev.stackd.controller.observe.ObservedState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The observed containers sorted out: the one container kept per service replica, what must go first (prune),
 * the names held by containers stackd does not own (never touched), and the replacements a recreate had created
 * before it was interrupted (stackd killed, a reply lost): created under the temporary name with the desired spec
 * while the outdated container still holds the name. Those are taken up where the recreate stopped, not removed and
 * created again.
 */
public record Inventory(List<Operation> prune, Map<String, ObservedContainer> current, Set<String> foreignNames,
                 Map<String, ObservedContainer> pending) {

    /** Running before stopped, then the most recently started, then by name. */
    static final Comparator<ObservedContainer> BEST = Comparator
            .comparing((ObservedContainer c) -> !c.isRunning())
            .thenComparing(ObservedContainer::startedAt, Comparator.nullsLast(Comparator.<Instant>reverseOrder()))
            .thenComparing(ObservedContainer::name);

    /** The container kept for a replica, or null. */
    public ObservedContainer current(String service, int replica) {
        return current.get(key(service, replica));
    }

    /** The replacement a recreate of this replica had created, still under its temporary name, or null. */
    ObservedContainer pending(String service, int replica) {
        return pending.get(key(service, replica));
    }

    public static Inventory of(StackSpec desired, ObservedState observed) {
        String stack = desired.name();
        var byName = new HashMap<String, ObservedContainer>();
        for (var c : observed.containers()) byName.put(c.name(), c);
        var allNames = new HashSet<String>();
        var foreign = new HashSet<String>();
        for (var c : observed.containers()) {
            allNames.add(c.name());
            if (!ObjectLabels.ownedBy(c.labels(), stack)) foreign.add(c.name());
        }
        var owned = observed.containers().stream()
                .filter(c -> ObjectLabels.ownedBy(c.labels(), stack))
                // a job's runs are JobPlanner's; a run of a service that is no longer a job is an orphan (no replica)
                .filter(c -> !(JobRuns.isRun(c) && c.service() != null && JobRuns.isJob(desired.service(c.service()))))
                .sorted(Comparator.comparing(ObservedContainer::name)).toList();

        var removals = new TreeMap<String, List<Operation>>();
        var renames = new ArrayList<Operation>();
        var live = new ArrayList<ObservedContainer>();
        var pending = new HashMap<String, ObservedContainer>();
        for (var c : owned) {
            if (!Names.isTemp(c.name())) {
                live.add(c);
                continue;
            }
            String real = Names.fromTemp(c.name());
            ServiceSpec s = desired.service(c.service());
            String imageId = s == null ? null : observed.images().get(Names.image(stack, s));
            boolean startFirst = s != null && ServiceRollout.startFirst(ServiceRollout.config(s, observed.rollout()));
            if (resumable(c, outdated(byName.get(real), c, owned), s, stack, imageId, startFirst)) {
                pending.put(key(s.name(), c.replica()), c);
            } else if (allNames.contains(real) || s == null || c.replica() < 1 || c.replica() > ServiceWork.replicas(s)) {
                removals.put(c.name(), remove(c, grace(s), "leftover of an interrupted recreate"));
            } else {
                renames.add(new Operation.RenameContainer(c.name(), real, s.name(), "interrupted recreate"));
                live.add(renamed(c, real));
            }
        }

        var byReplica = new TreeMap<String, List<ObservedContainer>>();
        for (var c : live) {
            ServiceSpec s = desired.service(c.service());
            if (s == null) {
                String cause = c.service() == null ? "no service label" : "service " + c.service() + " not in spec";
                removals.put(c.name(), remove(c, null, cause));
            } else if (c.replica() < 1) {
                removals.put(c.name(), remove(c, grace(s), "bad replica label"));
            } else if (c.replica() > ServiceWork.replicas(s)) {
                removals.put(c.name(), remove(c, grace(s), "scaled down to " + ServiceWork.replicas(s)));
            } else {
                byReplica.computeIfAbsent(key(s.name(), c.replica()), k -> new ArrayList<>()).add(c);
            }
        }
        var current = new HashMap<String, ObservedContainer>();
        byReplica.forEach((key, group) -> {
            group.sort(BEST);
            current.put(key, group.get(0));
            for (var extra : group.subList(1, group.size())) {
                var s = desired.service(extra.service());
                removals.put(extra.name(), remove(extra, grace(s), "duplicate of replica " + extra.replica()));
            }
        });

        var prune = new ArrayList<Operation>();
        removals.values().forEach(prune::addAll);
        prune.addAll(renames);
        return new Inventory(prune, current, foreign, pending);
    }

    /**
     * The container a temporary one replaces: the one under the real name; else, for a container adopted from docker
     * compose v1 (named {@code p_web_1}, replaced by {@code p-web-1}), the stack's other container of that replica.
     */
    private static ObservedContainer outdated(ObservedContainer byName, ObservedContainer temp, List<ObservedContainer> owned) {
        if (byName != null) return byName;
        return owned.stream().filter(o -> !Names.isTemp(o.name()) && o.replica() == temp.replica()
                && temp.service() != null && temp.service().equals(o.service())).findFirst().orElse(null);
    }

    /**
     * A temporary container whose recreate can go on: never started, made from the desired spec, for a replica
     * whose container (the stack's own, under the real name) still runs an outdated spec. For a start-first rollout (the
     * service's update_config, or a rollback's rollback_config: {@link ServiceRollout#config})
     * it may have started (it runs beside the old one until it is a success), and the old one may run an outdated
     * image of the same spec.
     */
    private static boolean resumable(ObservedContainer temp, ObservedContainer old, ServiceSpec s, String stack, String imageId,
                                     boolean startFirst) {
        if (s == null || old == null || !ObjectLabels.ownedBy(old.labels(), stack)) return false;
        if (temp.replica() != old.replica()) return false;
        if (temp.replica() < 1 || temp.replica() > ServiceWork.replicas(s)) return false;
        if (startFirst ? temp.state() == ObservedContainer.State.REMOVING : temp.state() != ObservedContainer.State.CREATED) return false;
        String hash = ServiceHash.of(s);
        if (!hash.equals(temp.specHash())) return false;
        if (!hash.equals(old.specHash())) return true;
        return startFirst && imageId != null && imageId.equals(temp.imageId()) && old.imageId() != null && !imageId.equals(old.imageId());
    }

    /** Stop first when it may be running (the grace period applies), then remove. */
    static List<Operation> remove(ObservedContainer c, Duration grace, String cause) {
        var ops = new ArrayList<Operation>();
        if (mayRun(c)) ops.add(new Operation.StopContainer(c.name(), grace, c.service(), cause));
        ops.add(new Operation.RemoveContainer(c.name(), c.service(), cause));
        return ops;
    }

    static boolean mayRun(ObservedContainer c) {
        return switch (c.state()) {
            case RUNNING, RESTARTING, PAUSED -> true;
            default -> false;
        };
    }

    private static Duration grace(ServiceSpec s) {
        return s == null ? null : s.stopGracePeriod();
    }

    private static String key(String service, int replica) {
        return service + "#" + replica;
    }

    private static ObservedContainer renamed(ObservedContainer c, String name) {
        return new ObservedContainer(c.id(), name, c.labels(), c.image(), c.imageId(), c.state(), c.exitCode(),
                c.health(), c.startedAt(), c.finishedAt(), c.restartCount(), c.oomKilled(), c.networks(), c.volumes(), c.networkMode(),
                c.pidMode(), c.ipcMode(), c.createdAt());
    }
}
