package dev.stackd.controller.http;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.stackd.controller.status.StackStatus;
import dev.stackd.controller.status.StackStatus.ConditionStatus;

/**
 * The headline of a stack's status: its Ready condition, how many services are ready, and whether it is still
 * Progressing (a rollout under way keeps the old replicas ready, so Ready alone does not say the change is done).
 *
 * @param ready         the Ready condition's status: True, False, or Unknown before the first reconcile
 * @param reason        the Ready condition's reason, or null
 * @param servicesReady services with every replica ready by the Ready condition's rule (running and healthy, or a
 *                      completed one-shot: {@link StackStatus.ServiceStatus#isReady()})
 * @param progressing   the Progressing condition's status: True while operations, a rollout or a restart are under
 *                      way; False once converged (or paused)
 * @param progressingReason the Progressing condition's reason ({@code RollingOut}, {@code Converged}, ...), or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StatusSummary(ConditionStatus ready, String reason, String message, int servicesReady, int servicesTotal,
                            ConditionStatus progressing, String progressingReason) {

    /** @param status the stack's status, or null before its first reconcile */
    public static StatusSummary of(StackStatus status) {
        if (status == null) return new StatusSummary(ConditionStatus.Unknown, null, null, 0, 0, ConditionStatus.Unknown, null);
        var ready = status.condition(StackStatus.READY);
        var progressing = status.condition(StackStatus.PROGRESSING);
        int readyServices = (int) status.services().stream().filter(StackStatus.ServiceStatus::isReady).count();
        return new StatusSummary(ready == null ? ConditionStatus.Unknown : ready.status(), ready == null ? null : ready.reason(),
                ready == null ? null : ready.message(), readyServices, status.services().size(),
                progressing == null ? ConditionStatus.Unknown : progressing.status(), progressing == null ? null : progressing.reason());
    }

    /** Ready, and nothing more under way: what {@code apply --wait} waits for. */
    public boolean done() {
        // a rollout that paused or rolled back is over, but what was applied does not run: not done
        return ready == ConditionStatus.True && progressing != ConditionStatus.True
                && !dev.stackd.controller.event.Reasons.ROLLOUT_PAUSED.equals(progressingReason)
                && !dev.stackd.controller.event.Reasons.ROLLED_BACK.equals(progressingReason);
    }
}
