package dev.stackd.controller.status;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.stackd.controller.plan.RolloutProgress;
import dev.stackd.controller.plan.RolloutProgress.ReplicaFailure;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A service's latest rollout of a new spec or image, in its stack's status ({@code stackd describe}). The
 * calculator fills in what the containers say now; {@link #next} carries over, from the stored status, what the
 * containers cannot say: the generation it rolls out and when it started. The rollout events are the transitions
 * between two stored ones ({@link RolloutEvents}), so each is recorded once however many passes see the same state.
 *
 * @param generation  the stack generation it rolls out (0 until stamped)
 * @param state       Progressing, Paused, RollingBack, Completed, or RolledBack (a rollback that brought every replica
 *                    back)
 * @param updated     replicas that run the new spec and succeeded, of {@code total}
 * @param batch       the batch under way (1-based) of {@code batches}
 * @param order       stop-first or start-first
 * @param target      what it rolls out: the service's spec hash and image ID (a new one is a new rollout)
 * @param startedAt   when stackd first saw it under way
 * @param completedAt when every replica ran the new spec and succeeded, or null
 * @param replicas    the updated replicas (the events name each once)
 * @param failed      replicas whose new container failed, as last seen
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RolloutStatus(long generation, String state, int updated, int total, int batch, int batches, String order,
                            String target, Instant startedAt, @JsonInclude(JsonInclude.Include.NON_NULL) Instant completedAt,
                            List<Integer> replicas, List<ReplicaFailure> failed) {
    public static final String COMPLETED = "Completed";
    public static final String ROLLED_BACK = "RolledBack";

    public RolloutStatus {
        replicas = replicas == null ? List.of() : List.copyOf(replicas);
        failed = failed == null ? List.of() : List.copyOf(failed);
    }

    /** The calculator's view: what the containers say now, not yet stamped. */
    static RolloutStatus of(RolloutProgress p, String target) {
        if (p == null) return null;
        return new RolloutStatus(0, p.state(), p.updated().size(), p.total(), p.batch(), p.batches(), p.order(), target,
                null, null, p.updated(), p.failed());
    }

    @JsonIgnore
    public boolean active() {
        return !COMPLETED.equals(state) && !ROLLED_BACK.equals(state);
    }

    /**
     * The rollout to store, from the calculator's view in {@code now} (on the service status) and the stored one:
     * a view under way with the stored one's target goes on with its generation and start; with another target it is
     * a new rollout of this generation; nothing under way completes a stored one under way. The last batch's
     * replicas still settling continue a rollout, and start none (a crashed replica is no rollout).
     */
    static RolloutStatus next(StackStatus.ServiceStatus now, RolloutStatus stored, long generation, Instant time) {
        RolloutStatus seen = now.rollout();
        if (seen == null) {
            if (stored == null || !stored.active()) return stored;
            var all = IntStream.rangeClosed(1, now.desired()).boxed().toList();
            String done = RolloutProgress.ROLLING_BACK.equals(stored.state) ? ROLLED_BACK : COMPLETED;
            return new RolloutStatus(stored.generation, done, now.desired(), now.desired(), stored.batches, stored.batches,
                    stored.order, stored.target, stored.startedAt, time, all, List.of());
        }
        boolean goesOn = stored != null && stored.active() && stored.target.equals(seen.target);
        if (RolloutProgress.SETTLING.equals(seen.state)) {
            if (!goesOn) return stored;
            return seen.stamped(RolloutProgress.PROGRESSING, stored.generation, stored.startedAt);
        }
        return goesOn ? seen.stamped(seen.state, stored.generation, stored.startedAt) : seen.stamped(seen.state, generation, time);
    }

    private RolloutStatus stamped(String state, long generation, Instant startedAt) {
        return new RolloutStatus(generation, state, updated, total, batch, batches, order, target, startedAt, null, replicas, failed);
    }
}
