package dev.stackd.controller.observe;

import dev.stackd.controller.engine.ObservedContainer;
import dev.stackd.controller.engine.ObservedNetwork;
import dev.stackd.controller.engine.ObservedVolume;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One snapshot of what the engine has for a stack, taken before planning; the planner makes no engine calls.
 *
 * @param containers every container labelled with the stack (running or not)
 * @param networks   every network on the engine, by name (owned or not: the planner needs to see name clashes and externals)
 * @param volumes    every volume on the engine, by name
 * @param images     image reference -> image ID, for each image the stack's services name; absent when not present locally
 * @param restarts   stackd's own memory of the restarts it made, by container name (for crash-loop backoff)
 * @param takenAt    when the snapshot was taken
 * @param compose    docker compose's objects of the stack's project that stackd does not own yet (adoption candidates)
 * @param restartRequests the user's latest restart request of each service (service -> when), from the store: desired
 *                   state, carried here beside the restart memory so that the planner keeps its two inputs
 * @param rollout    the stored state of the stack's rollout (its generation, the pauses and rollbacks decided), as
 *                   the restart requests
 */
public record ObservedState(
        String stack,
        List<ObservedContainer> containers,
        Map<String, ObservedNetwork> networks,
        Map<String, ObservedVolume> volumes,
        Map<String, String> images,
        Map<Replica, RestartRecord> restarts,
        Instant takenAt,
        ComposeProject compose,
        Map<String, Instant> restartRequests,
        RolloutState rollout) {

    public ObservedState {
        if (rollout == null) rollout = RolloutState.NONE;
        if (compose == null) compose = ComposeProject.NONE;
        restartRequests = restartRequests == null ? Map.of() : Map.copyOf(restartRequests);
        containers = List.copyOf(containers);
        networks = Map.copyOf(networks);
        volumes = Map.copyOf(volumes);
        images = Map.copyOf(images);
        restarts = Map.copyOf(restarts);
    }

    /** A snapshot without a stored rollout state. */
    public ObservedState(String stack, List<ObservedContainer> containers, Map<String, ObservedNetwork> networks,
                         Map<String, ObservedVolume> volumes, Map<String, String> images,
                         Map<Replica, RestartRecord> restarts, Instant takenAt, ComposeProject compose,
                         Map<String, Instant> restartRequests) {
        this(stack, containers, networks, volumes, images, restarts, takenAt, compose, restartRequests, RolloutState.NONE);
    }

    /** A snapshot without restart requests. */
    public ObservedState(String stack, List<ObservedContainer> containers, Map<String, ObservedNetwork> networks,
                         Map<String, ObservedVolume> volumes, Map<String, String> images,
                         Map<Replica, RestartRecord> restarts, Instant takenAt, ComposeProject compose) {
        this(stack, containers, networks, volumes, images, restarts, takenAt, compose, Map.of());
    }

    /** A snapshot without compose objects to adopt. */
    public ObservedState(String stack, List<ObservedContainer> containers, Map<String, ObservedNetwork> networks,
                         Map<String, ObservedVolume> volumes, Map<String, String> images,
                         Map<Replica, RestartRecord> restarts, Instant takenAt) {
        this(stack, containers, networks, volumes, images, restarts, takenAt, ComposeProject.NONE, Map.of());
    }

    /**
     * What stackd remembers of a replica's restarts.
     *
     * @param restarts    restarts in the current crash loop (reset after the container ran long enough)
     * @param nextRetryAt no start before this instant (null: at once)
     * @param staleTask   the engine refused the last start because a task of the container's ID was left in
     *                    containerd (moby 20.10, a start cut short by the engine's shutdown): no start of that
     *                    container can succeed again, a new container (a new ID) can
     */
    public record RestartRecord(int restarts, Instant lastRestartAt, Instant nextRetryAt, boolean staleTask) {
        public RestartRecord(int restarts, Instant lastRestartAt, Instant nextRetryAt) {
            this(restarts, lastRestartAt, nextRetryAt, false);
        }
    }

    /** One replica of a service of this stack: what restart memory is kept for. */
    public record Replica(String service, int replica) {
        public static Replica of(ObservedContainer c) {
            return new Replica(c.service(), c.replica());
        }
    }

    /** The restart memory of a replica, or null. */
    public RestartRecord restartsOf(ObservedContainer c) {
        return c.service() == null ? null : restarts.get(Replica.of(c));
    }

    public ObservedState withRestarts(Map<Replica, RestartRecord> restarts) {
        return new ObservedState(stack, containers, networks, volumes, images, restarts, takenAt, compose, restartRequests, rollout);
    }

    public ObservedState withCompose(ComposeProject compose) {
        return new ObservedState(stack, containers, networks, volumes, images, restarts, takenAt, compose, restartRequests, rollout);
    }

    public ObservedState withRestartRequests(Map<String, Instant> restartRequests) {
        return new ObservedState(stack, containers, networks, volumes, images, restarts, takenAt, compose, restartRequests, rollout);
    }

    public ObservedState withRollout(RolloutState rollout) {
        return new ObservedState(stack, containers, networks, volumes, images, restarts, takenAt, compose, restartRequests, rollout);
    }

    public static ObservedState empty(String stack, Instant at) {
        return new ObservedState(stack, List.of(), Map.of(), Map.of(), Map.of(), Map.of(), at);
    }
}
