package dev.stackd.controller.plan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What one reconcile will do, in the order the executor runs it:
 * prune (containers that must go before anything is created: orphans, duplicates),
 * infrastructure (networks, volumes, images),
 * services (each service's operations in order; a service starts once every service in {@code after} is done;
 * independent services may run in parallel), cleanup (networks no longer wanted).
 *
 * @param requeueAfter when the stack should be looked at again even if nothing happens (waiting, backing off); null: no need
 * @param holds        the pauses and rollbacks this pass decided (a service's updated replicas failed over its
 *                     max_failure_ratio): the reconciler stores them, so that they stay
 */
public record Plan(
        String stack,
        List<Operation> prune,
        List<Operation> infrastructure,
        List<ServiceStep> services,
        List<Operation> cleanup,
        List<Notice> notices,
        Duration requeueAfter,
        List<Hold> holds) {

    public Plan {
        holds = holds == null ? List.of() : List.copyOf(holds);
        prune = List.copyOf(prune);
        infrastructure = List.copyOf(infrastructure);
        services = List.copyOf(services);
        cleanup = List.copyOf(cleanup);
        notices = List.copyOf(notices);
    }

    /** A plan that decides no pause or rollback. */
    public Plan(String stack, List<Operation> prune, List<Operation> infrastructure, List<ServiceStep> services,
                List<Operation> cleanup, List<Notice> notices, Duration requeueAfter) {
        this(stack, prune, infrastructure, services, cleanup, notices, requeueAfter, List.of());
    }

    /**
     * A rollout's failure action, decided: {@code rollback} goes back to the previous revision's spec of the service,
     * {@code pause} updates no more replicas.
     *
     * @param reason what failed ("demo-web-1 exited (code 1)")
     */
    public record Hold(String service, boolean rollback, String reason) {}

    /** One service's operations, run in order, after the services named in {@code after}. */
    public record ServiceStep(String service, Set<String> after, List<Operation> operations) {
        public ServiceStep {
            after = Set.copyOf(after);
            operations = List.copyOf(operations);
        }
    }

    /** Every operation in execution order (services in list order). */
    public List<Operation> operations() {
        var all = new ArrayList<Operation>(prune);
        all.addAll(infrastructure);
        for (var s : services) all.addAll(s.operations());
        all.addAll(cleanup);
        return all;
    }

    public boolean isEmpty() {
        return prune.isEmpty() && infrastructure.isEmpty() && cleanup.isEmpty()
                && services.stream().allMatch(s -> s.operations().isEmpty());
    }

    /** Stable text: the oracle of the planner's golden tests and what dry runs show. */
    public String render() {
        var b = new StringBuilder("plan for stack ").append(stack).append('\n');
        if (isEmpty() && notices.isEmpty()) return b.append("  (nothing to do)\n").toString();
        section(b, "prune", prune);
        section(b, "infrastructure", infrastructure);
        for (var s : services) {
            if (s.operations().isEmpty()) continue;
            b.append("service ").append(s.service());
            if (!s.after().isEmpty()) b.append(" (after ").append(String.join(", ", s.after().stream().sorted().toList())).append(')');
            b.append(":\n");
            for (var op : s.operations()) b.append("  ").append(op.render()).append('\n');
        }
        section(b, "cleanup", cleanup);
        for (var n : notices) b.append("notice: ").append(n.render()).append('\n');
        if (requeueAfter != null) b.append("requeue after ").append(requeueAfter.toMillis()).append("ms\n");
        return b.toString();
    }

    private static void section(StringBuilder b, String title, List<Operation> ops) {
        if (ops.isEmpty()) return;
        b.append(title).append(":\n");
        for (var op : ops) b.append("  ").append(op.render()).append('\n');
    }
}
