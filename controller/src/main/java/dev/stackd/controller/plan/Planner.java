package dev.stackd.controller.plan;

import dev.stackd.controller.event.ObjectRef;
import dev.stackd.controller.event.Reasons;
import dev.stackd.api.model.ServiceSpec;
import dev.stackd.api.model.StackSpec;
import dev.stackd.controller.observe.ObservedState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Desired x observed -> {@link Plan}: pure and deterministic, no engine calls, observed.takenAt() is "now".
 * <p>
 * Every pass starts from scratch (level-triggered): what waits now (a dependency, a backoff, a missing external
 * object) is judged again on the next pass, which {@link Plan#requeueAfter()} asks for.
 * Notices are for what the user should act on or know about while it lasts; a Completed one-shot gets none (it
 * would repeat on every pass): the stack's status reports it.
 * Containers, networks and volumes without the stack's labels are never changed.
 */
public final class Planner {
    /** How soon to look again while a dependency is not ready. */
    public static final Duration DEPENDENCY_WAIT = Duration.ofSeconds(2);
    /** How soon to look again while something only the user can fix is missing (external object, image, name). */
    public static final Duration MISSING_WAIT = Duration.ofSeconds(10);

    public Plan plan(StackSpec applied, ObservedState observed) {
        StackSpec desired = RollbackSpec.effective(applied, observed.rollout()); // a service rolling back runs its earlier spec
        var findings = new Findings();
        var inventory = Inventory.of(desired, observed);
        var infra = Infrastructure.of(desired, observed, inventory, findings);
        var adoption = Adoption.of(desired, observed, findings);
        var steps = new ArrayList<Plan.ServiceStep>();
        var launching = new HashSet<String>();
        var creating = new ArrayList<ServiceSpec>();
        for (String name : desired.startOrder()) {
            ServiceSpec s = desired.service(name);
            if (JobRuns.isJob(s)) continue; // not started at apply: JobPlanner runs it on its schedule
            var work = ServiceWork.of(desired, s, observed, inventory, infra, adoption, findings);
            var ops = new ArrayList<>(adoption.of(name));
            ops.addAll(work.repairs());
            if (!work.launches().isEmpty() && mayLaunch(desired, s, work, observed, inventory, infra, launching, findings)) {
                ops.addAll(work.launches());
                launching.add(name);
            }
            if (work.creates() && !Images.unavailable(desired.name(), s, observed)) creating.add(s);
            if (!ops.isEmpty()) steps.add(new Plan.ServiceStep(name, after(desired, s), ops));
        }
        var infrastructure = new ArrayList<>(adoption.infrastructure());
        infrastructure.addAll(infra.create());
        infrastructure.addAll(Images.fetch(desired.name(), creating, observed));
        var prune = new ArrayList<>(adoption.prune());
        prune.addAll(inventory.prune());
        return new Plan(desired.name(), prune, infrastructure, steps, infra.cleanup(),
                findings.notices(), findings.requeueAfter(), findings.holds());
    }

    /** Deletes a stack: every owned container (stopped with the engine's default grace), network, and volume if asked. */
    public Plan planDeletion(String stack, ObservedState observed, boolean removeVolumes, Set<String> volumeNames) {
        return Deletion.plan(stack, null, observed, removeVolumes, volumeNames);
    }

    /** Deletes a stack whose last spec is known: its grace periods apply, and only its own non-external volumes go. */
    public Plan planDeletion(StackSpec lastKnown, ObservedState observed, boolean removeVolumes) {
        var volumes = new TreeSet<String>();
        lastKnown.volumes().values().stream().filter(v -> !v.external()).forEach(v -> volumes.add(v.name()));
        return Deletion.plan(lastKnown.name(), lastKnown, observed, removeVolumes, volumes);
    }

    /** Whether nothing holds the service's launches back; says what does otherwise. */
    private static boolean mayLaunch(StackSpec desired, ServiceSpec s, ServiceWork work, ObservedState observed,
                                     Inventory inventory, Infrastructure infra, Set<String> launching, Findings findings) {
        boolean blocked = false;
        for (var n : s.networks().keySet()) blocked |= infra.unusable().contains(ContainerRequests.networkName(desired, n));
        for (var v : ContainerRequests.volumeNames(desired, s).values()) blocked |= infra.unusable().contains(v);
        if (work.creates() && Images.unavailable(desired.name(), s, observed)) {
            String ref = dev.stackd.controller.engine.Names.image(desired.name(), s);
            findings.notice(Notice.warning(Reasons.IMAGE_MISSING, s.name(), ObjectRef.image(ref), "image not present and pull_policy is never"));
            findings.requeue(MISSING_WAIT);
            blocked = true;
        }
        if (blocked) return false; // the missing object's notice says why
        List<String> unmet = DependencyGate.unmet(desired, s, inventory, launching);
        if (unmet.isEmpty()) return true;
        findings.notice(Notice.normal(Reasons.WAITING_FOR_DEPENDENCY, s.name(), ObjectRef.service(s.name()), "waiting for " + String.join(", ", unmet)));
        findings.requeue(DEPENDENCY_WAIT);
        return false;
    }

    /** The services this one depends on that the stack has. */
    private static Set<String> after(StackSpec desired, ServiceSpec s) {
        var out = new TreeSet<String>();
        for (String dep : s.dependencies()) if (desired.services().containsKey(dep)) out.add(dep);
        return out;
    }
}
