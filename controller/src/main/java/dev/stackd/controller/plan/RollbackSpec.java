package dev.stackd.controller.plan;

import dev.stackd.api.model.ServiceSpec;
import dev.stackd.api.model.StackSpec;
import dev.stackd.controller.observe.RolloutState;
import java.util.TreeMap;

/**
 * The spec a stack runs while services roll back: each such service as the revision it goes back to had it. The
 * stored desired spec stays what the user applied (shown as failed); this is what the planner, the observer (its
 * images) and the status work from, so that the failed generation is not tried again by itself.
 */
public final class RollbackSpec {
    private RollbackSpec() {
    }

    public static StackSpec effective(StackSpec desired, RolloutState rollout) {
        if (rollout.holds().values().stream().noneMatch(h -> h.rollingBack())) return desired;
        var services = new TreeMap<String, ServiceSpec>(desired.services());
        for (var hold : rollout.holds().values()) {
            // a service the spec dropped since is not brought back
            if (hold.rollingBack() && services.containsKey(hold.service())) services.put(hold.service(), hold.previous());
        }
        return new StackSpec(desired.name(), services, desired.networks(), desired.volumes(), desired.secrets(), desired.configs());
    }
}
