package dev.stackd.controller.status;

import dev.stackd.controller.plan.Inventory;
import dev.stackd.controller.plan.ObjectLabels;
import dev.stackd.controller.plan.Plan;
import dev.stackd.controller.plan.ServiceWork;
import dev.stackd.api.model.ServiceSpec;
import dev.stackd.api.model.StackSpec;
import dev.stackd.controller.engine.ObservedContainer;
import dev.stackd.controller.engine.ObservedContainer.Health;
import dev.stackd.controller.engine.ObservedContainer.State;
import dev.stackd.controller.observe.ObservedState;
import dev.stackd.controller.status.StackStatus.Condition;
import dev.stackd.controller.status.StackStatus.ContainerStatus;
import dev.stackd.controller.status.StackStatus.ServiceStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * Status from the same inputs as the plan (and the plan itself): pure. Counts are over the container kept for each
 * replica; the container list shows every container of the service the stack owns, extras included.
 */
final class StatusCalculator {
    private StatusCalculator() {}

    static StackStatus status(StackSpec desired, ObservedState observed, Plan plan) {
        var inventory = Inventory.of(desired, observed);
        var services = new ArrayList<ServiceStatus>();
        var notReady = new ArrayList<String>();
        var unhealthy = new ArrayList<String>();
        for (ServiceSpec s : desired.services().values()) {
            if (dev.stackd.controller.plan.JobRuns.isJob(s)) continue; // a job's status is its own (JobStatus)
            var status = service(desired, s, observed, inventory);
            services.add(status);
            for (int r = 1; r <= status.desired(); r++) {
                var c = inventory.current(s.name(), r);
                if (c != null && c.health() == Health.UNHEALTHY) unhealthy.add(c.name());
            }
            if (status.ready() < status.desired()) notReady.add(s.name() + " (" + status.ready() + "/" + status.desired() + ")");
        }
        return new StackStatus(desired.name(), observed.takenAt(), services,
                List.of(ready(notReady), progressing(plan), degraded(plan, unhealthy)));
    }

    private static ServiceStatus service(StackSpec desired, ServiceSpec s, ObservedState observed, Inventory inventory) {
        int replicas = ServiceWork.replicas(s);
        int running = 0, healthy = 0, ready = 0, restarts = 0, completed = 0;
        Instant backoffUntil = null;
        ObservedContainer lastFinished = null;
        for (int r = 1; r <= replicas; r++) {
            var c = inventory.current(s.name(), r);
            if (c == null) continue;
            if (c.state() == State.RUNNING) running++;
            if (c.state() == State.RUNNING && healthyOrUnchecked(c)) healthy++;
            if (ServiceWork.completed(s, c)) completed++;
            if (ready(s, c)) ready++;
            var record = observed.restartsOf(c);
            restarts += c.restartCount() + (record == null ? 0 : record.restarts());
            if (record != null && record.nextRetryAt() != null && record.nextRetryAt().isAfter(observed.takenAt())
                    && (backoffUntil == null || record.nextRetryAt().isBefore(backoffUntil))) backoffUntil = record.nextRetryAt();
            if (!c.isRunning() && c.finishedAt() != null && (lastFinished == null || c.finishedAt().isAfter(lastFinished.finishedAt())))
                lastFinished = c;
        }
        var containers = observed.containers().stream()
                .filter(c -> ObjectLabels.ownedBy(c.labels(), desired.name()) && s.name().equals(c.service()))
                .sorted(Comparator.comparingInt(ObservedContainer::replica).thenComparing(ObservedContainer::name))
                .map(StatusCalculator::container).toList();
        return new ServiceStatus(s.name(), replicas, running, healthy, ready, restarts, lastFinished == null ? null : lastFinished.exitCode(),
                backoffUntil, replicas > 0 && completed == replicas, containers);
    }

    /** The one rule of readiness: running and healthy (or unchecked), or a one-shot that did its job. */
    static boolean ready(ServiceSpec s, ObservedContainer c) {
        return ServiceWork.completed(s, c) || (c.state() == State.RUNNING && healthyOrUnchecked(c));
    }

    private static ContainerStatus container(ObservedContainer c) {
        boolean finished = c.state() == State.EXITED || c.state() == State.DEAD;
        return new ContainerStatus(c.id(), c.name(), c.replica(), lower(c.state()), lower(c.health()), c.restartCount(),
                finished ? c.exitCode() : null);
    }

    private static Condition ready(List<String> notReady) {
        if (notReady.isEmpty()) return new Condition("Ready", true, "AllServicesReady", "every service has its replicas ready or completed");
        return new Condition("Ready", false, "ServicesNotReady", "not ready: " + String.join(", ", notReady));
    }

    private static Condition progressing(Plan plan) {
        if (!plan.isEmpty()) return new Condition("Progressing", true, "Reconciling", plan.operations().size() + " operations to run");
        var waits = plan.notices().stream().filter(n -> n.reason().equals("WaitingForDependency")).map(n -> n.service() + " " + n.message()).toList();
        if (!waits.isEmpty()) return new Condition("Progressing", true, "WaitingForDependency", String.join("; ", waits));
        return new Condition("Progressing", false, "Converged", "nothing to do");
    }

    /** Degraded: something only time or the user can fix (a Warning notice), or containers reporting unhealthy. */
    private static Condition degraded(Plan plan, List<String> unhealthy) {
        var reasons = new LinkedHashSet<String>();
        var messages = new ArrayList<String>();
        for (var n : plan.notices()) {
            if (!n.type().equals("Warning")) continue;
            reasons.add(n.reason());
            messages.add(n.target() + ": " + n.message());
        }
        if (!unhealthy.isEmpty()) {
            reasons.add("Unhealthy");
            messages.add("unhealthy: " + String.join(", ", unhealthy));
        }
        if (reasons.isEmpty()) return new Condition("Degraded", false, "AsExpected", "no warnings");
        return new Condition("Degraded", true, reasons.iterator().next(), String.join("; ", messages));
    }

    private static boolean healthyOrUnchecked(ObservedContainer c) {
        return c.health() == Health.HEALTHY || c.health() == Health.NONE;
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
