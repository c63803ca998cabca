package dev.stackd.controller.reconcile;

import dev.stackd.controller.loop.EngineEvents;
import dev.stackd.controller.loop.Result;
import dev.stackd.controller.status.StackConditions;
import dev.stackd.controller.status.StatusJson;
import dev.stackd.api.Manifests;
import dev.stackd.api.model.ServiceSpec;
import dev.stackd.api.model.ServiceSpec.StackdSettings;
import dev.stackd.api.model.StackSpec;
import dev.stackd.controller.engine.EngineException;
import dev.stackd.controller.event.EventDraft;
import dev.stackd.controller.event.ObjectRef;
import dev.stackd.controller.event.Reasons;
import dev.stackd.controller.exec.EventSink;
import dev.stackd.controller.loop.Result.Failure;
import dev.stackd.controller.exec.Execution;
import dev.stackd.controller.exec.Executor;
import dev.stackd.controller.observe.Adoptions;
import dev.stackd.controller.engine.ObservedContainer;
import dev.stackd.controller.observe.ObservedState;
import dev.stackd.controller.engine.ObservedContainer.State;
import dev.stackd.controller.observe.Observer;
import dev.stackd.controller.plan.Operation;
import dev.stackd.controller.plan.Plan;
import dev.stackd.controller.plan.Planner;
import dev.stackd.controller.plan.RollbackSpec;
import dev.stackd.controller.observe.RolloutHold;
import dev.stackd.controller.observe.RolloutState;
import dev.stackd.controller.status.StackStatus;
import dev.stackd.controller.status.RolloutEvents;
import dev.stackd.controller.store.Store;
import dev.stackd.controller.store.StoreFullException;
import dev.stackd.controller.store.StackRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reconcile of one stack, level-triggered: whatever woke it, it reads the desired state from the store,
 * observes the engine once, plans, executes, and records status and events. Quiet when nothing changes.
 */
public final class Reconciler implements Function<String, Result> {
    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
    /** After a plan that changed something, look again soon: that pass confirms convergence and updates status. */
    static final Duration VERIFY_AFTER = Duration.ofSeconds(1);

    private final Store store;
    private final Observer observer;
    private final Planner planner;
    private final Executor executor;
    private final RestartBackoff backoff;
    private final EngineEvents triggers;
    private final EventSink events;
    private final Clock clock;
    private final StackConditions conditions = new StackConditions();
    private final JobRunner jobs;

    public Reconciler(Store store, Observer observer, Planner planner, Executor executor, RestartBackoff backoff,
                      EngineEvents triggers, EventSink events, Clock clock) {
        this(store, observer, planner, executor, backoff, triggers, events, clock, null);
    }

    /** @param jobs runs the stacks' scheduled jobs (null: none are run) */
    public Reconciler(Store store, Observer observer, Planner planner, Executor executor, RestartBackoff backoff,
                      EngineEvents triggers, EventSink events, Clock clock, JobRunner jobs) {
        this.jobs = jobs;
        this.store = store;
        this.observer = observer;
        this.planner = planner;
        this.executor = executor;
        this.backoff = backoff;
        this.triggers = triggers;
        this.events = events;
        this.clock = clock;
    }

    /** The conditions of every stack as its last reconcile here computed them (stackd_stacks{condition}). */
    public StackConditions conditions() {
        return conditions;
    }

    @Override
    public Result apply(String stack) {
        var record = store.get(stack);
        if (record.isEmpty()) {
            conditions.remove(stack);
            return Result.done();
        }
        try {
            return record.get().deleting() ? delete(record.get()) : converge(record.get());
        } catch (EngineException e) {
            // an expected failure, retried with backoff: the engine did not answer (its outage log says so once for
            // every stack), or answered an observation with an error
            return Result.retry(e.unavailable() ? Failure.ENGINE_UNAVAILABLE : Failure.ENGINE_ERROR, e.getMessage());
        } catch (StoreFullException e) {
            // the store said so once (store-full); status and events wait for space, the reconcile is retried
            return Result.retry(Failure.STORE_FULL, e.getMessage());
        }
    }

    private Result converge(StackRecord record) {
        String stack = record.name();
        StackSpec spec;
        try {
            spec = Manifests.stackFromJson(record.specJson());
        } catch (RuntimeException e) {
            // a terminal error: retrying will not fix a spec that does not read; the next apply will
            events.record(EventDraft.warning(stack, null, ObjectRef.stack(stack), Reasons.INVALID_SPEC, e.getMessage()));
            return Result.terminal("the stored spec does not read: " + e.getMessage());
        }
        if (triggers != null) {
            triggers.own(stack, ownedNames(spec));
            triggers.useImages(stack, dev.stackd.controller.observe.Observer.imageRefs(spec));
        }
        long t0 = System.nanoTime();
        var adoptions = store.adoptions(stack);
        var rollout = StoredRollout.read(store, record, spec);
        // the images of a service rolling back are those of the spec it goes back to, and so are its crash loops (a
        // start-first replacement of the failed spec that was removed says nothing of the rollback's)
        var effective = RollbackSpec.effective(spec, rollout);
        var observed = observer.observe(stack, effective, adoptions);
        forgetGone(stack, adoptions, observed);
        for (var c : observed.containers()) backoff.observeRunning(stack, c, settings(spec, c.service()), observed.takenAt());
        observed = observed.withRestarts(backoff.snapshot(effective)).withRestartRequests(store.restartRequests(stack))
                .withRollout(rollout);

        Plan plan = planner.plan(spec, observed);
        for (var n : plan.notices()) events.record(n.event(stack));
        boolean decided = hold(record, spec, plan, rollout);
        // a rollback found done is recorded; this pass's status was taken before: the next pass, at once, says it
        boolean rolledBack = rollbacksDone(record, plan, rollout);
        Execution execution = plan.isEmpty() ? null : executor.execute(plan);
        if (execution != null) observer.invalidate();
        if (execution != null) recordRestarts(effective, observed.containers(), execution);
        var jobPass = jobs == null ? JobRunner.Outcome.NONE : jobs.run(spec, observed);
        if (jobPass.executed()) observer.invalidate();
        if (!jobPass.succeeded() && (execution == null || execution.succeeded())) {
            return Result.retry(Failure.OPERATION_FAILED, jobPass.error());
        }

        var status = StackStatus.of(spec, observed, plan);
        conditions.update(stack, status);
        writeStatus(record, status);
        if (execution != null) {
            log.info("reconciled stack={} generation={} ops={} failed={} ms={}", stack, record.generation(),
                    execution.done().size(), execution.failed().size(), (System.nanoTime() - t0) / 1_000_000);
            if (!execution.succeeded()) return Result.retry(Failure.OPERATION_FAILED, execution.failed().getFirst().error().getMessage());
        }
        // the decision is stored: the next pass plans with it (a rollback with the earlier spec) at once
        if (decided || rolledBack) return Result.requeueAfter(Duration.ZERO);
        if (execution != null) {
            return Result.requeueAfter(min(min(plan.requeueAfter(), VERIFY_AFTER), jobPass.requeueAfter()));
        }
        if (jobPass.executed()) return Result.requeueAfter(min(VERIFY_AFTER, jobPass.requeueAfter()));
        Duration after = plan.requeueAfter() == null ? jobPass.requeueAfter() : min(plan.requeueAfter(), jobPass.requeueAfter());
        if (after == null) return Result.done();
        var held = plan.notices().stream().filter(n -> Reasons.BACK_OFF.equals(n.reason())).findFirst();
        return held.isPresent() ? Result.held(after, held.get().object().render() + ": " + held.get().message())
                : Result.requeueAfter(after);
    }

    private Result delete(StackRecord record) {
        String stack = record.name();
        conditions.remove(stack); // a stack on its way out is no longer Ready, Progressing or Degraded
        var observed = observer.observe(stack, null, store.adoptions(stack).permitting(false));
        StackSpec last = lastSpec(record);
        // the last spec gives the grace periods, stop signals and the dependents-first order; without one (a spec
        // that no longer reads) everything owned goes with the engine's defaults
        Plan plan = last != null ? planner.planDeletion(last, observed, record.deleteVolumes())
                : planner.planDeletion(stack, observed, record.deleteVolumes(), null);
        if (plan.isEmpty()) {
            store.remove(stack);
            backoff.forgetStack(stack);
            if (triggers != null) triggers.disown(stack);
            events.record(EventDraft.normal(stack, null, ObjectRef.stack(stack), Reasons.DELETED,
                    "every object of the stack is removed" + (record.deleteVolumes() ? ", volumes included" : "; named volumes kept")));
            log.info("deleted stack={}", stack);
            return Result.done();
        }
        var execution = executor.execute(plan);
        observer.invalidate();
        if (!execution.succeeded()) return Result.retry(Failure.OPERATION_FAILED, execution.failed().getFirst().error().getMessage());
        return Result.requeueAfter(Duration.ZERO);
    }

    private static StackSpec lastSpec(String specJson) {
        return StoredRollout.spec(specJson);
    }

    private static StackSpec lastSpec(StackRecord record) {
        try {
            return record.specJson() == null ? null : Manifests.stackFromJson(record.specJson());
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Adopted objects the observation no longer shows are gone for good (an ID is never reused): forgotten, so that the
     * store holds what exists. An adopted container is always seen while it exists: its compose labels cannot change.
     */
    private void forgetGone(String stack, Adoptions adoptions, ObservedState observed) {
        if (adoptions.objects().isEmpty()) return;
        var ids = new HashSet<String>();
        observed.containers().forEach(c -> ids.add(c.id()));
        observed.networks().values().forEach(n -> ids.add(n.id()));
        var gone = adoptions.objects().stream().filter(o -> switch (o.kind()) {
            case CONTAINER, NETWORK -> !ids.contains(o.id());
            case VOLUME -> !observed.volumes().containsKey(o.id());
        }).toList();
        if (!gone.isEmpty()) store.forgetAdopted(stack, gone);
    }

    /** Status is written when it changed (not on every quiet pass: a store write per resync is churn). */
    private void writeStatus(StackRecord record, StackStatus status) {
        var previous = StatusJson.stored(record.statusJson()).orElse(null);
        var stamped = status.observed(record.generation(), previous, clock.instant());
        if (record.observedGeneration() == record.generation() && stamped.sameState(previous)) return;
        for (var e : RolloutEvents.between(record.name(), previous, stamped)) events.record(e);
        store.setStatus(record.name(), record.generation(), StatusJson.write(stamped));
        // the first time the generation is seen converged, its revision is Completed (a pause or rollback is not)
        var ready = stamped.condition(StackStatus.READY);
        var progressing = stamped.condition(StackStatus.PROGRESSING);
        if (ready != null && ready.isTrue() && progressing != null && !progressing.isTrue() && "Converged".equals(progressing.reason())) {
            store.revisionCompleted(record.name(), record.generation());
        }
    }

    /**
     * Stores the pauses and rollbacks the plan decided (each once: a stored one is not decided again). A rollback
     * goes to the newest revision before this one that did not roll back and that has the service; without one it
     * is a pause. Returns whether one was stored.
     */
    private boolean hold(StackRecord record, StackSpec spec, Plan plan, RolloutState rollout) {
        boolean stored = false;
        var now = clock.instant();
        for (var h : plan.holds()) {
            if (rollout.hold(h.service()) != null) continue;
            RolloutHold hold = RolloutHold.pause(h.service(), record.generation(), h.reason(), now);
            if (h.rollback()) {
                var to = store.revisionBefore(record.name(), record.generation())
                        .filter(r -> { var p = lastSpec(r.specJson()); return p != null && p.service(h.service()) != null; });
                if (to.isPresent()) {
                    hold = RolloutHold.rollback(h.service(), record.generation(), h.reason(), to.get().generation(), now);
                } else {
                    hold = RolloutHold.pause(h.service(), record.generation(), h.reason()
                            + " (no earlier revision of the service to roll back to: paused)", now);
                }
            }
            if (!store.holdRollout(record.name(), hold)) continue;
            stored = true;
            log.info("rollout-held stack={} service={} generation={} action={} reason={}", record.name(), h.service(),
                    record.generation(), hold.action().key(), hold.reason());
        }
        return stored;
    }

    /**
     * A rollback is done once the plan has nothing left for it: no replica to bring back or wait for, no operation
     * on the service. The RolledBack event is recorded once (the store says whether it was done already). Returns
     * whether one was recorded done by this pass.
     */
    private boolean rollbacksDone(StackRecord record, Plan plan, RolloutState rollout) {
        boolean done = false;
        for (var h : rollout.holds().values()) {
            if (!h.rollingBack() || h.doneAt() != null) continue;
            boolean going = plan.notices().stream().anyMatch(n -> h.service().equals(n.service())
                    && (Reasons.ROLLING_BACK.equals(n.reason()) || Reasons.WAITING_FOR_UPDATED_REPLICA.equals(n.reason())
                    || Reasons.ROLLOUT_DELAY.equals(n.reason()) || Reasons.ROLLOUT_PAUSED.equals(n.reason())
                    || Reasons.BACK_OFF.equals(n.reason())))
                    || plan.services().stream().anyMatch(step -> step.service().equals(h.service()) && !step.operations().isEmpty());
            if (going || !store.rollbackDone(record.name(), h.service())) continue;
            done = true;
            events.record(EventDraft.normal(record.name(), h.service(), ObjectRef.service(h.service()), Reasons.ROLLED_BACK,
                    "generation " + h.generation() + " failed (" + h.reason() + "): every replica is back on generation "
                            + h.toGeneration() + "'s spec; generation " + h.generation() + " is not tried again (apply again, or stackd rollback)"));
        }
        return done;
    }

    /**
     * A start of a container that had exited, or a restart of an unhealthy one, is a step in a crash loop; so is a
     * start the engine refused (not one it could not be asked: an outage is no crash). Without the refused ones, a
     * container the engine can no longer start was tried again on every event its failed start caused, several
     * times a second (reliability/run chaos: "task already exists" after an engine restart). A restart the user
     * requested is no crash either. A failed start-first replacement removed is one.
     */
    private void recordRestarts(StackSpec spec, List<ObservedContainer> before, Execution execution) {
        var now = clock.instant();
        for (var f : execution.failed()) {
            boolean outage = f.error() instanceof EngineException e && e.unavailable();
            if (outage || !(f.operation() instanceof Operation.StartContainer start)) continue;
            before.stream().filter(c -> c.name().equals(start.container()) && c.service() != null).findFirst()
                    .ifPresent(c -> {
                        ServiceSpec s = spec.service(c.service());
                        if (s == null) return;
                        if (staleTask(f.error())) backoff.staleTask(spec.name(), s, c.replica(), now);
                        else backoff.restarted(spec.name(), s, c.replica(), now);
                    });
        }
        for (Operation op : execution.done()) {
            ObservedContainer restarted = switch (op) {
                case Operation.StartContainer s -> before.stream()
                        .filter(c -> c.name().equals(s.container()) && (c.state() == State.EXITED || c.state() == State.DEAD))
                        .findFirst().orElse(null);
                case Operation.RestartContainer r when !r.requested() -> before.stream().filter(c -> c.name().equals(r.container())).findFirst().orElse(null);
                // a start-first replacement that failed: the replica's next try waits its back-off
                case Operation.RemoveContainer r when r.failedUpdate() -> before.stream().filter(c -> c.name().equals(r.container())).findFirst().orElse(null);
                default -> null;
            };
            ServiceSpec s = restarted == null || restarted.service() == null ? null : spec.service(restarted.service());
            if (s != null) {
                var r = backoff.restarted(spec.name(), s, restarted.replica(), now);
                log.debug("restart-recorded container={} restarts={} next={}", restarted.name(), r.restarts(), r.nextRetryAt());
            }
        }
    }

    /** moby 20.10's answer to a start of a container whose task containerd kept: "task <id>: already exists". */
    static boolean staleTask(RuntimeException e) {
        String m = e.getMessage();
        return m != null && m.contains("task ") && m.contains("already exists");
    }

    private static StackdSettings settings(StackSpec spec, String service) {
        ServiceSpec s = service == null ? null : spec.service(service);
        return s == null ? StackdSettings.DEFAULTS : s.stackd();
    }

    private static List<String> ownedNames(StackSpec spec) {
        var names = new ArrayList<String>();
        spec.networks().values().forEach(n -> names.add(n.name()));
        spec.volumes().values().forEach(v -> names.add(v.name()));
        return names;
    }

    private static Duration min(Duration a, Duration b) {
        if (a == null) return b;
        if (b == null) return a;
        return a.compareTo(b) < 0 ? a : b;
    }
}
