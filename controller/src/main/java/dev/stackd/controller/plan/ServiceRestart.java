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
 * due. {@link ServiceRollout} paces them as any rollout (one at a time by default, the next once the one restarted
 * before is ready again and ran {@code monitor}); this record is the progress the status shows.
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

    /** "restart requested at T (1/3 replicas restarted)": the cause of each restart. */
    String progress() {
        return "restart requested at " + requestedAt + " (" + restarted() + "/" + total + " replicas restarted)";
    }
}
