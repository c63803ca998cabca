package dev.stackd.controller.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.api.Manifests;
import dev.stackd.api.compose.ComposeLoader;
import dev.stackd.api.compose.LoadRequest;
import dev.stackd.controller.engine.Labels;
import dev.stackd.controller.engine.ObservedContainer;
import dev.stackd.controller.event.Reasons;
import dev.stackd.controller.exec.EventSink;
import dev.stackd.controller.exec.Executor;
import dev.stackd.controller.observe.Observer;
import dev.stackd.controller.observe.RolloutHold;
import dev.stackd.controller.plan.Planner;
import dev.stackd.controller.status.StatusJson;
import dev.stackd.controller.store.Event;
import dev.stackd.controller.store.Revision;
import dev.stackd.controller.store.Store;
import dev.stackd.controller.testing.RecordingEngine;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconciler stores the failure action the planner decides: a pause that stays when the failed replica runs
 * again, a rollback that brings the updated replicas back to the previous revision's spec and does not try the
 * failed generation again. Against a recording fake engine and a real store.
 */
class ReconcilerRolloutHoldTest {
    @TempDir
    Path dir;
    private Store store;
    private final RecordingEngine engine = new RecordingEngine().withImage("img");
    private Reconciler reconciler;

    @BeforeEach
    void setUp() {
        store = Store.open(dir);
        EventSink events = store::record;
        reconciler = new Reconciler(store, new Observer(engine, Clock.systemUTC()), new Planner(),
                new Executor(engine, events, 2), new RestartBackoff(), null, events, Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    /** web: 3 replicas; monitor 0 s, so that a replica running counts as a success at once. */
    private static String compose(String version, String action) {
        return """
                services:
                  web:
                    image: img
                    command: ["serve", "%s"]
                    deploy:
                      replicas: 3
                      update_config: {monitor: 0s, failure_action: %s}
                      rollback_config: {monitor: 0s}
                """.formatted(version, action);
    }

    private void apply(String compose) {
        var spec = ComposeLoader.load(LoadRequest.ofText(compose, dir).withName("demo")).orThrow();
        store.apply("demo", Manifests.toCanonicalJson(spec), compose, null);
    }

    private void reconcile(int passes) {
        for (int i = 0; i < passes; i++) reconciler.apply("demo");
    }

    private void exits(String name) {
        engine.mutate(name, c -> new ObservedContainer(c.id(), c.name(), c.labels(), c.image(), c.imageId(),
                ObservedContainer.State.EXITED, 1, c.health(), c.startedAt(), Instant.now(), 0, false, c.networks(), c.volumes()));
    }

    private void runsAgain(String name) {
        engine.mutate(name, c -> new ObservedContainer(c.id(), c.name(), c.labels(), c.image(), c.imageId(),
                ObservedContainer.State.RUNNING, 0, c.health(), Instant.now(), null, 0, false, c.networks(), c.volumes()));
    }

    private String hash(String name) {
        return engine.container(name).orElseThrow().labels().get(Labels.SPEC_HASH);
    }

    private String progressing() {
        var status = StatusJson.stored(store.get("demo").orElseThrow().statusJson()).orElseThrow();
        return status.condition("Progressing").status() + " " + status.condition("Progressing").reason();
    }

    @Test
    void aPauseIsStoredAndHoldsWhenTheFailedReplicaRunsAgainUntilAResume() {
        apply(compose("v1", "pause"));
        reconcile(2);
        apply(compose("v2", "pause"));
        reconcile(1); // the first batch: demo-web-1
        exits("demo-web-1");

        reconcile(1);

        var hold = store.rolloutState("demo", 2).hold("web");
        assertThat(hold.action()).isEqualTo(RolloutHold.Action.PAUSE);
        assertThat(hold.reason()).isEqualTo("demo-web-1 exited (code 1)");
        assertThat(store.revisions("demo").getFirst().outcome()).isEqualTo(Revision.Outcome.Paused);

        // the repair (or the user) gets it running again: without the stored pause the next batch would go now
        runsAgain("demo-web-1");
        engine.clearCalls();
        reconcile(3);

        assertThat(engine.writes()).noneMatch(w -> w.contains("demo-web-2") || w.contains("demo-web-3"));
        assertThat(progressing()).isEqualTo("False RolloutPaused");

        store.resumeRollout("demo");
        reconcile(1);

        assertThat(engine.writes()).contains("create container demo-web-2-stackd-new");
    }

    @Test
    void aRollbackBringsTheUpdatedReplicasBackAndDoesNotTryTheFailedGenerationAgain() {
        apply(compose("v1", "rollback"));
        reconcile(2);
        String v1 = hash("demo-web-1");
        apply(compose("v2", "rollback"));
        reconcile(1);
        assertThat(hash("demo-web-1")).isNotEqualTo(v1);
        exits("demo-web-1");

        var decided = reconciler.apply("demo");

        assertThat(decided.requeueAfter()).as("the next pass plans with the stored rollback at once").isEqualTo(Duration.ZERO);
        var hold = store.rolloutState("demo", 2).hold("web");
        assertThat(hold.action()).isEqualTo(RolloutHold.Action.ROLLBACK);
        assertThat(hold.toGeneration()).isEqualTo(1L);
        assertThat(store.revisions("demo").getFirst().outcome()).isEqualTo(Revision.Outcome.RolledBack);

        reconcile(4);

        for (int r = 1; r <= 3; r++) assertThat(hash("demo-web-" + r)).as("demo-web-" + r).isEqualTo(v1);
        assertThat(progressing()).isEqualTo("False RolledBack");
        var events = store.events("demo", 0, 1000);
        assertThat(events).extracting(Event::reason).contains(Reasons.ROLLING_BACK);
        assertThat(events).filteredOn(e -> e.reason().equals(Reasons.ROLLED_BACK)).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("generation 2 failed").contains("generation 1's spec"));

        // no flapping: the stored spec stays generation 2, and nothing tries it again
        engine.clearCalls();
        reconcile(3);
        assertThat(engine.writes()).isEmpty();
        assertThat(store.get("demo").orElseThrow().generation()).isEqualTo(2);
        assertThat(store.get("demo").orElseThrow().specJson()).contains("v2");

        // a stackd restart reads the decision from the store: still quiet
        var again = new Reconciler(store, new Observer(engine, Clock.systemUTC()), new Planner(),
                new Executor(engine, store::record, 2), new RestartBackoff(), null, store::record, Clock.systemUTC());
        again.apply("demo");
        assertThat(engine.writes()).isEmpty();
        assertThat(new HashSet<>(store.events("demo", 0, 1000).stream().filter(e -> e.reason().equals(Reasons.ROLLED_BACK)).toList()))
                .hasSize(1);
    }

    @Test
    void aConvergedGenerationIsCompleted() {
        apply(compose("v1", "pause"));
        reconcile(2);
        apply(compose("v2", "pause"));

        reconcile(6);

        assertThat(store.revisions("demo")).extracting(Revision::outcome)
                .containsExactly(Revision.Outcome.Completed, Revision.Outcome.Completed);
    }
}
