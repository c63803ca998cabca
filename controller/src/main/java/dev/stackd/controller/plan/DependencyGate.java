package dev.stackd.controller.plan;

import dev.stackd.api.model.ServiceSpec;
import dev.stackd.api.model.StackSpec;
import dev.stackd.controller.engine.ObservedContainer;
import dev.stackd.controller.engine.ObservedContainer.Health;
import dev.stackd.controller.engine.ObservedContainer.State;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * depends_on conditions, judged on the observation (level-triggered: what is not met now is judged again on the
 * next pass). A dependency this plan launches counts as started, but not yet as healthy nor completed.
 * A running container without a healthcheck counts as healthy, as compose does.
 */
final class DependencyGate {
    private DependencyGate() {}

    /** "db (service_healthy)" for each dependency not met yet, in name order; empty when the service may launch. */
    static List<String> unmet(StackSpec desired, ServiceSpec s, Inventory inventory, Set<String> launching) {
        var out = new ArrayList<String>();
        s.dependsOn().forEach((dep, on) -> {
            ServiceSpec d = desired.service(dep);
            if (d == null) return; // an optional dependency that is not in the stack
            String condition = on == null || on.condition() == null ? "service_started" : on.condition();
            if (!met(condition, replicas(d, inventory), launching.contains(dep))) out.add(dep + " (" + condition + ")");
        });
        // network_mode: service:X joins the namespace of X's container: it must run, and not be replaced in this pass
        String shared = s.networkModeService();
        if (shared != null && desired.service(shared) != null) {
            ObservedContainer x = inventory.current(shared, 1);
            boolean ready = x != null && x.isRunning() && !launching.contains(shared);
            if (!ready && out.stream().noneMatch(u -> u.startsWith(shared + " "))) out.add(shared + " (network_mode: running)");
        }
        out.sort(null);
        return out;
    }

    static boolean met(String condition, List<ObservedContainer> replicas, boolean launching) {
        return switch (condition) {
            case "service_healthy" -> !launching && replicas.stream().allMatch(DependencyGate::healthy);
            case "service_completed_successfully" -> !launching && replicas.stream().allMatch(DependencyGate::succeeded);
            default -> launching || replicas.stream().anyMatch(c -> c != null && (c.isRunning() || succeeded(c)));
        };
    }

    private static boolean healthy(ObservedContainer c) {
        return c != null && c.state() == State.RUNNING && (c.health() == Health.HEALTHY || c.health() == Health.NONE);
    }

    private static boolean succeeded(ObservedContainer c) {
        return c != null && c.state() == State.EXITED && c.exitCode() == 0;
    }

    /** The kept container of each replica, null where it is missing. */
    private static List<ObservedContainer> replicas(ServiceSpec d, Inventory inventory) {
        var out = new ArrayList<ObservedContainer>();
        for (int r = 1; r <= ServiceWork.replicas(d); r++) out.add(inventory.current(d.name(), r));
        return out;
    }
}
