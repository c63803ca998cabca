package dev.stackd.controller.plan;

import dev.stackd.api.model.ServiceSpec;
import dev.stackd.api.model.StackSpec;
import dev.stackd.controller.observe.ObservedState;
import java.util.List;

/**
 * Where a service's rollout of a new spec or image stands, as the status shows it (a restart request has its own
 * status): read from the same inputs as the plan, by the same rules ({@link ServiceRollout}).
 *
 * @param updated the replicas running the desired spec that succeeded (or take the replica's name in this pass)
 * @param failed  the replicas whose new container failed, as seen now
 * @param batch   the batch under way, 1-based, of {@code batches}
 * @param state   {@link #PROGRESSING}, {@link #PAUSED}, {@link #ROLLING_BACK} (a failed generation's replicas go
 *                back to the previous revision's spec), or {@link #SETTLING} (nothing left to replace, the last
 *                batch's replicas not a success yet)
 * @param order   the update_config's order: stop-first or start-first
 */
public record RolloutProgress(int total, List<Integer> updated, List<ReplicaFailure> failed, int batch, int batches,
                              String state, String order) {
    public static final String PROGRESSING = "Progressing";
    public static final String PAUSED = "Paused";
    public static final String SETTLING = "Settling";
    public static final String ROLLING_BACK = "RollingBack";

    public RolloutProgress {
        updated = List.copyOf(updated);
        failed = List.copyOf(failed);
    }

    /** A replica whose new container failed: that container (by ID: a retry is another container), and why. */
    public record ReplicaFailure(int replica, String containerId, String reason) {}

    /** The service's rollout now, or null when none is under way. */
    public static RolloutProgress of(StackSpec desired, ServiceSpec s, ObservedState observed, Inventory inventory) {
        return ServiceRollout.of(desired, s, observed, inventory, ServiceHash.of(s), new Findings()).progress();
    }
}
