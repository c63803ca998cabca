package dev.stackd.controller.plan;

import dev.stackd.controller.testing.RecordingEngine;
import static dev.stackd.controller.plan.PlannerRolloutTest.web;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.api.model.StackSpec;
import dev.stackd.api.model.UpdateConfig;
import dev.stackd.controller.engine.Labels;
import dev.stackd.controller.engine.Names;
import dev.stackd.controller.engine.ObservedContainer;
import dev.stackd.controller.engine.ObservedContainer.Health;
import dev.stackd.controller.engine.ObservedContainer.State;
import dev.stackd.controller.event.Reasons;
import dev.stackd.controller.status.StackStatus;
import java.time.Duration;
import java.util.HashMap;
import org.junit.jupiter.api.Test;

/**
 * order: start-first: each replica's new container starts beside the old one under the temporary name, and the old
 * one goes only once the new one is a success. One golden plan per step, from hand-made observations: the step is
 * read from the containers alone (the temporary container running the desired spec beside the outdated one).
 */
class PlannerStartFirstTest {
    private final Planner planner = new Planner();

    private static UpdateConfig startFirst(int parallelism, String action) {
        return new UpdateConfig(parallelism, Duration.ZERO, action, Duration.ofSeconds(5), 0, "start-first");
    }

    private static final StackSpec DESIRED = web("1.28", 3, startFirst(1, "pause"));

    /** Every replica of the old spec running and healthy, the new image present. */
    private static RecordingEngine old(int replicas) {
        var w = RecordingEngine.converged(web("1.27", replicas, null)).image("nginx:1.28", "sha256:nginx128");
        for (int r = 1; r <= replicas; r++) w.change("demo-web-" + r, c -> c.health = Health.HEALTHY);
        return w;
    }

    /** Replica r's new container under the temporary name beside the old one, in that state, started secondsAgo. */
    static RecordingEngine beside(RecordingEngine w, StackSpec desired, int r, State state, long secondsAgo, Health health, int restartCount) {
        var s = desired.service("web");
        var like = RecordingEngine.running(desired, s, r);
        String name = Names.temp(like.name());
        var labels = new HashMap<>(like.labels());
        labels.put(Labels.SPEC_HASH, ServiceHash.of(s));
        return w.add(new ObservedContainer("cid-new-" + r, name, labels, like.image(), "sha256:nginx128", state,
                state == State.EXITED ? 1 : 0, health, state == State.CREATED ? null : RecordingEngine.NOW.minusSeconds(secondsAgo), null,
                restartCount, false, withoutAliases(like), like.volumes(), null, null, null));
    }

    /** Its endpoints as the engine shows a container connected without aliases (its short ID only). */
    private static java.util.Map<String, ObservedContainer.ObservedEndpoint> withoutAliases(ObservedContainer c) {
        var out = new HashMap<String, ObservedContainer.ObservedEndpoint>();
        c.networks().forEach((n, e) -> out.put(n, new ObservedContainer.ObservedEndpoint(e.networkId(), java.util.List.of("c0ffee"), e.ipv4Address())));
        return out;
    }

    private static RecordingEngine updated(RecordingEngine w, StackSpec desired, int r) {
        return w.change("demo-web-" + r, c -> {
            c.labels.put(Labels.SPEC_HASH, ServiceHash.of(desired.service("web")));
            c.imageId = "sha256:nginx128";
            c.startedAt = RecordingEngine.NOW.minusSeconds(60);
        });
    }

    private Plan golden(String name, StackSpec desired, RecordingEngine world) {
        var plan = planner.plan(desired, world.state());
        Golden.assertMatches(name, plan.render());
        return plan;
    }

    @Test
    void theFirstReplicasNewContainerStartsBesideTheOldOneUnderTheTemporaryName() {
        var plan = golden("start-first-create", DESIRED, old(3));

        assertThat(plan.operations()).extracting(Operation::render).containsExactly(
                "create container demo-web-1-stackd-new: spec changed (start-first)",
                "start container demo-web-1-stackd-new: spec changed (start-first)");
        // on the service's network, without the service's alias: no client reaches it before it is a success
        var create = (Operation.CreateContainer) plan.operations().getFirst();
        assertThat(create.request().network()).isNotNull();
        assertThat(create.request().networkAliases()).isEmpty();
    }

    @Test
    void whileTheNewOneIsNoSuccessTheOldOneServesAndTheRolloutWaits() {
        var world = beside(old(3), DESIRED, 1, State.RUNNING, 2, Health.HEALTHY, 0);

        var plan = golden("start-first-waiting", DESIRED, world);

        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.requeueAfter()).isEqualTo(Duration.ofSeconds(3));
        var status = StackStatus.of(DESIRED, world.state(), plan);
        assertThat(status.condition("Progressing").reason()).isEqualTo(Reasons.ROLLING_OUT);
        assertThat(status.services().getFirst().running()).isEqualTo(3); // the replicas, not the one beside
    }

    @Test
    void aSuccessStopsAndRemovesTheOldOneAndTheNewOneTakesItsNameThenTheNextBatchStarts() {
        var world = beside(old(3), DESIRED, 1, State.RUNNING, 30, Health.HEALTHY, 0);

        var plan = golden("start-first-finish", DESIRED, world);

        // the new one joins the alias, the old one leaves it, stops and goes, the new one takes its name
        assertThat(plan.operations()).extracting(op -> op.verb() + " " + op.object().render()).containsExactly(
                "disconnect container demo-web-1-stackd-new", "connect container demo-web-1-stackd-new",
                "disconnect container demo-web-1", "stop container demo-web-1", "remove container demo-web-1",
                "rename container demo-web-1-stackd-new",
                "create container demo-web-2-stackd-new", "start container demo-web-2-stackd-new");
        assertThat(((Operation.ConnectNetwork) plan.operations().get(1)).aliases()).contains("web");
    }

    @Test
    void aNewContainerCreatedAndNotStartedIsStartedNotCreatedAgain() {
        // stackd was killed between the create and the start
        var world = beside(old(3), DESIRED, 1, State.CREATED, 0, Health.NONE, 0);

        var plan = golden("start-first-resumed", DESIRED, world);

        assertThat(plan.operations()).extracting(Operation::render).containsExactly(
                "start container demo-web-1-stackd-new: spec changed (start-first) (resumed)");
    }

    @Test
    void aNewContainerThatExitsIsRemovedTheOldOneKeepsRunningAndTheRolloutPauses() {
        var world = beside(old(3), DESIRED, 1, State.EXITED, 10, Health.NONE, 0);

        var plan = golden("start-first-abandon", DESIRED, world);

        assertThat(plan.operations()).extracting(Operation::render).containsExactly(
                "remove container demo-web-1-stackd-new: the new container failed its update (exited (code 1)); demo-web-1 keeps running");
        assertThat(((Operation.RemoveContainer) plan.operations().getFirst()).failedUpdate()).isTrue();
        assertThat(plan.notices()).extracting(Notice::reason).containsExactly(Reasons.ROLLOUT_PAUSED);
    }

    @Test
    void aNewContainerTheEngineRestartedFailedEvenIfItRunsNow() {
        var world = beside(old(3), DESIRED, 1, State.RUNNING, 1, Health.HEALTHY, 2);

        var plan = planner.plan(DESIRED, world.state());

        assertThat(plan.operations()).extracting(Operation::render).containsExactly(
                "stop container demo-web-1-stackd-new: the new container failed its update (restarted by the engine (2 times)); demo-web-1 keeps running",
                "remove container demo-web-1-stackd-new: the new container failed its update (restarted by the engine (2 times)); demo-web-1 keeps running");
    }

    @Test
    void aNewContainerNeverHealthyWithinItsLimitFails() {
        var world = beside(old(3), DESIRED, 1, State.RUNNING, 60, Health.STARTING, 0);

        var plan = planner.plan(DESIRED, world.state());

        assertThat(plan.operations()).extracting(Operation::render).contains(
                "remove container demo-web-1-stackd-new: the new container failed its update (not healthy within 15s); demo-web-1 keeps running");
    }

    @Test
    void aReplicaWhoseNewContainerFailedWaitsItsBackOffCountsAsFailedThenIsTriedAgain() {
        var backingOff = old(3).restarts("demo-web-1", 1, RecordingEngine.NOW.plusSeconds(10));

        var held = golden("start-first-backoff", DESIRED, backingOff);

        assertThat(held.isEmpty()).isTrue();
        assertThat(held.notices()).extracting(Notice::reason).containsExactly(Reasons.ROLLOUT_PAUSED);
        assertThat(held.requeueAfter()).isEqualTo(Duration.ofSeconds(10));

        var due = planner.plan(DESIRED, old(3).restarts("demo-web-1", 1, RecordingEngine.NOW.minusSeconds(1)).state());
        assertThat(due.operations()).extracting(Operation::render).containsExactly(
                "create container demo-web-1-stackd-new: spec changed (start-first)",
                "start container demo-web-1-stackd-new: spec changed (start-first)");
    }

    @Test
    void continueGoesOnWithTheNextReplicaWhileTheFailedOneBacksOff() {
        var desired = web("1.28", 3, startFirst(1, "continue"));
        var world = old(3).restarts("demo-web-1", 1, RecordingEngine.NOW.plusSeconds(10));

        var plan = planner.plan(desired, world.state());

        assertThat(plan.operations()).extracting(Operation::target).containsExactly(
                "container demo-web-2-stackd-new", "container demo-web-2-stackd-new");
    }

    @Test
    void aNewImageOfTheSameSpecRollsOutStartFirstToo() {
        var desired = web("1.28", 3, startFirst(1, "pause"));
        // the old containers run the spec of 1.28 with the image the tag pointed to before
        var w = RecordingEngine.converged(desired).image("nginx:1.28", "sha256:nginx128-new");
        var running = beside(w, desired, 1, State.RUNNING, 2, Health.HEALTHY, 0);
        running.change("demo-web-1-stackd-new", c -> c.imageId = "sha256:nginx128-new");

        var plan = planner.plan(desired, running.state());

        // the new container beside the old one is the update in flight, not a leftover to remove
        assertThat(plan.operations()).isEmpty();
        assertThat(plan.notices()).extracting(Notice::message).anyMatch(m -> m.contains("waiting for demo-web-1-stackd-new"));
    }

    @Test
    void whenTheOldOneWentDownMeanwhileTheRunningNewOneTakesItsNameWithoutAStart() {
        var world = beside(old(3), DESIRED, 1, State.RUNNING, 2, Health.HEALTHY, 0).change("demo-web-1", c -> c.exited(137));

        var plan = planner.plan(DESIRED, world.state());

        assertThat(plan.operations()).extracting(Operation::render).containsSubsequence(
                "remove container demo-web-1: spec changed",
                "rename container demo-web-1-stackd-new to demo-web-1: spec changed (resumed)");
        assertThat(plan.operations()).extracting(Operation::render).doesNotContain("start container demo-web-1: spec changed (resumed)");
    }

    @Test
    void aStartFirstRolloutConvergesWithNothingLeftUnderATemporaryName() {
        var world = old(3);

        var passes = RecordingEngine.converge(planner, DESIRED, world);

        assertThat(passes).hasSize(4);
        assertThat(passes.get(0)).contains("create container demo-web-1-stackd-new").doesNotContain("stop container");
        assertThat(passes.get(3)).contains("rename container demo-web-3-stackd-new to demo-web-3");
        var state = world.state();
        assertThat(state.containers()).extracting(ObservedContainer::name).containsExactly("demo-web-1", "demo-web-2", "demo-web-3");
        assertThat(state.containers()).allMatch(c -> ServiceHash.of(DESIRED.service("web")).equals(c.specHash()));
    }

    @Test
    void aRestartRequestStillRestartsInPlace() {
        var desired = web("1.27", 3, startFirst(1, "pause"));
        var w = RecordingEngine.converged(desired).restartRequested("web", RecordingEngine.NOW.minusSeconds(1));

        var plan = planner.plan(desired, w.state());

        assertThat(plan.operations()).extracting(Operation::verb).containsExactly("restart");
    }
    /** Generation 2 of the stack, applied a minute ago, with the stored holds. */
    private static dev.stackd.controller.observe.RolloutState generation2(java.util.Map<String, dev.stackd.controller.observe.RolloutHold> holds) {
        return new dev.stackd.controller.observe.RolloutState(2, RecordingEngine.NOW.minusSeconds(60), java.util.Set.of("web"), holds);
    }

    private static final dev.stackd.controller.observe.RolloutHold PAUSED = dev.stackd.controller.observe.RolloutHold.pause("web", 2,
            "demo-web-1-stackd-new exited (code 1)", RecordingEngine.NOW.minusSeconds(30));

    @Test
    void aStoredPauseStopsTheRetriesOfAFailedReplicaAndStartsNoNewOne() {
        // demo-web-1's new container failed and went; its back-off has passed: without the pause it would be tried again
        var world = old(3).restarts("demo-web-1", 1, RecordingEngine.NOW.minusSeconds(1)).rollout(generation2(java.util.Map.of("web", PAUSED)));

        var plan = planner.plan(DESIRED, world.state());

        assertThat(plan.operations()).isEmpty();
        assertThat(plan.notices()).extracting(Notice::reason).containsExactly(Reasons.ROLLOUT_PAUSED);
        assertThat(plan.holds()).isEmpty(); // stored already: not decided again
        var status = StackStatus.of(DESIRED, world.state(), plan);
        assertThat(status.services().getFirst().rollout().state()).isEqualTo(RolloutProgress.PAUSED);
    }

    @Test
    void aStoredPauseLetsAReplacementAlreadyBesideFinishSoNoTemporaryContainerStays() {
        var world = beside(old(3), DESIRED, 2, State.RUNNING, 30, Health.HEALTHY, 0).rollout(generation2(java.util.Map.of("web", PAUSED)));

        var plan = planner.plan(DESIRED, world.state());

        assertThat(plan.operations()).extracting(op -> op.verb() + " " + op.object().render())
                .contains("rename container demo-web-2-stackd-new")
                .noneMatch(op -> op.startsWith("create"));
    }

    @Test
    void aStoredPauseRemovesAReplacementThatFailsBeside() {
        var world = beside(old(3), DESIRED, 2, State.EXITED, 10, Health.NONE, 0).rollout(generation2(java.util.Map.of("web", PAUSED)));

        var plan = planner.plan(DESIRED, world.state());

        assertThat(plan.operations()).extracting(Operation::render).containsExactly(
                "remove container demo-web-2-stackd-new: the new container failed its update (exited (code 1)); demo-web-2 keeps running");
    }

    @Test
    void aFirstFailureWithRollbackDecidesItAndStartsNothingElse() {
        var desired = web("1.28", 3, startFirst(1, "rollback"));
        var world = beside(old(3), desired, 1, State.EXITED, 10, Health.NONE, 0);

        var plan = planner.plan(desired, world.state());

        assertThat(plan.holds()).containsExactly(new Plan.Hold("web", true, "demo-web-1-stackd-new exited (code 1)"));
        assertThat(plan.operations()).extracting(Operation::verb).containsExactly("remove");
    }

    @Test
    void aStartFirstRollbackStartsThePreviousSpecBesideTheReplicaOnTheFailedOne() {
        var desired = web("1.28", 3, startFirst(1, "rollback"));
        // demo-web-1 was updated to 1.28 and runs; demo-web-2's new container failed: generation 2 rolls back
        var world = updated(old(3), desired, 1);
        var rollback = new dev.stackd.controller.observe.RolloutHold("web", 2, dev.stackd.controller.observe.RolloutHold.Action.ROLLBACK,
                "demo-web-2-stackd-new exited (code 1)", 1L, RecordingEngine.NOW.minusSeconds(5), null, null, null)
                .withPrevious(web("1.27", 3, null).service("web"), startFirst(1, "pause"));
        world.rollout(generation2(java.util.Map.of("web", rollback)));

        var plan = planner.plan(desired, world.state());

        assertThat(plan.operations()).extracting(Operation::render).containsExactly(
                "create container demo-web-1-stackd-new: spec changed (start-first)",
                "start container demo-web-1-stackd-new: spec changed (start-first)");
        assertThat(((Operation.CreateContainer) plan.operations().getFirst()).request().image()).isEqualTo("nginx:1.27");
        assertThat(plan.notices()).extracting(Notice::reason).contains(Reasons.ROLLING_BACK);
    }
    @Test
    void aStartFirstRollbackWaitsForItsReplacementBesideEvenWhenTheSpecItGoesBackToIsStopFirst() {
        // rollback_config says start-first, the restored spec's own update_config is stop-first (none): the
        // replacement already beside is the rollback's step in flight, not a leftover of a recreate to remove
        var desired = web("1.28", 3, startFirst(1, "rollback"));
        var previous = web("1.27", 3, null);
        var world = updated(old(3), desired, 1);
        var rollback = new dev.stackd.controller.observe.RolloutHold("web", 2, dev.stackd.controller.observe.RolloutHold.Action.ROLLBACK,
                "demo-web-2-stackd-new exited (code 1)", 1L, RecordingEngine.NOW.minusSeconds(5), null, null, null)
                .withPrevious(previous.service("web"), startFirst(1, "pause"));
        world.rollout(generation2(java.util.Map.of("web", rollback)));
        beside(world, previous, 1, State.RUNNING, 2, Health.HEALTHY, 0);
        world.change("demo-web-1-stackd-new", c -> c.imageId = "sha256:nginx127");

        var plan = planner.plan(desired, world.state());

        assertThat(plan.operations()).extracting(Operation::render).noneMatch(op -> op.contains("demo-web-1-stackd-new"));
        assertThat(plan.notices()).extracting(Notice::message).anyMatch(m -> m.contains("waiting for demo-web-1-stackd-new"));
    }
}
