package dev.stackd.controller.observe;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * What the store says of the stack's current rollout, carried in the observed snapshot (as the restart requests are)
 * so that the planner keeps its two inputs.
 *
 * @param generation the stack's generation (0: not known, as in tests that plan without a store)
 * @param appliedAt  when it was applied (null: not known): a replica created before is not of this rollout
 * @param updated    the services whose spec this generation changed and that ran before it (a new service is
 *                   created, not updated: its first replicas failing is a crash, not a failed update)
 * @param holds      the stored pause or rollback of each service, of this generation only
 */
public record RolloutState(long generation, Instant appliedAt, Set<String> updated, Map<String, RolloutHold> holds) {
    public static final RolloutState NONE = new RolloutState(0, null, Set.of(), Map.of());

    public RolloutState {
        updated = Set.copyOf(updated);
        holds = Map.copyOf(holds);
    }

    public RolloutHold hold(String service) {
        return holds.get(service);
    }
}
