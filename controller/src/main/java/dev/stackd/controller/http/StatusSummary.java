package dev.stackd.controller.http;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.stackd.controller.status.StackStatus;
import dev.stackd.controller.status.StackStatus.ConditionStatus;

/**
 * The headline of a stack's status: its Ready condition and how many services are ready.
 *
 * @param ready         the Ready condition's status: True, False, or Unknown before the first reconcile
 * @param reason        the Ready condition's reason, or null
 * @param servicesReady services with every replica ready by the Ready condition's rule (running and healthy, or a
 *                      completed one-shot: {@link StackStatus.ServiceStatus#isReady()})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StatusSummary(ConditionStatus ready, String reason, String message, int servicesReady, int servicesTotal) {

    /** @param status the stack's status, or null before its first reconcile */
    public static StatusSummary of(StackStatus status) {
        if (status == null) return new StatusSummary(ConditionStatus.Unknown, null, null, 0, 0);
        var ready = status.condition(StackStatus.READY);
        int readyServices = (int) status.services().stream().filter(StackStatus.ServiceStatus::isReady).count();
        return new StatusSummary(ready == null ? ConditionStatus.Unknown : ready.status(), ready == null ? null : ready.reason(),
                ready == null ? null : ready.message(), readyServices, status.services().size());
    }
}
