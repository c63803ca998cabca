package dev.stackd.api.compose;

import dev.stackd.api.model.ServiceSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds depends_on cycles; each is reported once, as "a -> b -> a" starting from its smallest name, and at most
 * {@link #MAX_REPORTED} of them. The walk keeps its own stack: a chain of thousands of services would overflow
 * the thread's, and the first cycles are enough to act on.
 */
final class DependencyCycles {
    private DependencyCycles() {}

    static final int MAX_REPORTED = 10;

    static List<List<String>> find(Map<String, ServiceSpec> services) {
        List<List<String>> cycles = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Set<String> done = new HashSet<>();
        for (String start : new TreeSet<>(services.keySet())) {
            if (done.contains(start)) continue;
            // depth-first from start: the path, where each of its services is on it, what each has left to visit
            List<String> path = new ArrayList<>();
            Map<String, Integer> onPath = new HashMap<>();
            Deque<Iterator<String>> left = new ArrayDeque<>();
            path.add(start);
            onPath.put(start, 0);
            left.push(services.get(start).dependencies().iterator());
            while (!left.isEmpty()) {
                Iterator<String> deps = left.peek();
                if (!deps.hasNext()) {
                    String finished = path.removeLast();
                    onPath.remove(finished);
                    done.add(finished);
                    left.pop();
                    continue;
                }
                String dep = deps.next();
                if (done.contains(dep) || !services.containsKey(dep)) continue;
                Integer at = onPath.get(dep);
                if (at != null) {
                    record(path.subList(at, path.size()), seen, cycles);
                    if (cycles.size() == MAX_REPORTED) return cycles;
                    continue;
                }
                onPath.put(dep, path.size());
                path.add(dep);
                left.push(services.get(dep).dependencies().iterator());
            }
        }
        return cycles;
    }

    private static void record(List<String> cycle, Set<String> seen, List<List<String>> cycles) {
        int min = cycle.indexOf(cycle.stream().min(String::compareTo).orElseThrow());
        List<String> rotated = new ArrayList<>(cycle.subList(min, cycle.size()));
        rotated.addAll(cycle.subList(0, min));
        if (seen.add(String.join(",", rotated))) {
            rotated.add(rotated.getFirst());
            cycles.add(List.copyOf(rotated));
        }
    }
}
