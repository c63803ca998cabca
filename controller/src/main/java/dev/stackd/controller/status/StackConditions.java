package dev.stackd.controller.status;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Which conditions are True for each stack, as its last reconcile computed them: the in-memory view behind
 * {@code stackd_stacks{condition}}, which reads {@link #counts()} at every scrape (cheap: no store query).
 * A stack leaves it when its deletion starts.
 */
public final class StackConditions {
    private final Map<String, Set<String>> trueByStack = new ConcurrentHashMap<>();

    /** The stack's conditions after a reconcile. */
    public void update(String stack, StackStatus status) {
        trueByStack.put(stack, trueTypes(status));
    }

    /**
     * The stack's conditions as its stored status says (at startup, before its first reconcile here): ignored when
     * the stack has no stored status yet, or when a reconcile already counted it.
     */
    public void seed(String stack, String statusJson) {
        StatusJson.stored(statusJson).ifPresent(status -> trueByStack.putIfAbsent(stack, trueTypes(status)));
    }

    private static Set<String> trueTypes(StackStatus status) {
        return status.conditions().stream().filter(StackStatus.Condition::isTrue).map(StackStatus.Condition::type)
                .collect(Collectors.toUnmodifiableSet());
    }

    public void remove(String stack) {
        trueByStack.remove(stack);
    }

    /** Condition type -> how many stacks have it True (types no stack has are absent). */
    public Map<String, Integer> counts() {
        var out = new HashMap<String, Integer>();
        for (var types : trueByStack.values()) {
            for (String t : types) out.merge(t, 1, Integer::sum);
        }
        return out;
    }
}
