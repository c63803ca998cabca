package dev.stackd.controller.observe;

import dev.stackd.api.model.ServiceSpec;
import dev.stackd.api.model.UpdateConfig;
import java.time.Instant;

/**
 * A pause or a rollback the reconciler decided for one service's rollout of one generation, as stored: it stays until
 * a new apply (a new generation) or, for a pause, {@code stackd rollout resume}. Without it a rollout paused only
 * while its failed replica was down, and a rollback would try the failed generation again as soon as it was done.
 *
 * @param generation   the generation whose rollout failed
 * @param reason       what failed ("web-1 exited (code 1)")
 * @param toGeneration a rollback's: the revision whose spec of the service it goes back to; null for a pause
 * @param doneAt       a rollback's: when every replica was back on that spec (the RolledBack event's time); else null
 * @param previous     a rollback's: the service as {@code toGeneration} had it (read from the revision; null in the
 *                     store's answer, filled in by the reconciler)
 * @param config       a rollback's pacing: the failed spec's {@code rollback_config} (filled in as {@code previous})
 */
public record RolloutHold(String service, long generation, Action action, String reason, Long toGeneration,
                          Instant heldAt, Instant doneAt, ServiceSpec previous, UpdateConfig config) {
    public enum Action {
        PAUSE, ROLLBACK;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Action of(String key) {
            return valueOf(key.toUpperCase(java.util.Locale.ROOT));
        }
    }

    public static RolloutHold pause(String service, long generation, String reason, Instant at) {
        return new RolloutHold(service, generation, Action.PAUSE, reason, null, at, null, null, null);
    }

    public static RolloutHold rollback(String service, long generation, String reason, long toGeneration, Instant at) {
        return new RolloutHold(service, generation, Action.ROLLBACK, reason, toGeneration, at, null, null, null);
    }

    /** A rollback the planner can carry out: it knows the spec to go back to. */
    public boolean rollingBack() {
        return action == Action.ROLLBACK && previous != null;
    }

    public RolloutHold withPrevious(ServiceSpec previous, UpdateConfig config) {
        return new RolloutHold(service, generation, action, reason, toGeneration, heldAt, doneAt, previous,
                config == null ? UpdateConfig.DEFAULTS : config);
    }
}
