package dev.stackd.controller.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.controller.engine.Labels;
import dev.stackd.controller.loop.Result;
import dev.stackd.controller.engine.ObservedContainer;
import dev.stackd.controller.event.Reasons;
import dev.stackd.controller.observe.RolloutHold;
import dev.stackd.controller.status.StatusJson;
import dev.stackd.controller.store.Event;
import dev.stackd.controller.store.Revision;
import dev.stackd.controller.store.Store;
import dev.stackd.controller.testing.ReconcilerExtension;
import dev.stackd.controller.testing.RecordingEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reconciler stores the failure action the planner decides: a pause that stays when the failed replica runs
 * again, a rollback that brings the updated replicas back to the previous revision's spec and does not try the
 * failed generation again. Against a recording fake engine and a real store.
 */
class ReconcilerRolloutHoldTest {
    private final RecordingEngine engine = new RecordingEngine().withImage("img");
    @RegisterExtension
    final ReconcilerExtension fixture = new ReconcilerExtension(engine);
    private Store store; // set by the fixture
    private Reconciler reconciler; // set by the fixture

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
        fixture.apply(compose("v1", "pause"));
        reconcile(2);
        fixture.apply(compose("v2", "pause"));
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

    /**
     * The last batch is monitored like every other: while its replica runs its monitor the rollout is under way
     * (Progressing, the revision not Completed), so that its failure still triggers failure_action. Before, the pass
     * after its start found nothing to do, said Converged and marked the revision Completed, and the replica's exit
     * 3 s later was a crash for the repair: a one-replica service never rolled back.
     */
    @Test
    void theLastBatchFailingWithinItsMonitorRollsBack() {
        String one = """
                services:
                  web:
                    image: img
                    command: ["serve", "%s"]
                    deploy:
                      update_config: {monitor: 1h, failure_action: rollback}
                """;
        fixture.apply(one.formatted("v1"));
        reconcile(2);
        String v1 = hash("demo-web-1");
        fixture.apply(one.formatted("v2"));
        reconcile(1); // the only batch, so the last: demo-web-1 recreated
        assertThat(hash("demo-web-1")).isNotEqualTo(v1);

        var verify = reconciler.apply("demo");

        assertThat(progressing()).isEqualTo("True RollingOut");
        assertThat(store.revisions("demo").getFirst().outcome()).isEqualTo(Revision.Outcome.Progressing);
        assertThat(verify.requeueAfter()).as("looked at again when its monitor ends").isGreaterThan(Duration.ofMinutes(59));

        exits("demo-web-1");
        reconcile(1);

        var hold = store.rolloutState("demo", 2).hold("web");
        assertThat(hold).isNotNull();
        assertThat(hold.action()).isEqualTo(RolloutHold.Action.ROLLBACK);
        reconcile(3);
        assertThat(hash("demo-web-1")).isEqualTo(v1);
    }

    /**
     * The pass that finds the rollback done says so at once: it records RolledBack and looks again right away, so that
     * the status says RolledBack then. Before, that pass's status was computed from the observation taken before the
     * rollback was recorded done ("False Converged"), and RolledBack appeared only at the next resync (bench/rollout:
     * 9-33 s after the call, the rollback itself done in 2.3 s).
     */
    @Test
    void thePassThatFindsTheRollbackDoneSaysRolledBackAtOnce() {
        fixture.apply(compose("v1", "rollback"));
        reconcile(2);
        fixture.apply(compose("v2", "rollback"));
        reconcile(1);
        exits("demo-web-1");
        Result last = null;
        for (int i = 0; i < 6 && store.events("demo", 0, 1000).stream().noneMatch(e -> e.reason().equals(Reasons.ROLLED_BACK)); i++) {
            last = reconciler.apply("demo");
        }
        assertThat(store.events("demo", 0, 1000)).extracting(Event::reason).contains(Reasons.ROLLED_BACK);

        assertThat(last.requeueAfter()).as("looked at again at once").isEqualTo(Duration.ZERO);
        reconciler.apply("demo");
        assertThat(progressing()).isEqualTo("False RolledBack");
    }

    @Test
    void aRollbackBringsTheUpdatedReplicasBackAndDoesNotTryTheFailedGenerationAgain() {
        fixture.apply(compose("v1", "rollback"));
        reconcile(2);
        String v1 = hash("demo-web-1");
        fixture.apply(compose("v2", "rollback"));
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
        var again = fixture.newReconciler();
        again.apply("demo");
        assertThat(engine.writes()).isEmpty();
        assertThat(new HashSet<>(store.events("demo", 0, 1000).stream().filter(e -> e.reason().equals(Reasons.ROLLED_BACK)).toList()))
                .hasSize(1);
    }

    @Test
    void aConvergedGenerationIsCompleted() {
        fixture.apply(compose("v1", "pause"));
        reconcile(2);
        fixture.apply(compose("v2", "pause"));

        reconcile(6);

        assertThat(store.revisions("demo")).extracting(Revision::outcome)
                .containsExactly(Revision.Outcome.Completed, Revision.Outcome.Completed);
    }
}
