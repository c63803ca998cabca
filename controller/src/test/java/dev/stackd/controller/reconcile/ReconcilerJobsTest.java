package dev.stackd.controller.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.api.Manifests;
import dev.stackd.api.compose.ComposeLoader;
import dev.stackd.api.compose.LoadRequest;
import dev.stackd.controller.engine.Labels;
import dev.stackd.controller.engine.ObservedContainer;
import dev.stackd.controller.exec.EventSink;
import dev.stackd.controller.exec.Executor;
import dev.stackd.controller.observe.Observer;
import dev.stackd.controller.plan.Planner;
import dev.stackd.controller.status.JobStatus;
import dev.stackd.controller.store.Event;
import dev.stackd.controller.store.Store;
import dev.stackd.controller.testing.MutableClock;
import dev.stackd.controller.testing.RecordingEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconciler's wiring of the jobs: it hands a stack's jobs to {@link JobRunner} after the services' plan, with the
 * recording fake engine, a real store and a clock moved by hand (the planner's own decisions are JobPlannerTest's).
 */
class ReconcilerJobsTest {
    private static final String COMPOSE = """
            services:
              web:
                image: img
              backup:
                image: img
                x-stackd:
                  schedule: "@every 10s"
                  history: {succeeded: 2, failed: 1}
            """;
    /** Half a second past a whole second: a fire time is a whole second, the first one 10 s after the job is known. */
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00.500Z");
    private static final String FIRST_RUN = "demo-backup-20260301120010";

    @TempDir
    Path dir;
    private Store store;
    private final RecordingEngine engine = new RecordingEngine().withImage("img");
    private final MutableClock clock = new MutableClock(T0);
    private Reconciler reconciler;

    @BeforeEach
    void setUp() {
        store = Store.open(dir);
        EventSink events = store::record;
        reconciler = new Reconciler(store, new Observer(engine, clock), new Planner(), new Executor(engine, events, 2),
                new RestartBackoff(), null, events, clock, new JobRunner(store, new Executor(engine, events, 2), events));
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private void apply(String compose) {
        var spec = ComposeLoader.load(LoadRequest.ofText(compose, dir).withName("demo")).orThrow();
        store.apply("demo", Manifests.toCanonicalJson(spec), compose, null);
    }

    @Test
    void aJobIsNotStartedAtApplyAndItsFirstFireTimeIsTheNextRevisit() {
        apply(COMPOSE);

        var r = reconciler.apply("demo");

        assertThat(engine.writes()).as("the job's service is no service to run: only web is started")
                .containsExactly("create network demo_default", "create container demo-web-1", "start container demo-web-1");
        assertThat(store.jobs("demo")).containsKey("backup");
        assertThat(store.jobs("demo").get("backup").since()).isEqualTo(T0);
        engine.clearCalls();
        reconciler.apply("demo");
        var quiet = reconciler.apply("demo");
        assertThat(engine.writes()).isEmpty();
        assertThat(quiet.requeueAfter()).as("woken for the first fire time, 12:00:10, 9.5 s away")
                .isEqualTo(Duration.ofMillis(9500));
        assertThat(r.requeueAfter()).isEqualTo(Reconciler.VERIFY_AFTER);
    }

    @Test
    void aDueJobCreatesItsRunWithTheRunLabelsAndTheRunIsRecordedWhenItEnds() {
        apply(COMPOSE);
        reconciler.apply("demo");
        clock.advance(Duration.ofMillis(9600)); // 12:00:10.1
        engine.clearCalls();

        reconciler.apply("demo");

        assertThat(engine.writes()).containsExactly("create container " + FIRST_RUN, "start container " + FIRST_RUN);
        var run = engine.container(FIRST_RUN).orElseThrow();
        assertThat(run.labels())
                .containsEntry(Labels.JOB_RUN, "2026-03-01T12:00:10Z")
                .containsEntry(Labels.JOB_TRIGGER, "schedule")
                .containsEntry(Labels.JOB_CREATED, "2026-03-01T12:00:10.100Z")
                .containsEntry("com.docker.compose.project", "demo")
                .containsEntry("com.docker.compose.service", "backup");
        assertThat(store.jobs("demo").get("backup").lastScheduled()).isEqualTo(Instant.parse("2026-03-01T12:00:10Z"));
        assertThat(reasons()).contains("JobStarted", "JobScheduled");

        engine.mutate(FIRST_RUN, c -> ended(c, 0, Instant.parse("2026-03-01T12:00:11Z")));
        clock.advance(Duration.ofSeconds(1));
        engine.clearCalls();
        reconciler.apply("demo");

        assertThat(engine.writes()).as("a finished run is kept (history 2 succeeded)").isEmpty();
        assertThat(store.jobs("demo").get("backup").recorded()).containsExactly(FIRST_RUN);
        assertThat(store.jobs("demo").get("backup").lastSuccessful()).isEqualTo(Instant.parse("2026-03-01T12:00:11Z"));
        assertThat(reasons()).containsOnlyOnce("JobSucceeded");
        var status = JobStatus.fromJson(store.jobStatuses("demo").get("backup"));
        assertThat(status.runs()).singleElement().satisfies(x -> {
            assertThat(x.name()).isEqualTo(FIRST_RUN);
            assertThat(x.state()).isEqualTo("exited");
            assertThat(x.exitCode()).isZero();
        });
        assertThat(status.nextFireTime()).isEqualTo(Instant.parse("2026-03-01T12:00:20Z"));

        reconciler.apply("demo");
        assertThat(reasons()).as("a run's end is recorded once").containsOnlyOnce("JobSucceeded");
    }

    @Test
    void aRunAskedForThroughTheApiIsCreatedByTheNextReconcile() {
        apply(COMPOSE);
        reconciler.apply("demo");
        clock.advance(Duration.ofSeconds(3));
        store.requestJobRun("demo", "backup", clock.instant());
        engine.clearCalls();

        reconciler.apply("demo");

        String manual = "demo-backup-20260301120003";
        assertThat(engine.writes()).containsExactly("create container " + manual, "start container " + manual);
        assertThat(engine.container(manual).orElseThrow().labels()).containsEntry(Labels.JOB_TRIGGER, "manual");
        assertThat(store.jobs("demo").get("backup").runRequested()).as("the request is answered").isNull();
    }

    @Test
    void deletingTheStackRemovesItsJobsRunsAndTheStoreForgetsTheJobs() {
        apply(COMPOSE);
        reconciler.apply("demo");
        clock.advance(Duration.ofMillis(9600));
        reconciler.apply("demo"); // the first run, finished
        engine.mutate(FIRST_RUN, c -> ended(c, 1, Instant.parse("2026-03-01T12:00:11Z")));
        clock.advance(Duration.ofSeconds(10));
        reconciler.apply("demo"); // the second, still going
        String second = "demo-backup-20260301120020";
        assertThat(engine.container(second).orElseThrow().state()).isEqualTo(ObservedContainer.State.RUNNING);
        store.markDeleting("demo", false);
        engine.clearCalls();

        for (int i = 0; i < 5 && store.get("demo").isPresent(); i++) reconciler.apply("demo");

        assertThat(engine.writes()).contains("stop container " + second, "remove container " + second,
                "remove container " + FIRST_RUN, "remove container demo-web-1");
        assertThat(engine.container(FIRST_RUN)).isEmpty();
        assertThat(engine.container(second)).isEmpty();
        assertThat(store.get("demo")).isEmpty();
        assertThat(store.jobs("demo")).as("the jobs' memory goes with the stack").isEmpty();
        assertThat(store.jobStatuses("demo")).isEmpty();
    }

    @Test
    void aJobRemovedFromTheSpecLeavesNoRunsAndNoMemory() {
        apply(COMPOSE);
        reconciler.apply("demo");
        clock.advance(Duration.ofMillis(9600));
        reconciler.apply("demo");
        engine.mutate(FIRST_RUN, c -> ended(c, 0, Instant.parse("2026-03-01T12:00:11Z")));
        apply(COMPOSE.substring(0, COMPOSE.indexOf("  backup:")));
        engine.clearCalls();

        reconciler.apply("demo");
        reconciler.apply("demo");

        assertThat(engine.writes()).contains("remove container " + FIRST_RUN);
        assertThat(store.jobs("demo")).isEmpty();
    }

    private java.util.List<String> reasons() {
        return store.events("demo", 0, 1000).stream().map(Event::reason).toList();
    }

    private static ObservedContainer ended(ObservedContainer c, int exit, Instant finished) {
        return new ObservedContainer(c.id(), c.name(), c.labels(), c.image(), c.imageId(), ObservedContainer.State.EXITED, exit,
                c.health(), c.startedAt(), finished, 0, false, c.networks(), c.volumes());
    }
}
