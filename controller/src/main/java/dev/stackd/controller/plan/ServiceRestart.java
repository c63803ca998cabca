package dev.stackd.controller.plan;

import dev.stackd.api.model.ServiceSpec;
import dev.stackd.controller.engine.ObservedContainer;
import dev.stackd.controller.engine.ObservedContainer.State;
import dev.stackd.controller.observe.ObservedState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a user's restart request of a service stands, from the request's time and the observed containers only (so
 * a restart of stackd goes on where it was): each replica whose running container started before the request is
 * due, and they are restarted one at a time, the next once the one restarted before is ready again (running, and
 * healthy when it has a healthcheck: {@link ServiceWork#ready}).
 * <p>
 * A replica that is not running (missing, exited, created) is not due: the start that brings it back comes after
 * the request. A completed one-shot is not run again: a restart is for long-running services.
 *
 * @param requestedAt the request's time
 * @param total       the replicas the service runs
 * @param due         the replicas still to restart, in replica order
 * @param waitingFor  a replica started since the request that is not ready yet (the next restart waits for it), or null
 */
public record ServiceRestart(Instant requestedAt, int total, List<ObservedContainer> due, ObservedContainer waitingFor) {
    public ServiceRestart {
        due = List.copyOf(due);
    }

    /** The service's restart, or null when it has no request. */
    public static ServiceRestart of(ServiceSpec s, Inventory inventory, ObservedState observed) {
        Instant at = observed.restartRequests().get(s.name());
        if (at == null) return null;
        int total = ServiceWork.replicas(s);
        var due = new ArrayList<ObservedContainer>();
        ObservedContainer waiting = null;
        for (int r = 1; r <= total; r++) {
            var c = inventory.current(s.name(), r);
            if (c == null) continue;
            boolean before = c.startedAt() == null || c.startedAt().isBefore(at);
            if (c.state() == State.RUNNING && before) due.add(c);
            else if (!before && waiting == null && !ServiceWork.ready(s, c)) waiting = c;
        }
        return new ServiceRestart(at, total, due, waiting);
    }

    /** Replicas restarted (or started) since the request. */
    public int restarted() {
        return total - due.size();
    }

    /** "restart requested at T: 1/3 replicas restarted" */
    String progress() {
        return "restart requested at " + requestedAt + ": " + restarted() + "/" + total + " replicas restarted";
    }

    /** The next replica's restart when nothing holds it back; else says what it waits for, or nothing when done. */
    List<Operation> next(ServiceSpec s, Findings findings) {
        if (due.isEmpty()) return List.of();
        if (waitingFor != null) {
            findings.notice(Notice.normal(RolloutReasons.WAITING_FOR_RESTARTED_REPLICA, s.name(), "service " + s.name(),
                    progress() + "; waiting for " + waitingFor.name() + " to be ready (" + describe(waitingFor) + ")"));
            findings.requeue(Planner.DEPENDENCY_WAIT);
            return List.of();
        }
        var c = due.getFirst();
        return List.of(new Operation.RestartContainer(c.name(), s.stopGracePeriod(), s.name(),
                progress().replace(": ", " (") + ")", true));
    }

    private static String describe(ObservedContainer c) {
        String state = c.state().name().toLowerCase(java.util.Locale.ROOT);
        return c.state() == State.RUNNING ? "health " + c.health().name().toLowerCase(java.util.Locale.ROOT) : state;
    }
}
