package dev.stackd.controller.status;

import dev.stackd.controller.plan.RolloutProgress;
import dev.stackd.controller.event.EventDraft;
import dev.stackd.controller.event.ObjectRef;
import dev.stackd.controller.event.Reasons;
import dev.stackd.controller.plan.RolloutProgress.ReplicaFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * The rollout events, from the transitions between the stored status and the next one: a pass that sees what the
 * last one saw records nothing, so each event comes once however often the level-triggered loop looks (a stackd
 * killed between recording them and storing the status records them once more at most).
 */
public final class RolloutEvents {
    private RolloutEvents() {}

    public static List<EventDraft> between(String stack, StackStatus previous, StackStatus next) {
        var out = new ArrayList<EventDraft>();
        for (var s : next.services()) {
            var r = s.rollout();
            if (r == null) continue;
            var p = previous == null ? null : previous.services().stream().filter(x -> x.name().equals(s.name()))
                    .map(StackStatus.ServiceStatus::rollout).filter(x -> x != null).findFirst().orElse(null);
            boolean same = p != null && p.generation() == r.generation() && p.target().equals(r.target()) && p.active();
            // a rollback has its own events (RollingBack, RolledBack, from the planner and the reconciler); its
            // replicas are named as they come back
            boolean back = RolloutProgress.ROLLING_BACK.equals(r.state()) || RolloutStatus.ROLLED_BACK.equals(r.state());
            if (!same && r.active() && !back) {
                out.add(EventDraft.normal(stack, s.name(), ObjectRef.service(s.name()), Reasons.ROLLOUT_STARTED,
                        "generation " + r.generation() + ": " + r.total() + (r.total() == 1 ? " replica" : " replicas") + " in "
                                + r.batches() + (r.batches() == 1 ? " batch" : " batches") + ", " + r.order()));
            }
            if (!same && !r.active()) continue; // a completed one seen for the first time: nothing happened now
            var announced = new HashSet<Integer>(same ? p.replicas() : List.of());
            for (int replica : r.replicas()) {
                if (announced.contains(replica)) continue;
                out.add(EventDraft.normal(stack, s.name(), replica(next, s.name(), replica), Reasons.REPLICA_UPDATED, back
                        ? "replica " + replica + " is back on the previous revision's spec (rollback of generation "
                                + r.generation() + ", " + position(r, replica).replace("updated", "back") + ")"
                        : "replica " + replica + " runs generation " + r.generation() + " (" + position(r, replica) + ")"));
            }
            var seen = new HashSet<String>();
            if (same) p.failed().forEach(f -> seen.add(f.containerId()));
            for (ReplicaFailure f : r.failed()) {
                if (seen.contains(f.containerId())) continue;
                out.add(EventDraft.warning(stack, s.name(), replica(next, s.name(), f.replica()), Reasons.REPLICA_UPDATE_FAILED,
                        "replica " + f.replica() + " failed its update to generation " + r.generation() + ": " + f.reason()));
            }
            if (same && !r.active() && !back) {
                Duration took = r.completedAt() == null || r.startedAt() == null ? Duration.ZERO : Duration.between(r.startedAt(), r.completedAt());
                out.add(EventDraft.normal(stack, s.name(), ObjectRef.service(s.name()), Reasons.ROLLOUT_COMPLETED,
                        "generation " + r.generation() + ": " + r.updated() + "/" + r.total() + " replicas updated in "
                                + took.toMillis() / 1000.0 + "s"));
            }
        }
        return out;
    }

    private static String position(RolloutStatus r, int replica) {
        int i = r.replicas().indexOf(replica) + 1;
        return i + "/" + r.total() + " updated";
    }

    /** The replica's container as the status lists it (its real name, not a temporary one), else the service. */
    private static ObjectRef replica(StackStatus status, String service, int replica) {
        return status.containers(service).stream().filter(c -> c.replica() == replica
                        && !dev.stackd.controller.engine.Names.isTemp(c.name())).findFirst()
                .map(c -> ObjectRef.container(c.name())).orElse(ObjectRef.service(service));
    }
}
