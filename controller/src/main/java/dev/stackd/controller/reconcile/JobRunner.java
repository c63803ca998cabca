package dev.stackd.controller.reconcile;

import dev.stackd.controller.event.Reasons;
import dev.stackd.controller.event.ObjectRef;
import dev.stackd.controller.event.EventDraft;
import dev.stackd.api.model.StackSpec;
import dev.stackd.controller.engine.ObservedContainer;
import dev.stackd.controller.exec.EventSink;
import dev.stackd.controller.exec.Execution;
import dev.stackd.controller.exec.Executor;
import dev.stackd.controller.observe.JobState;
import dev.stackd.controller.observe.ObservedState;
import dev.stackd.controller.plan.JobPlan;
import dev.stackd.controller.plan.JobPlan.Decision;
import dev.stackd.controller.plan.JobPlanner;
import dev.stackd.controller.plan.JobRuns;
import dev.stackd.controller.plan.Operation;
import dev.stackd.controller.plan.Plan;
import dev.stackd.controller.status.JobStatus;
import dev.stackd.controller.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs' part of a reconcile: plans them ({@link JobPlanner}, pure), has the executor make the engine calls,
 * and records what was decided: the store's memory of each job, the events, the status. A run's end is recorded
 * before its container may be removed by the history; a fire time counts as acted on once its run started (or
 * when it was skipped).
 */
public final class JobRunner {
    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    /** What the pass did: when to look again (null: no job asks), and whether engine calls were made and all succeeded. */
    public record Outcome(Duration requeueAfter, boolean executed, boolean succeeded, String error) {
        static final Outcome NONE = new Outcome(null, false, true, null);
    }

    private final Store store;
    private final Executor executor;
    private final EventSink events;

    /** @param executor for the runs' engine calls; its events are the Warnings only (a run's Job* events say the rest) */
    public JobRunner(Store store, Executor executor, EventSink events) {
        this.store = store;
        this.executor = executor;
        this.events = events;
    }

    public Outcome run(StackSpec spec, ObservedState observed) {
        String stack = spec.name();
        if (spec.services().values().stream().noneMatch(JobRuns::isJob)) {
            // the stack's last job left the spec: its memory goes too (the runs go as orphans of the services' plan);
            // without this, forgetGone never ran again for the stack and the rows stayed until the stack was deleted
            if (store.hasJobs(stack)) store.forgetJobs(stack, Set.of(), Set.of());
            return Outcome.NONE;
        }
        Map<String, JobState> states = store.jobs(stack);
        JobPlan plan = JobPlanner.plan(spec, observed, states);
        for (var step : plan.steps()) {
            for (var d : step.decisions()) {
                switch (d) {
                    case Decision.Known k -> store.jobKnown(stack, step.service(), k.since());
                    case Decision.Finish f -> finished(stack, step.service(), f);
                    default -> { }
                }
            }
        }
        Execution execution = null;
        if (plan.hasOperations()) {
            var services = plan.steps().stream().filter(s -> !s.operations().isEmpty())
                    .map(s -> new Plan.ServiceStep(s.service(), Set.of(), s.operations())).toList();
            execution = executor.execute(new Plan(stack, List.of(), List.of(), services, List.of(), List.of(), null));
            log.debug("jobs stack={} plan=\n{}", stack, plan.render());
        }
        for (var step : plan.steps()) {
            for (var d : step.decisions()) {
                switch (d) {
                    case Decision.Start s -> started(stack, step, s, execution);
                    case Decision.Skip s -> {
                        store.jobScheduled(stack, step.service(), s.scheduledFor(), true);
                        events.record(EventDraft.normal(stack, step.service(), ObjectRef.job(step.service()), Reasons.JOB_SKIPPED,
                                "skipped the run of " + s.scheduledFor() + ": " + s.why()));
                        scheduledNext(stack, step);
                    }
                    case Decision.TimeOut t -> events.record(EventDraft.warning(stack, step.service(), ObjectRef.container(t.run()), Reasons.JOB_TIMED_OUT,
                            "run " + t.run() + " took longer than its timeout (" + t.timeout() + "): stopped"));
                    case Decision.Known k -> scheduledNext(stack, step);
                    default -> { }
                }
            }
        }
        writeStatus(spec, observed, states, plan);
        forgetGone(spec, observed, states);
        if (execution == null) return new Outcome(plan.requeueAfter(), false, true, null);
        String error = execution.succeeded() ? null : execution.failed().getFirst().error().getMessage();
        return new Outcome(plan.requeueAfter(), true, execution.succeeded(), error);
    }

    private void finished(String stack, String service, Decision.Finish f) {
        store.jobRunFinished(stack, service, f.run(), f.succeeded(), f.exitCode(), f.finishedAt(), f.duration());
        String retries = f.restarts() > 0 ? " after " + f.restarts() + (f.restarts() == 1 ? " retry" : " retries") : "";
        if (f.succeeded()) {
            events.record(EventDraft.normal(stack, service, ObjectRef.container(f.run()), Reasons.JOB_SUCCEEDED,
                    "run " + f.run() + " succeeded in " + seconds(f.duration()) + retries));
        } else {
            events.record(EventDraft.warning(stack, service, ObjectRef.container(f.run()), Reasons.JOB_FAILED,
                    "run " + f.run() + " failed with exit code " + f.exitCode() + " in " + seconds(f.duration()) + retries));
        }
    }

    /** Acted on once its container started; a start that failed leaves the run to the next pass (created, not started). */
    private void started(String stack, JobPlan.Step step, Decision.Start s, Execution execution) {
        boolean hasStart = step.operations().stream().anyMatch(op -> op instanceof Operation.StartContainer st && st.container().equals(s.run()));
        boolean ok = !hasStart || (execution != null && execution.done().stream()
                .anyMatch(op -> op instanceof Operation.StartContainer st && st.container().equals(s.run())));
        if (!ok) return;
        if (s.manual()) store.jobRequestStarted(stack, step.service(), s.scheduledFor());
        else store.jobScheduled(stack, step.service(), s.scheduledFor(), false);
        if (hasStart) {
            events.record(EventDraft.normal(stack, step.service(), ObjectRef.container(s.run()), Reasons.JOB_STARTED, "run " + s.run() + " started: " + s.cause()));
        }
        if (!s.manual()) scheduledNext(stack, step);
    }

    private void scheduledNext(String stack, JobPlan.Step step) {
        events.record(EventDraft.normal(stack, step.service(), ObjectRef.job(step.service()), Reasons.JOB_SCHEDULED,
                step.nextFire() == null ? "no next run (suspended, or the schedule ends)" : "next run at " + step.nextFire()));
    }

    private void writeStatus(StackSpec spec, ObservedState observed, Map<String, JobState> states, JobPlan plan) {
        for (var step : plan.steps()) {
            var job = JobRuns.job(spec.service(step.service()));
            JobState state = states.get(step.service());
            Instant lastScheduled = later(state == null ? null : state.lastScheduled(), step.lastScheduled());
            Instant lastSuccessful = state == null ? null : state.lastSuccessful();
            long skipped = state == null ? 0 : state.skipped();
            for (var d : step.decisions()) {
                if (d instanceof Decision.Finish f && f.succeeded()) lastSuccessful = later(lastSuccessful, f.finishedAt());
                if (d instanceof Decision.Skip) skipped++;
            }
            var runs = new ArrayList<JobStatus.Run>();
            var active = new ArrayList<String>();
            for (ObservedContainer c : runsOf(spec.name(), step.service(), observed)) {
                boolean ended = c.state() == ObservedContainer.State.EXITED || c.state() == ObservedContainer.State.DEAD;
                if (c.isRunning() || c.state() == ObservedContainer.State.PAUSED) active.add(c.name());
                runs.add(new JobStatus.Run(c.name(), JobRuns.scheduledFor(c), JobRuns.manual(c) ? "manual" : "schedule",
                        c.state().name().toLowerCase(Locale.ROOT), ended ? c.exitCode() : null, c.restartCount(),
                        ended ? c.finishedAt() : null));
            }
            var status = new JobStatus(step.service(), job.schedule(), job.zone().getId(), job.suspend(), lastScheduled, lastSuccessful,
                    active, step.nextFire(), skipped, step.waiting(), runs);
            store.setJobStatus(spec.name(), step.service(), status.toJson());
        }
    }

    /** The store forgets jobs the spec no longer has and the records of runs whose containers are gone (only when there are). */
    private void forgetGone(StackSpec spec, ObservedState observed, Map<String, JobState> states) {
        var jobs = new HashSet<String>();
        spec.services().values().stream().filter(JobRuns::isJob).forEach(s -> jobs.add(s.name()));
        var runs = new HashSet<String>();
        observed.containers().forEach(c -> runs.add(c.name()));
        boolean stale = states.values().stream().anyMatch(s -> !jobs.contains(s.service()) || !runs.containsAll(s.recorded()));
        if (stale) store.forgetJobs(spec.name(), jobs, runs);
    }

    private static List<ObservedContainer> runsOf(String stack, String service, ObservedState observed) {
        return observed.containers().stream()
                .filter(c -> stack.equals(c.stack()) && service.equals(c.service()) && JobRuns.isRun(c))
                .sorted(java.util.Comparator.comparing(ObservedContainer::name)).toList();
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) return b;
        if (b == null) return a;
        return a.isAfter(b) ? a : b;
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }
}
