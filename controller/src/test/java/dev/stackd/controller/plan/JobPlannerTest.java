package dev.stackd.controller.plan;

import dev.stackd.controller.testing.RecordingEngine;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.api.compose.ComposeLoader;
import dev.stackd.api.compose.LoadRequest;
import dev.stackd.api.model.StackSpec;
import dev.stackd.controller.engine.Labels;
import dev.stackd.controller.engine.Names;
import dev.stackd.controller.engine.ObservedContainer;
import dev.stackd.controller.engine.ObservedContainer.Health;
import dev.stackd.controller.engine.ObservedContainer.State;
import dev.stackd.controller.observe.JobState;
import dev.stackd.controller.observe.ObservedState;
import dev.stackd.controller.plan.JobPlan.Decision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The job plan with hand-made clocks: "now" is the observation's time, the store's memory is a JobState. */
class JobPlannerTest {
    private static final Instant T = Instant.parse("2026-01-01T12:00:00Z");

    private static StackSpec stack(String job) {
        var r = ComposeLoader.load(LoadRequest.remote("""
                name: demo
                services:
                  db:
                    image: db:1
                  backup:
                    image: tool:1
                    depends_on: [db]
                    command: ["sh", "-c", "backup"]
                    x-stackd: %s
                """.formatted(job)));
        assertThat(r.errors()).isEmpty();
        return r.stack();
    }

    /** The stack's db running, images present, plus the given runs. */
    private static ObservedState observed(StackSpec spec, Instant now, ObservedContainer... runs) {
        var containers = new ArrayList<ObservedContainer>();
        containers.add(RecordingEngine.running(spec, spec.service("db"), 1));
        containers.addAll(List.of(runs));
        var images = new HashMap<String, String>();
        spec.services().values().forEach(s -> images.put(Names.image("demo", s), "sha256:x"));
        return new ObservedState("demo", containers, Map.of(), Map.of(), images, Map.of(), now);
    }

    private static ObservedContainer run(StackSpec spec, Instant scheduled, State state, int exitCode, String trigger) {
        var s = spec.service("backup");
        var labels = new HashMap<>(ObjectLabels.container("demo", s, 0, ServiceHash.of(s)));
        labels.put(Labels.JOB_RUN, scheduled.toString());
        labels.put(Labels.JOB_CREATED, scheduled.toString());
        labels.put(Labels.JOB_TRIGGER, trigger);
        boolean ended = state == State.EXITED;
        String name = JobRuns.name("demo", "backup", scheduled);
        return new ObservedContainer("id-" + name, name, labels, "tool:1", "sha256:x", state, exitCode, Health.NONE,
                scheduled, ended ? scheduled.plusSeconds(1) : null, 0, false, Map.of(), List.of());
    }

    private static ObservedContainer run(StackSpec spec, Instant scheduled, State state, int exitCode) {
        return run(spec, scheduled, state, exitCode, "schedule");
    }

    private static JobState state(Instant lastScheduled, String... recorded) {
        return new JobState("backup", T.minusSeconds(3600), lastScheduled, null, 0, null, Set.of(recorded));
    }

    private static JobPlan.Step step(StackSpec spec, ObservedState observed, JobState state) {
        var plan = JobPlanner.plan(spec, observed, state == null ? Map.of() : Map.of("backup", state));
        assertThat(plan.steps()).hasSize(1);
        return plan.steps().getFirst();
    }

    private static List<String> ops(JobPlan.Step step) {
        return step.operations().stream().map(Operation::render).toList();
    }

    private static List<String> decisions(JobPlan.Step step) {
        return step.decisions().stream().map(Decision::render).toList();
    }

    @Test
    void aNewJobIsKnownFromNowAndStartsNothing() {
        var spec = stack("{schedule: \"@every 2s\"}");
        var step = step(spec, observed(spec, T), null);
        assertThat(step.operations()).isEmpty();
        assertThat(step.decisions()).containsExactly(new Decision.Known(T));
        assertThat(step.nextFire()).isEqualTo(T.plusSeconds(2));
        assertThat(JobPlanner.plan(spec, observed(spec, T), Map.of()).requeueAfter()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aDueRunIsCreatedFromTheServiceWithRunLabelsAndStarted() {
        var spec = stack("{schedule: \"@every 2s\", retries: 3}");
        Instant now = T.plusSeconds(2).plusMillis(15);
        var step = step(spec, observed(spec, now), state(T));
        String run = "demo-backup-20260101120002";
        assertThat(ops(step)).containsExactly("create container " + run + ": scheduled for 2026-01-01T12:00:02Z",
                "start container " + run + ": scheduled for 2026-01-01T12:00:02Z");
        var create = (Operation.CreateContainer) step.operations().getFirst();
        assertThat(create.request().labels()).containsEntry(Labels.JOB_RUN, "2026-01-01T12:00:02Z")
                .containsEntry(Labels.JOB_CREATED, now.toString()).containsEntry(Labels.JOB_TRIGGER, "schedule")
                .containsEntry(Labels.STACK, "demo").containsEntry(Labels.SERVICE, "backup");
        // the engine does the retries; the rest of the spec is the service's
        assertThat(create.request().service().restart()).isEqualTo("on-failure:3");
        assertThat(create.request().service().command()).containsExactly("sh", "-c", "backup");
        assertThat(create.request().networkAliases()).contains("backup");
        assertThat(step.nextFire()).isEqualTo(T.plusSeconds(4));
        assertThat(decisions(step)).containsExactly("start " + run + " for 2026-01-01T12:00:02Z: scheduled for 2026-01-01T12:00:02Z");
    }

    @Test
    void afterDowntimeTheLatestMissedRunStartsOnceWithinItsDeadline() {
        var spec = stack("{schedule: \"@every 2s\", starting-deadline: 10s}");
        Instant now = T.plusSeconds(3601);
        var step = step(spec, observed(spec, now), state(T));
        assertThat(ops(step)).filteredOn(o -> o.startsWith("create")).containsExactly(
                "create container demo-backup-20260101130000: scheduled for 2026-01-01T13:00:00Z");
        assertThat(step.nextFire()).isEqualTo(T.plusSeconds(3602));
    }

    @Test
    void aRunMissedBeyondItsDeadlineIsSkippedAndCounted() {
        var spec = stack("{schedule: \"*/5 * * * *\", timezone: UTC, starting-deadline: 1m}");
        Instant now = Instant.parse("2026-01-01T12:13:00Z"); // the 12:10 run is 3 minutes late
        var step = step(spec, observed(spec, now), state(T));
        assertThat(step.operations()).isEmpty();
        assertThat(decisions(step)).containsExactly("skip 2026-01-01T12:10:00Z: missed its starting deadline (PT1M) by PT2M");
        assertThat(step.nextFire()).isEqualTo(Instant.parse("2026-01-01T12:15:00Z"));
    }

    @Test
    void forbidSkipsWhileARunIsGoing() {
        var spec = stack("{schedule: \"@every 2s\"}");
        var going = run(spec, T, State.RUNNING, 0);
        var step = step(spec, observed(spec, T.plusSeconds(2), going), state(T));
        assertThat(step.operations()).isEmpty();
        assertThat(decisions(step)).containsExactly("skip 2026-01-01T12:00:02Z: concurrency Forbid: run demo-backup-20260101120000 is still going");
    }

    @Test
    void allowStartsBesideARunningRun() {
        var spec = stack("{schedule: \"@every 2s\", concurrency: Allow}");
        var step = step(spec, observed(spec, T.plusSeconds(2), run(spec, T, State.RUNNING, 0)), state(T));
        assertThat(ops(step)).extracting(o -> o.split(":")[0])
                .containsExactly("create container demo-backup-20260101120002", "start container demo-backup-20260101120002");
    }

    @Test
    void replaceStopsTheRunningRunFirst() {
        var spec = stack("{schedule: \"@every 2s\", concurrency: Replace}");
        var step = step(spec, observed(spec, T.plusSeconds(2), run(spec, T, State.RUNNING, 0)), state(T));
        assertThat(ops(step)).extracting(o -> o.split(":")[0]).containsExactly("stop container demo-backup-20260101120000",
                "create container demo-backup-20260101120002", "start container demo-backup-20260101120002");
    }

    @Test
    void aRunCreatedBeforeARestartOfStackdIsNeitherLostNorDoubled() {
        var spec = stack("{schedule: \"@every 10s\"}");
        // the store missed the last schedule (stackd died after the create); the run's label has it
        var going = run(spec, T.plusSeconds(10), State.RUNNING, 0);
        var step = step(spec, observed(spec, T.plusSeconds(12), going), state(T));
        assertThat(step.operations()).isEmpty();
        assertThat(step.decisions()).isEmpty();
        assertThat(step.nextFire()).isEqualTo(T.plusSeconds(20));
        // created but never started: started now (within no deadline), not created again
        var created = run(spec, T.plusSeconds(10), State.CREATED, 0);
        var resumed = step(spec, observed(spec, T.plusSeconds(12), created), state(T));
        assertThat(ops(resumed)).containsExactly("start container demo-backup-20260101120010: run created, not started yet");
    }

    @Test
    void aCreatedRunPastItsDeadlineIsRemovedAndSkipped() {
        var spec = stack("{schedule: \"@every 1h\", starting-deadline: 30s}");
        var created = run(spec, T, State.CREATED, 0);
        var step = step(spec, observed(spec, T.plusSeconds(60), created), state(T));
        assertThat(ops(step)).containsExactly("remove container demo-backup-20260101120000: not started within its starting deadline");
        assertThat(decisions(step)).singleElement().asString().startsWith("skip 2026-01-01T12:00:00Z");
    }

    @Test
    void aFinishedRunIsRecordedOnce() {
        var spec = stack("{schedule: \"@every 1h\"}");
        var failed = run(spec, T, State.EXITED, 3);
        var step = step(spec, observed(spec, T.plusSeconds(5), failed), state(T));
        assertThat(step.decisions()).containsExactly(
                new Decision.Finish(failed.name(), false, 3, Duration.ofSeconds(1), 0, T.plusSeconds(1)));
        assertThat(step(spec, observed(spec, T.plusSeconds(5), failed), state(T, failed.name())).decisions()).isEmpty();
    }

    @Test
    void historyKeepsTheNewestRunsOfEachOutcome() {
        var spec = stack("{schedule: \"@every 1m\", history: {succeeded: 2, failed: 1}}");
        var runs = new ArrayList<ObservedContainer>();
        var names = new ArrayList<String>();
        for (int i = 0; i < 6; i++) {
            var c = run(spec, T.plusSeconds(60L * i), State.EXITED, i % 2 == 0 ? 0 : 1); // ok: 0, 2, 4; failed: 1, 3, 5
            runs.add(c);
            names.add(c.name());
        }
        var step = step(spec, observed(spec, T.plusSeconds(330), runs.toArray(ObservedContainer[]::new)),
                state(T.plusSeconds(300), names.toArray(String[]::new)));
        assertThat(ops(step)).extracting(o -> o.split(":")[0]).containsExactlyInAnyOrder(
                "remove container " + names.get(0), "remove container " + names.get(1), "remove container " + names.get(3));
    }

    @Test
    void aRunPastItsTimeoutIsStoppedAndTheOthersAreLookedAtWhenTheirsEnds() {
        var spec = stack("{schedule: \"@every 1h\", timeout: 1m}");
        var late = run(spec, T, State.RUNNING, 0);
        var step = step(spec, observed(spec, T.plusSeconds(61), late), state(T));
        assertThat(ops(step)).containsExactly("stop container " + late.name() + ": timed out after PT1M");
        assertThat(step.decisions()).containsExactly(new Decision.TimeOut(late.name(), Duration.ofMinutes(1)));
        var plan = JobPlanner.plan(spec, observed(spec, T.plusSeconds(30), late), Map.of("backup", state(T)));
        assertThat(plan.steps().getFirst().operations()).isEmpty();
        assertThat(plan.requeueAfter()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aSuspendedJobStartsNothingButARequestedRun() {
        var spec = stack("{schedule: \"@every 2s\", suspend: true}");
        var step = step(spec, observed(spec, T.plusSeconds(60)), state(T));
        assertThat(step.operations()).isEmpty();
        assertThat(step.nextFire()).isNull();
        Instant asked = T.plusSeconds(59).plusMillis(300);
        var requested = new JobState("backup", T, T, null, 0, asked, Set.of());
        var going = run(spec, T, State.RUNNING, 0);
        var manual = step(spec, observed(spec, T.plusSeconds(60), going), requested);
        assertThat(ops(manual)).extracting(o -> o.split(":")[0])
                .containsExactly("create container demo-backup-20260101120059", "start container demo-backup-20260101120059");
        var create = (Operation.CreateContainer) manual.operations().getFirst();
        assertThat(create.request().labels()).containsEntry(Labels.JOB_TRIGGER, "manual");
        assertThat(manual.decisions()).as("the start answers the request itself (the store clears requests at or before it)")
                .contains(new JobPlan.Decision.Start("demo-backup-20260101120059", asked, true, "asked for through the API"));
    }

    @Test
    void aDueRunWaitsForItsDependencies() {
        var spec = stack("{schedule: \"@every 2s\"}");
        var observed = new ObservedState("demo", List.of(), Map.of(), Map.of(), Map.of("tool:1", "x", "db:1", "y"), Map.of(), T.plusSeconds(2));
        var plan = JobPlanner.plan(spec, observed, Map.of("backup", state(T)));
        var step = plan.steps().getFirst();
        assertThat(step.operations()).isEmpty();
        assertThat(step.waiting()).isEqualTo("waiting for db (service_started)");
        assertThat(step.nextFire()).isEqualTo(T.plusSeconds(2)); // still due
        assertThat(plan.requeueAfter()).isEqualTo(Planner.DEPENDENCY_WAIT);
    }

    @Test
    void thePlannerLeavesJobsAndTheirRunsAloneAndPrunesRunsOfAFormerJob() {
        var spec = stack("{schedule: \"@every 2s\"}");
        var going = run(spec, T, State.RUNNING, 0);
        // (the hand-made db differs from its spec: only the job's operations matter here)
        var plan = new Planner().plan(spec, observed(spec, T.plusSeconds(1), going));
        assertThat(plan.operations()).noneMatch(op -> "backup".equals(op.service()));
        var noLongerAJob = ComposeLoader.load(LoadRequest.remote("""
                name: demo
                services:
                  db: {image: db:1}
                  backup: {image: tool:1, command: [sh, -c, backup]}
                """)).stack();
        var after = new Planner().plan(noLongerAJob, observed(noLongerAJob, T.plusSeconds(1), going));
        assertThat(after.prune()).extracting(Operation::render).contains("remove container " + going.name() + ": bad replica label");
    }
}
