package dev.stackd.controller.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.api.model.StackSpec;
import dev.stackd.api.model.UpdateConfig;
import dev.stackd.controller.engine.Labels;
import dev.stackd.controller.engine.ObservedContainer.Health;
import dev.stackd.controller.event.Reasons;
import dev.stackd.controller.observe.RolloutHold;
import dev.stackd.controller.observe.RolloutState;
import dev.stackd.controller.status.StackStatus;
import dev.stackd.controller.testing.RecordingEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A rollout's failure action, decided by the planner and stored by the reconciler: a stored pause holds whatever the
 * failed replica does since; a stored rollback runs the previous revision's spec of the service, batch by batch,
 * and never tries the failed generation again by itself. Only a replica this rollout created, failing before it
 * could have been a success, is a failure of it.
 */
class PlannerRolloutHoldTest {
    private static final Instant NOW = RecordingEngine.NOW;
    private static final Instant APPLIED = NOW.minusSeconds(60);
    private final Planner planner = new Planner();

    private static UpdateConfig config(String action, Duration delay) {
        return new UpdateConfig(1, delay, action, Duration.ofSeconds(5), 0, "stop-first");
    }

    private static StackSpec web(String tag, UpdateConfig update) {
        return PlannerRolloutTest.web(tag, 3, update);
    }

    /** Every replica of nginx:1.27 running and healthy, created an hour ago. */
    private static RecordingEngine old() {
        var w = RecordingEngine.converged(web("1.27", null)).image("nginx:1.28", "sha256:nginx128");
        for (int r = 1; r <= 3; r++) w.change("demo-web-" + r, c -> { c.health = Health.HEALTHY; c.createdAt = NOW.minusSeconds(3600); });
        return w;
    }

    /** Replica r replaced by {@code desired}'s web: created {@code createdAgo} seconds ago, started 2 s after that. */
    private static RecordingEngine updated(RecordingEngine w, StackSpec desired, int r, long createdAgo, Health health) {
        var s = desired.service("web");
        return w.change("demo-web-" + r, c -> {
            c.labels.put(Labels.SPEC_HASH, ServiceHash.of(s));
            c.imageId = "sha256:nginx128";
            c.createdAt = NOW.minusSeconds(createdAgo);
            c.startedAt = NOW.minusSeconds(createdAgo - 2);
            c.health = health;
        });
    }

    private static RolloutState generation2(Map<String, RolloutHold> holds) {
        return new RolloutState(2, APPLIED, Set.of("web"), holds);
    }

    @Test
    void aStoredPauseHoldsAfterTheFailedReplicaRunsAgain() {
        var desired = web("1.28", null);
        // demo-web-1 failed (the pause was stored then), and its repair got it running and healthy since
        var world = updated(old(), desired, 1, 50, Health.HEALTHY)
                .rollout(generation2(Map.of("web", RolloutHold.pause("web", 2, "demo-web-1 exited (code 1)", NOW.minusSeconds(45)))));

        var plan = planner.plan(desired, world.state());

        Golden.assertMatches("rollout-paused-stored", plan.render());
        assertThat(plan.isEmpty()).isTrue(); // without the stored pause, demo-web-2 would be replaced now
        assertThat(planner.plan(desired, world.rollout(generation2(Map.of())).state()).operations())
                .extracting(Operation::target).contains("container demo-web-2-stackd-new");
        var status = StackStatus.of(desired, world.rollout(generation2(Map.of("web",
                RolloutHold.pause("web", 2, "demo-web-1 exited (code 1)", NOW.minusSeconds(45))))).state(), plan);
        assertThat(status.condition("Progressing").isTrue()).isFalse();
        assertThat(status.condition("Progressing").reason()).isEqualTo(Reasons.ROLLOUT_PAUSED);
        assertThat(status.condition("Degraded").isTrue()).isTrue();
    }

    @Test
    void aFailureOverTheRatioDecidesAPauseForTheReconcilerToStore() {
        var desired = web("1.28", null);
        var world = updated(old(), desired, 1, 8, Health.NONE).change("demo-web-1", c -> c.exited(1)).rollout(generation2(Map.of()));

        var plan = planner.plan(desired, world.state());

        assertThat(plan.holds()).containsExactly(new Plan.Hold("web", false, "demo-web-1 exited (code 1)"));
        assertThat(plan.notices()).extracting(Notice::reason).contains(Reasons.ROLLOUT_PAUSED);
    }

    @Test
    void aReplicaUpdatedLongAgoThenKilledIsACrashForTheRepairNotARolloutFailure() {
        // a slow rollout (an hour between batches): demo-web-1 was updated 30 min ago, ran, and was killed just now
        var desired = web("1.28", config("pause", Duration.ofHours(1)));
        var world = updated(old(), desired, 1, 1800, Health.NONE).change("demo-web-1", c -> {
            c.exited(137);
            c.finishedAt = NOW.minusSeconds(1);
        }).rollout(new RolloutState(2, NOW.minusSeconds(1900), Set.of("web"), Map.of()));

        var plan = planner.plan(desired, world.state());

        Golden.assertMatches("rollout-crash-after-success", plan.render());
        assertThat(plan.holds()).isEmpty();
        assertThat(plan.notices()).extracting(Notice::reason).doesNotContain(Reasons.ROLLOUT_PAUSED);
        assertThat(plan.operations()).extracting(Operation::target).containsExactly("container demo-web-1");
    }

    @Test
    void aReplicaCreatedBeforeTheGenerationWasAppliedIsNotItsFailure() {
        // every replica already replaced (an earlier generation had the same spec of web), one fails at once now
        var desired = web("1.28", null);
        var world = old();
        for (int r = 1; r <= 3; r++) updated(world, desired, r, 120, Health.HEALTHY);
        world.change("demo-web-2", c -> { c.exited(1); c.finishedAt = NOW.minusSeconds(116); })
                .rollout(new RolloutState(3, NOW.minusSeconds(30), Set.of("web"), Map.of()));

        assertThat(planner.plan(desired, world.state()).holds()).isEmpty();
    }

    @Test
    void aNewServiceCrashingIsNoFailedUpdate() {
        var desired = web("1.28", null);
        var world = old();
        for (int r = 1; r <= 3; r++) updated(world, desired, r, 8, Health.NONE);
        world.change("demo-web-1", c -> c.exited(1)).rollout(new RolloutState(2, APPLIED, Set.of(), Map.of()));

        assertThat(planner.plan(desired, world.state()).holds()).isEmpty();
    }

    @Test
    void theLastBatchFailingDecidesToo() {
        // parallelism 0: every replica replaced at once, none left outdated; one exits at once
        var desired = web("1.28", new UpdateConfig(0, Duration.ZERO, "rollback", Duration.ofSeconds(5), 0, "stop-first"));
        var world = old();
        for (int r = 1; r <= 3; r++) updated(world, desired, r, 8, Health.NONE);
        world.change("demo-web-3", c -> c.exited(1)).rollout(generation2(Map.of()));

        var plan = planner.plan(desired, world.state());

        assertThat(plan.holds()).containsExactly(new Plan.Hold("web", true, "demo-web-3 exited (code 1)"));
    }

    @Test
    void failureActionRollbackDecidesARollback() {
        var desired = web("1.28", config("rollback", Duration.ZERO));
        var world = updated(old(), desired, 1, 8, Health.NONE).change("demo-web-1", c -> c.exited(1)).rollout(generation2(Map.of()));

        var plan = planner.plan(desired, world.state());

        Golden.assertMatches("rollback-decided", plan.render());
        assertThat(plan.holds()).containsExactly(new Plan.Hold("web", true, "demo-web-1 exited (code 1)"));
        // nothing else is updated on this pass: the next one plans with the stored rollback
        assertThat(plan.operations()).extracting(Operation::target).containsOnly("container demo-web-1");
    }

    /** The stored rollback of generation 2 to generation 1's web (nginx:1.27), paced by the default rollback_config. */
    private static RolloutState rollingBack(Instant doneAt) {
        var previous = web("1.27", null).service("web");
        var hold = new RolloutHold("web", 2, RolloutHold.Action.ROLLBACK, "demo-web-1 exited (code 1)", 1L,
                NOW.minusSeconds(5), doneAt, null, null).withPrevious(previous, null);
        return generation2(Map.of("web", hold));
    }

    @Test
    void aRollbackRecreatesTheUpdatedReplicaWithThePreviousSpecAndLeavesTheOthers() {
        var desired = web("1.28", config("rollback", Duration.ZERO));
        var world = updated(old(), desired, 1, 20, Health.NONE).change("demo-web-1", c -> c.exited(1)).rollout(rollingBack(null));

        var plan = planner.plan(desired, world.state());

        Golden.assertMatches("rollback-first-batch", plan.render());
        assertThat(plan.render()).doesNotContain("demo-web-2").doesNotContain("demo-web-3");
        assertThat(plan.operations()).filteredOn(op -> op instanceof Operation.CreateContainer)
                .extracting(op -> ((Operation.CreateContainer) op).request().image()).containsExactly("nginx:1.27");
        assertThat(plan.holds()).isEmpty(); // decided once: not again
    }

    @Test
    void aRollbackWaitsForTheReplicaItBroughtBack() {
        var desired = web("1.28", config("rollback", Duration.ZERO));
        var world = old().change("demo-web-1", c -> { c.createdAt = NOW.minusSeconds(2); c.startedAt = NOW.minusSeconds(1); c.health = Health.STARTING; })
                .rollout(rollingBack(null));

        var plan = planner.plan(desired, world.state());

        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.notices()).extracting(Notice::reason).contains(Reasons.ROLLING_BACK);
        var status = StackStatus.of(desired, world.state(), plan);
        assertThat(status.condition("Progressing").reason()).isEqualTo(Reasons.ROLLING_BACK);
    }

    @Test
    void aRollbackDoneIsQuietAndTheStatusSaysRolledBackWithTheFailedGeneration() {
        var desired = web("1.28", config("rollback", Duration.ZERO));
        var world = old().rollout(rollingBack(NOW.minusSeconds(1)));

        var plan = planner.plan(desired, world.state());

        Golden.assertMatches("rollback-done", plan.render());
        assertThat(plan.notices()).isEmpty();
        var status = StackStatus.of(desired, world.state(), plan);
        assertThat(status.condition("Ready").isTrue()).isTrue();
        assertThat(status.condition("Progressing").isTrue()).isFalse();
        assertThat(status.condition("Progressing").reason()).isEqualTo(Reasons.ROLLED_BACK);
        assertThat(status.condition("Progressing").message()).contains("generation 2 failed (demo-web-1 exited (code 1))")
                .contains("generation 1's spec");
        assertThat(status.condition("Degraded").reason()).isEqualTo(Reasons.ROLLED_BACK);
    }

    @Test
    void aRollbackConvergesOnThePreviousSpec() {
        var desired = web("1.28", config("rollback", Duration.ZERO));
        var start = old();
        for (int r = 1; r <= 3; r++) updated(start, desired, r, 8, Health.NONE);
        start.change("demo-web-1", c -> c.exited(1)).rollout(rollingBack(null));

        var passes = RecordingEngine.converge(planner, desired, start);

        // the failed replica is down: recreated at once; the others one at a time (rollback_config's default parallelism 1)
        assertThat(passes).hasSizeBetween(2, 3);
        assertThat(passes.getFirst()).contains("RollingBack");
        var previous = ServiceHash.of(web("1.27", null).service("web"));
        assertThat(start.state().containers()).allSatisfy(c -> assertThat(c.specHash()).isEqualTo(previous));
    }
}
