package dev.stackd.controller.plan;

import dev.stackd.api.model.ServiceSpec;
import dev.stackd.controller.engine.BuildRequest;
import dev.stackd.controller.engine.Names;
import dev.stackd.controller.observe.ObservedState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;

/**
 * Pulls and builds, for the services about to create a container. A loop must not pull or build on every pass,
 * so pull_policy "always" and "build" mean: whenever a container is created; a missing image is always fetched.
 */
final class Images {
    private Images() {}

    /**
     * always, and compose's refresh windows (daily, weekly, every_N): stackd never pulls in the background, and it
     * does not know when a local image was pulled, so a window pulls whenever a container is created, as always does.
     */
    static boolean pullsOnCreate(String policy) {
        return policy.equals("always") || policy.equals("daily") || policy.equals("weekly") || policy.startsWith("every_");
    }

    /** Whether the service cannot get its image: missing locally, no build, and pull_policy "never". */
    static boolean unavailable(String stack, ServiceSpec s, ObservedState observed) {
        return s.build() == null && "never".equals(s.pullPolicy()) && !observed.images().containsKey(Names.image(stack, s));
    }

    /** One pull or build per image reference (the first service by name owns it), sorted by reference. */
    static List<Operation> fetch(String stack, Collection<ServiceSpec> creating, ObservedState observed) {
        var byRef = new TreeMap<String, Operation>();
        creating.stream().sorted((a, b) -> a.name().compareTo(b.name())).forEach(s -> {
            String ref = Names.image(stack, s);
            if (byRef.containsKey(ref)) return;
            boolean present = observed.images().containsKey(ref);
            String policy = s.pullPolicy() == null ? "missing" : s.pullPolicy();
            if (s.build() != null) {
                String cause = !present ? "missing" : policy.equals("build") ? "pull_policy build" : null;
                if (cause != null)
                    byRef.put(ref, new Operation.BuildImage(new BuildRequest(s.build(), ref, ObjectLabels.image(stack, s)), s.name(), cause));
            } else {
                String cause = !present && !policy.equals("never") ? "missing" : present && pullsOnCreate(policy) ? "pull_policy " + policy : null;
                if (cause != null) byRef.put(ref, new Operation.PullImage(ref, s.name(), cause));
            }
        });
        return new ArrayList<>(byRef.values());
    }
}
