package dev.stackd.controller.plan;

import dev.stackd.controller.testing.RecordingEngine;
import dev.stackd.controller.event.Reasons;
import static dev.stackd.controller.testing.Specs.service;
import static dev.stackd.controller.testing.Specs.stack;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.api.model.StackSpec;
import dev.stackd.api.model.UpdateConfig;
import dev.stackd.controller.engine.Labels;
import dev.stackd.controller.engine.ObservedContainer.Health;
import dev.stackd.controller.status.StackStatus;
import dev.stackd.controller.observe.RolloutState;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A spec change of a replicated service rolls out batch by batch (deploy.update_config), each batch once the one
 * before succeeded (ready, and running for monitor), pausing when replicas fail. One golden plan per step, from
 * hand-made observations.
 */
class PlannerRolloutTest {
    private final Planner planner = new Planner();

    /** web: replicas with a healthcheck (5 s interval, 3 retries: 15 s to turn healthy) on nginx:TAG. */
    static StackSpec web(String tag, int replicas, UpdateConfig update) {
        return stack("demo").service(service("web").image("nginx:" + tag).replicas(replicas).healthcheck().update(update)).spec();
    }

    private static UpdateConfig config(int parallelism, Duration delay, String action, double ratio) {
        return new UpdateConfig(parallelism, delay, action, Duration.ofSeconds(5), ratio, "stop-first");
    }

    /** Every replica of the old spec running and healthy. */
    private static RecordingEngine old(int replicas) {
        var old = web("1.27", replicas, null);
        var w = RecordingEngine.converged(old).image("nginx:1.28", "sha256:nginx128");
        for (int r = 1; r <= replicas; r++) w.change("demo-web-" + r, c -> c.health = Health.HEALTHY);
        return w;
    }

    /** Replica r already replaced by the new spec, started {@code secondsAgo}, with that health. */
    private static RecordingEngine updated(RecordingEngine w, StackSpec desired, int r, long secondsAgo, Health health) {
        var s = desired.service("web");
        return w.change("demo-web-" + r, c -> {
            c.labels.put(Labels.SPEC_HASH, ServiceHash.of(s));
            c.imageId = "sha256:nginx128";
            c.startedAt = RecordingEngine.NOW.minusSeconds(secondsAgo);
            c.health = health;
        });
    }

    private String golden(String name, StackSpec desired, RecordingEngine world) {
        String text = planner.plan(desired, world.state()).render();
        Golden.assertMatches(name, text);
        return text;
    }

    @Test
    void theFirstBatchIsOneReplicaTheOthersKeepTheOldSpec() {
        var desired = web("1.28", 3, null);

        var text = golden("rollout-first-batch", desired, old(3));

        assertThat(text).contains("demo-web-1").doesNotContain("demo-web-2").doesNotContain("demo-web-3");
    }

    @Test
    void theNextBatchWaitsUntilTheUpdatedReplicaIsHealthy() {
        var desired = web("1.28", 3, null);
        var plan = planner.plan(desired, updated(old(3), desired, 1, 2, Health.STARTING).state());

        Golden.assertMatches("rollout-waiting-health", plan.render());
        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.requeueAfter()).isEqualTo(Planner.DEPENDENCY_WAIT);
        var status = StackStatus.of(desired, updated(old(3), desired, 1, 2, Health.STARTING).state(), plan);
        assertThat(status.condition("Progressing").reason()).isEqualTo(Reasons.ROLLING_OUT);
    }

    @Test
    void aHealthyUpdatedReplicaMustRunForMonitorBeforeTheNextBatch() {
        var desired = web("1.28", 3, null);
        var plan = planner.plan(desired, updated(old(3), desired, 1, 2, Health.HEALTHY).state());

        Golden.assertMatches("rollout-waiting-monitor", plan.render());
        assertThat(plan.requeueAfter()).isEqualTo(Duration.ofSeconds(3));
    }

    /**
     * The last batch's replicas are waited for like every batch's: the rollout is under way (Progressing) and looked
     * at again when their monitor ends. Before, the last batch had no notice: the stack said Converged at once (the
     * revision Completed, ReconcilerRolloutHoldTest) and the rollout was seen over only at the next resync or event
     * (bench/rollout: 14-31 s after the 5th new replica started, with monitor 2s).
     */
    @Test
    void theLastBatchIsLookedAtAgainWhenItsMonitorEnds() {
        var desired = web("1.28", 3, null);
        var rollout = new RolloutState(2, RecordingEngine.NOW.minusSeconds(70), Set.of("web"), Map.of());
        var settling = updated(updated(updated(old(3), desired, 1, 30, Health.HEALTHY), desired, 2, 30, Health.HEALTHY),
                desired, 3, 2, Health.HEALTHY);
        var plan = planner.plan(desired, settling.rollout(rollout).state());

        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.requeueAfter()).isEqualTo(Duration.ofSeconds(3)); // started 2 s ago, monitor 5 s
        assertThat(StackStatus.of(desired, settling.state(), plan).condition("Progressing").reason()).isEqualTo(Reasons.ROLLING_OUT);
        var notYetHealthy = updated(updated(updated(old(3), desired, 1, 30, Health.HEALTHY), desired, 2, 30, Health.HEALTHY),
                desired, 3, 2, Health.STARTING);
        assertThat(planner.plan(desired, notYetHealthy.rollout(rollout).state()).requeueAfter()).isEqualTo(Planner.DEPENDENCY_WAIT);
        // a repair's start is no rollout: nothing waits for its monitor
        assertThat(planner.plan(desired, settling.rollout(RolloutState.NONE).state()).requeueAfter()).isNull();
    }

    @Test
    void batchesOfParallelismGoOnceTheLastOneSucceeded() {
        var desired = web("1.28", 4, config(2, Duration.ZERO, "pause", 0));
        var world = updated(updated(old(4), desired, 1, 30, Health.HEALTHY), desired, 2, 30, Health.HEALTHY);

        var text = golden("rollout-second-batch", desired, world);

        assertThat(text).contains("demo-web-3").contains("demo-web-4").doesNotContain("container demo-web-1");
    }

    @Test
    void delayIsWaitedBetweenBatches() {
        var desired = web("1.28", 3, config(1, Duration.ofSeconds(30), "pause", 0));
        var plan = planner.plan(desired, updated(old(3), desired, 1, 10, Health.HEALTHY).state());

        Golden.assertMatches("rollout-delay", plan.render());
        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.requeueAfter()).isEqualTo(Duration.ofSeconds(25)); // started 10 s ago + monitor 5 s + delay 30 s
    }

    @Test
    void aReplicaThatExitsPausesTheRolloutTheOthersKeepTheOldSpec() {
        var desired = web("1.28", 3, null);
        var world = updated(old(3), desired, 1, 10, Health.NONE).change("demo-web-1", c -> c.exited(1));

        var plan = planner.plan(desired, world.state());

        Golden.assertMatches("rollout-paused-exited", plan.render());
        // the failed replica is started again by the usual path (its backoff applies); no other replica is touched
        assertThat(plan.operations()).extracting(Operation::target).containsExactly("container demo-web-1");
        var status = StackStatus.of(desired, world.state(), plan);
        assertThat(status.condition("Degraded").reason()).isEqualTo(Reasons.ROLLOUT_PAUSED);
    }

    @Test
    void aReplicaNotHealthyWithinItsHealthchecksLimitPausesTheRollout() {
        var desired = web("1.28", 3, null);
        var world = updated(old(3), desired, 1, 60, Health.STARTING);

        var plan = planner.plan(desired, world.state());

        Golden.assertMatches("rollout-paused-unhealthy", plan.render());
        assertThat(plan.isEmpty()).isTrue();
        var status = StackStatus.of(desired, world.state(), plan);
        assertThat(status.condition("Progressing").isTrue()).isFalse();
        assertThat(status.condition("Progressing").reason()).isEqualTo(Reasons.ROLLOUT_PAUSED);
        assertThat(status.condition("Degraded").isTrue()).isTrue();
    }

    @Test
    void continueGoesOnDespiteAFailure() {
        var desired = web("1.28", 3, config(1, Duration.ZERO, "continue", 0));
        var world = updated(old(3), desired, 1, 60, Health.UNHEALTHY);

        var plan = planner.plan(desired, world.state());

        assertThat(plan.operations()).extracting(Operation::target).contains("container demo-web-2-stackd-new")
                .doesNotContain("container demo-web-3-stackd-new");
    }

    @Test
    void failuresWithinMaxFailureRatioAreTolerated() {
        var desired = web("1.28", 4, config(1, Duration.ZERO, "pause", 0.25));
        var one = updated(old(4), desired, 1, 60, Health.UNHEALTHY);
        var two = updated(updated(old(4), desired, 1, 60, Health.UNHEALTHY), desired, 2, 60, Health.UNHEALTHY);

        assertThat(planner.plan(desired, one.state()).operations()).extracting(Operation::target)
                .contains("container demo-web-2-stackd-new");
        assertThat(planner.plan(desired, two.state()).notices()).extracting(Notice::reason).contains(Reasons.ROLLOUT_PAUSED);
    }

    @Test
    void parallelismZeroReplacesEveryReplicaAtOnce() {
        var desired = web("1.28", 3, config(0, Duration.ZERO, "pause", 0));

        var plan = planner.plan(desired, old(3).state());

        assertThat(plan.operations()).filteredOn(op -> op instanceof Operation.RenameContainer).hasSize(3);
    }

    @Test
    void aRolloutConvergesOneReplicaAtATime() {
        var desired = web("1.28", 3, null);

        var passes = RecordingEngine.converge(planner, desired, old(3));

        // each pass replaces one replica (the world's clock moves on past monitor between passes)
        assertThat(passes).hasSize(3);
        for (int r = 1; r <= 3; r++) assertThat(passes.get(r - 1)).contains("rename container demo-web-" + r + "-stackd-new");
    }

    @Test
    void aStoppedReplicaOfTheOldSpecIsReplacedAtOnceItIsDownAnyway() {
        var desired = web("1.28", 3, null);
        var world = old(3).change("demo-web-3", c -> c.exited(0));

        var plan = planner.plan(desired, world.state());

        assertThat(plan.operations()).extracting(Operation::target)
                .contains("container demo-web-1-stackd-new", "container demo-web-3-stackd-new")
                .doesNotContain("container demo-web-2-stackd-new");
    }
}
