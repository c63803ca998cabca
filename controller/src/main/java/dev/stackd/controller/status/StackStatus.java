package dev.stackd.controller.status;

import dev.stackd.controller.plan.Plan;
import dev.stackd.api.model.StackSpec;
import dev.stackd.controller.observe.ObservedState;
import java.time.Instant;
import java.util.List;

/**
 * What a stack looks like to its user after one pass: per service counts and containers, and three conditions
 * (Ready, Progressing, Degraded) in the Kubernetes manner. Computed by {@link StatusCalculator}.
 */
public record StackStatus(String stack, Instant observedAt, List<ServiceStatus> services, List<Condition> conditions) {
    /** The condition types every status carries, in order. */
    public static final List<String> CONDITION_TYPES = List.of("Ready", "Progressing", "Degraded");

    public StackStatus {
        services = List.copyOf(services);
        conditions = List.copyOf(conditions);
    }

    public static StackStatus of(StackSpec desired, ObservedState observed, Plan plan) {
        return StatusCalculator.status(desired, observed, plan);
    }

    /** The condition of that type ("Ready", "Progressing", "Degraded"). */
    public Condition condition(String type) {
        return conditions.stream().filter(c -> c.type().equals(type)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no condition " + type));
    }

    /**
     * @param desired      replicas wanted
     * @param running      replicas in state running
     * @param healthy      running replicas that are healthy, or have no healthcheck
     * @param restarts     restarts of the current containers: the engine's policy restarts plus stackd's starts in the current crash loop
     * @param lastExitCode exit code of the most recently finished container that is not running, or null
     * @param backoffUntil the earliest time stackd will start a failed container again, or null when none backs off
     * @param completed    every replica is a one-shot that exited 0
     * @param ready        replicas ready: running and healthy (or without a healthcheck), or a completed one-shot; the
     *                     one rule behind the Ready condition and every "ready" count shown
     * @param restart      the user's latest restart request and how far it got, or null when there was none
     */
    public record ServiceStatus(String service, int desired, int running, int healthy, int ready, int restarts, Integer lastExitCode,
                                Instant backoffUntil, boolean completed, List<ContainerStatus> containers, RestartStatus restart) {
        public ServiceStatus {
            containers = List.copyOf(containers);
        }
    }

    /**
     * A restart request's progress.
     *
     * @param restarted  replicas restarted (or started) since the request, of {@code total}
     * @param waitingFor the container restarted since the request that is not ready yet, or null
     */
    public record RestartStatus(Instant requestedAt, int restarted, int total, String waitingFor) {
        /** Every replica restarted and ready again. */
        public boolean done() {
            return restarted == total && waitingFor == null;
        }
    }

    /** state and health in the engine's lower-case words ("running", "healthy"; health "none" without a healthcheck). */
    public record ContainerStatus(String id, String name, int replica, String state, String health, int restartCount, Integer exitCode) {}

    public record Condition(String type, boolean status, String reason, String message) {}
}
