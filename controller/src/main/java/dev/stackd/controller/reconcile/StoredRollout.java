package dev.stackd.controller.reconcile;

import dev.stackd.api.Manifests;
import dev.stackd.api.model.ServiceSpec;
import dev.stackd.api.model.StackSpec;
import dev.stackd.controller.observe.RolloutHold;
import dev.stackd.controller.observe.RolloutState;
import dev.stackd.controller.store.StackRecord;
import dev.stackd.controller.store.Store;
import java.util.HashMap;

/** The store's rollout state of a stack's current generation, as the planner takes it (the reconciler, GET .../plan). */
public final class StoredRollout {
    private StoredRollout() {
    }

    /**
     * The generation's time, updated services and holds; a rollback's hold gets the spec its service goes back to
     * (from the revision it names) and the failed spec's rollback_config to pace it. Without the earlier spec (it
     * does not read) the hold pauses: the failed generation is not tried again either way.
     */
    public static RolloutState read(Store store, StackRecord record, StackSpec spec) {
        var state = store.rolloutState(record.name(), record.generation());
        if (state.holds().values().stream().noneMatch(h -> h.action() == RolloutHold.Action.ROLLBACK)) return state;
        var holds = new HashMap<String, RolloutHold>(state.holds());
        for (var h : state.holds().values()) {
            if (h.action() != RolloutHold.Action.ROLLBACK || h.toGeneration() == null) continue;
            ServiceSpec previous = store.revision(record.name(), h.toGeneration()).map(r -> spec(r.specJson()))
                    .map(p -> p.service(h.service())).orElse(null);
            ServiceSpec failed = spec.service(h.service());
            holds.put(h.service(), h.withPrevious(previous, failed == null ? null : failed.rollbackConfig()));
        }
        return new RolloutState(state.generation(), state.appliedAt(), state.updated(), holds);
    }

    /** A stored spec, or null when it does not read. */
    static StackSpec spec(String specJson) {
        try {
            return specJson == null ? null : Manifests.stackFromJson(specJson);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
