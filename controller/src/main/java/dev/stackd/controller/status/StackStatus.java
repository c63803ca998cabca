package dev.stackd.controller.status;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.stackd.api.model.StackSpec;
import dev.stackd.controller.observe.ObservedState;
import dev.stackd.controller.plan.Plan;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a stack looks like to its user after one pass: three conditions (Ready, Progressing, Degraded) in the
 * Kubernetes manner, per service counts, and every container. The one model of a status: {@link StatusCalculator}
 * computes it, the store keeps it as JSON ({@link StatusJson}), and the API, {@code stackd get}/{@code describe} and
 * the metrics read it back as this record. Its JSON is the API's {@code status} (docs/api.md).
 *
 * @param observedGeneration the generation of the spec this status was computed from (0 until the reconciler stamps it)
 * @param observedAt         when the engine was observed
 */
@JsonIgnoreProperties(ignoreUnknown = true) // written by a newer stackd: what this one knows still reads
public record StackStatus(long observedGeneration, Instant observedAt, List<Condition> conditions,
                          List<ServiceStatus> services, List<ContainerStatus> containers) {
    public static final String READY = "Ready";
    public static final String PROGRESSING = "Progressing";
    public static final String DEGRADED = "Degraded";
    /** The condition types every status carries, in order. */
    public static final List<String> CONDITION_TYPES = List.of(READY, PROGRESSING, DEGRADED);

    public StackStatus {
        // a stored status may lack a list (written before it existed): read as empty
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
        services = services == null ? List.of() : List.copyOf(services);
        containers = containers == null ? List.of() : List.copyOf(containers);
    }

    public static StackStatus of(StackSpec desired, ObservedState observed, Plan plan) {
        return StatusCalculator.status(desired, observed, plan);
    }

    /** The condition of that type ("Ready", "Progressing", "Degraded"), or null when the status has none. */
    public Condition condition(String type) {
        return conditions.stream().filter(c -> type.equals(c.type())).findFirst().orElse(null);
    }

    /** Whether the condition of that type is there and True. */
    public boolean isTrue(String type) {
        var c = condition(type);
        return c != null && c.isTrue();
    }

    /** The containers of one service, in replica order. */
    public List<ContainerStatus> containers(String service) {
        return containers.stream().filter(c -> service.equals(c.service())).toList();
    }

    /**
     * This status as the reconciler stores it for {@code generation}: a condition keeps the transition time of the
     * previous status while it keeps its value, and takes {@code now} when it changes (or is new).
     */
    public StackStatus observed(long generation, StackStatus previous, Instant now) {
        Map<String, Condition> before = previous == null ? Map.of()
                : previous.conditions.stream().collect(Collectors.toMap(Condition::type, Function.identity(), (a, b) -> a));
        var stamped = conditions.stream().map(c -> {
            var p = before.get(c.type());
            Instant since = p != null && p.status() == c.status() && p.lastTransitionTime() != null ? p.lastTransitionTime() : now;
            return c.since(since);
        }).toList();
        Map<String, RolloutStatus> rollouts = new java.util.HashMap<>();
        if (previous != null) previous.services.forEach(p -> { if (p.rollout() != null) rollouts.put(p.name(), p.rollout()); });
        var withRollouts = services.stream().map(s -> s.withRollout(RolloutStatus.next(s, rollouts.get(s.name()), generation, now))).toList();
        return new StackStatus(generation, observedAt == null ? now : observedAt, stamped, withRollouts, containers);
    }

    /** Whether two statuses differ in more than the time they were taken. */
    public boolean sameState(StackStatus other) {
        return other != null && observedGeneration == other.observedGeneration && conditions.equals(other.conditions)
                && services.equals(other.services) && containers.equals(other.containers);
    }

    public enum ConditionStatus {
        True, False,
        /** Not known yet; also what a stored value this stackd does not know reads as. */
        @JsonEnumDefaultValue Unknown;

        public static ConditionStatus of(boolean value) {
            return value ? True : False;
        }
    }

    /** @param lastTransitionTime when {@code status} last changed; null until the reconciler stamps it */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Condition(String type,
                            @JsonFormat(with = JsonFormat.Feature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE) ConditionStatus status, String reason, String message, Instant lastTransitionTime) {
        public static Condition of(String type, boolean status, String reason, String message) {
            return new Condition(type, ConditionStatus.of(status), reason, message, null);
        }

        @JsonIgnore
        public boolean isTrue() {
            return status == ConditionStatus.True;
        }

        Condition since(Instant time) {
            return new Condition(type, status, reason, message, time);
        }
    }

    /**
     * @param desired      replicas wanted
     * @param running      replicas in state running
     * @param healthy      running replicas that are healthy, or have no healthcheck (null in statuses of old stackd versions)
     * @param ready        replicas ready: running and healthy (or without a healthcheck), or a completed one-shot; the
     *                     one rule behind the Ready condition and every "ready" count shown (null in statuses
     *                     written before it was counted)
     * @param restarts     restarts of the current containers: the engine's policy restarts plus stackd's starts in the current crash loop
     * @param completed    every replica is a one-shot that exited 0
     * @param lastExitCode exit code of the most recently finished container that is not running, or null
     * @param backoffUntil the earliest time stackd will start a failed container again, or null when none backs off
     * @param restart      the user's latest restart request and how far it got, or null when there was none
     * @param rollout      the service's latest rollout of a new spec or image, or null when none was seen
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ServiceStatus(String name, int desired, int running, Integer healthy, Integer ready, int restarts,
                                boolean completed, Integer lastExitCode, Instant backoffUntil,
                                @JsonInclude(JsonInclude.Include.NON_NULL) RestartStatus restart,
                                @JsonInclude(JsonInclude.Include.NON_NULL) RolloutStatus rollout) {
        public ServiceStatus(String name, int desired, int running, Integer healthy, Integer ready, int restarts,
                             boolean completed, Integer lastExitCode, Instant backoffUntil, RestartStatus restart) {
            this(name, desired, running, healthy, ready, restarts, completed, lastExitCode, backoffUntil, restart, null);
        }

        ServiceStatus withRollout(RolloutStatus r) {
            return new ServiceStatus(name, desired, running, healthy, ready, restarts, completed, lastExitCode, backoffUntil, restart, r);
        }

        /**
         * Every replica ready. A status written before {@code ready} was counted: every replica running, and
         * healthy when it said.
         */
        @JsonIgnore
        public boolean isReady() {
            if (ready != null) return ready >= desired;
            return running >= desired && (healthy == null || healthy >= desired);
        }
    }

    /**
     * @param state    the engine's lower-case word ("running", "exited")
     * @param health   "healthy", "unhealthy", "starting", or "none" without a healthcheck
     * @param exitCode the exit code of a container that finished; absent otherwise
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ContainerStatus(String id, String name, String service, int replica, String state, String health,
                                  int restartCount, @JsonInclude(JsonInclude.Include.NON_NULL) Integer exitCode) {}

    /**
     * A restart request's progress.
     *
     * @param restarted  replicas restarted (or started) since the request, of {@code total}
     * @param waitingFor the container restarted since the request that is not ready yet, or null
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RestartStatus(Instant requestedAt, int restarted, int total, String waitingFor) {
        /** Every replica restarted and ready again. */
        @JsonIgnore
        public boolean done() {
            return restarted == total && waitingFor == null;
        }
    }
}
