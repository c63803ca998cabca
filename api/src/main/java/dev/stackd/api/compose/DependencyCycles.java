package dev.stackd.api.compose;

import dev.stackd.api.model.ServiceSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Finds depends_on cycles; each is reported once, as "a -> b -> a" starting from its smallest name. */
final class DependencyCycles {
    private DependencyCycles() {}

    static List<List<String>> find(Map<String, ServiceSpec> services) {
        List<List<String>> cycles = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Set<String> done = new HashSet<>();
        for (String s : new java.util.TreeSet<>(services.keySet())) visit(s, services, new LinkedHashSet<>(), done, seen, cycles);
        return cycles;
    }

    private static void visit(String s, Map<String, ServiceSpec> services, LinkedHashSet<String> path, Set<String> done,
                              Set<String> seen, List<List<String>> cycles) {
        if (done.contains(s) || !services.containsKey(s)) return;
        if (path.contains(s)) {
            List<String> onPath = new ArrayList<>(path);
            List<String> cycle = new ArrayList<>(onPath.subList(onPath.indexOf(s), onPath.size()));
            int min = cycle.indexOf(cycle.stream().min(String::compareTo).orElseThrow());
            List<String> rotated = new ArrayList<>(cycle.subList(min, cycle.size()));
            rotated.addAll(cycle.subList(0, min));
            if (seen.add(String.join(",", rotated))) {
                rotated.add(rotated.getFirst());
                cycles.add(List.copyOf(rotated));
            }
            return;
        }
        path.add(s);
        for (String dep : services.get(s).dependsOn().keySet()) visit(dep, services, path, done, seen, cycles);
        path.remove(s);
        done.add(s);
    }
}
