package dev.stackd.controller.status;

import dev.stackd.controller.plan.Inventory;
import dev.stackd.controller.plan.ObjectLabels;
import dev.stackd.controller.plan.Plan;
import dev.stackd.controller.plan.RolloutProgress;
import dev.stackd.controller.plan.ServiceHash;
import dev.stackd.controller.engine.Names;
import dev.stackd.controller.plan.ServiceRestart;
import dev.stackd.controller.plan.ServiceWork;
import dev.stackd.api.model.ServiceSpec;
import dev.stackd.api.model.StackSpec;
import dev.stackd.controller.engine.ObservedContainer;
import dev.stackd.controller.event.EventType;
import dev.stackd.controller.event.Reasons;
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

    static StackStatus status(StackSpec applied, ObservedState observed, Plan plan) {
        StackSpec desired = dev.stackd.controller.plan.RollbackSpec.effective(applied, observed.rollout()); // as the planner
        var inventory = Inventory.of(desired, observed);
        var services = new ArrayList<ServiceStatus>();
        var containers = new ArrayList<ContainerStatus>();
        var notReady = new ArrayList<String>();
        var unhealthy = new ArrayList<String>();
        for (ServiceSpec s : desired.services().values()) {
            if (dev.stackd.controller.plan.JobRuns.isJob(s)) continue; // a job's status is its own (JobStatus)
            var status = service(desired, s, observed, inventory);
            services.add(status);
            observed.containers().stream()
                    .filter(c -> ObjectLabels.ownedBy(c.labels(), desired.name()) && s.name().equals(c.service()))
                    .sorted(Comparator.comparingInt(ObservedContainer::replica).thenComparing(ObservedContainer::name))
                    .map(StatusCalculator::container).forEach(containers::add);
            for (int r = 1; r <= status.desired(); r++) {
                var c = inventory.current(s.name(), r);
                if (c != null && c.health() == Health.UNHEALTHY) unhealthy.add(c.name());
            }
            if (status.ready() < status.desired()) notReady.add(s.name() + " (" + status.ready() + "/" + status.desired() + ")");
        }
        return new StackStatus(0, observed.takenAt(), List.of(ready(notReady), progressing(plan, rolledBack(observed)),
                degraded(plan, unhealthy, rolledBack(observed))),
                services, containers);
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
        var restart = ServiceRestart.of(s, inventory, observed);
        String target = ServiceHash.of(s) + "@" + observed.images().getOrDefault(Names.image(desired.name(), s), "");
        var rollout = RolloutStatus.of(RolloutProgress.of(desired, s, observed, inventory), target);
        return new ServiceStatus(s.name(), replicas, running, healthy, ready, restarts, replicas > 0 && completed == replicas,
                lastFinished == null ? null : lastFinished.exitCode(), backoffUntil, restart == null ? null
                        : new StackStatus.RestartStatus(restart.requestedAt(), restart.restarted(), restart.total(),
                                restart.waitingFor() == null ? null : restart.waitingFor().name()), rollout);
    }

    /** The one rule of readiness: running and healthy (or unchecked), or a one-shot that did its job. */
    static boolean ready(ServiceSpec s, ObservedContainer c) {
        return ServiceWork.ready(s, c);
    }

    private static ContainerStatus container(ObservedContainer c) {
        boolean finished = c.state() == State.EXITED || c.state() == State.DEAD;
        return new ContainerStatus(c.id(), c.name(), c.service(), c.replica(), lower(c.state()), lower(c.health()), c.restartCount(),
                finished ? c.exitCode() : null);
    }

    private static Condition ready(List<String> notReady) {
        if (notReady.isEmpty()) return Condition.of(StackStatus.READY, true, "AllServicesReady", "every service has its replicas ready or completed");
        return Condition.of(StackStatus.READY, false, "ServicesNotReady", "not ready: " + String.join(", ", notReady));
    }

    /** The services whose rollback is done, each as "web: generation 3 failed (...); back on generation 2's spec". */
    private static List<String> rolledBack(ObservedState observed) {
        return observed.rollout().holds().values().stream().filter(h -> h.rollingBack() && h.doneAt() != null)
                .map(h -> h.service() + ": generation " + h.generation() + " failed (" + h.reason() + "); back on generation "
                        + h.toGeneration() + "'s spec (apply again, or stackd rollback)").toList();
    }

    private static Condition progressing(Plan plan, List<String> rolledBack) {
        var rollingBack = messages(plan, Reasons.ROLLING_BACK);
        if (!rollingBack.isEmpty()) return Condition.of(StackStatus.PROGRESSING, true, Reasons.ROLLING_BACK, String.join("; ", rollingBack));
        // a stored pause holds however the failed replica's repair goes: no progress until a resume or a new apply
        var held = messages(plan, Reasons.ROLLOUT_PAUSED);
        if (!held.isEmpty()) return Condition.of(StackStatus.PROGRESSING, false, Reasons.ROLLOUT_PAUSED, String.join("; ", held));
        if (!plan.isEmpty()) return Condition.of(StackStatus.PROGRESSING, true, "Reconciling", plan.operations().size() + " operations to run");
        var waits = messages(plan, Reasons.WAITING_FOR_DEPENDENCY);
        if (!waits.isEmpty()) return Condition.of(StackStatus.PROGRESSING, true, Reasons.WAITING_FOR_DEPENDENCY, String.join("; ", waits));
        var rollouts = messages(plan, Reasons.WAITING_FOR_UPDATED_REPLICA, Reasons.ROLLOUT_DELAY);
        if (!rollouts.isEmpty()) return Condition.of(StackStatus.PROGRESSING, true, Reasons.ROLLING_OUT, String.join("; ", rollouts));
        var restarts = messages(plan, Reasons.WAITING_FOR_RESTARTED_REPLICA);
        if (!restarts.isEmpty()) return Condition.of(StackStatus.PROGRESSING, true, Reasons.RESTARTING, String.join("; ", restarts));
        // the failed generation is not tried again by itself: the rollout is over, it did not converge
        if (!rolledBack.isEmpty()) return Condition.of(StackStatus.PROGRESSING, false, Reasons.ROLLED_BACK, String.join("; ", rolledBack));
        return Condition.of(StackStatus.PROGRESSING, false, "Converged", "nothing to do");
    }

    private static List<String> messages(Plan plan, String... reasons) {
        var wanted = List.of(reasons);
        return plan.notices().stream().filter(n -> wanted.contains(n.reason())).map(n -> n.service() + " " + n.message()).toList();
    }

    /** Degraded: something only time or the user can fix (a Warning notice), or containers reporting unhealthy. */
    private static Condition degraded(Plan plan, List<String> unhealthy, List<String> rolledBack) {
        var reasons = new LinkedHashSet<String>();
        var messages = new ArrayList<String>();
        for (var n : plan.notices()) {
            if (n.type() != EventType.Warning) continue;
            reasons.add(n.reason());
            messages.add(n.object().render() + ": " + n.message());
        }
        if (!rolledBack.isEmpty()) {
            reasons.add(Reasons.ROLLED_BACK);
            messages.addAll(rolledBack);
        }
        if (!unhealthy.isEmpty()) {
            reasons.add("Unhealthy");
            messages.add("unhealthy: " + String.join(", ", unhealthy));
        }
        if (reasons.isEmpty()) return Condition.of(StackStatus.DEGRADED, false, "AsExpected", "no warnings");
        return Condition.of(StackStatus.DEGRADED, true, reasons.iterator().next(), String.join("; ", messages));
    }

    private static boolean healthyOrUnchecked(ObservedContainer c) {
        return c.health() == Health.HEALTHY || c.health() == Health.NONE;
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
