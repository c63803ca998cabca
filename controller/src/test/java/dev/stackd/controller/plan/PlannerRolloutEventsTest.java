package dev.stackd.controller.plan;

import dev.stackd.controller.testing.RecordingEngine;
import static dev.stackd.controller.plan.PlannerRolloutTest.web;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.api.model.StackSpec;
import dev.stackd.api.model.UpdateConfig;
import dev.stackd.controller.engine.ObservedContainer.Health;
import dev.stackd.controller.engine.ObservedContainer.State;
import dev.stackd.controller.event.EventDraft;
import dev.stackd.controller.event.Reasons;
import dev.stackd.controller.status.RolloutEvents;
import dev.stackd.controller.status.RolloutStatus;
import dev.stackd.controller.status.StackStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rollout's status and events through whole rollouts on hand-made worlds, as the reconciler derives them: the
 * status of each pass stamped over the one stored before, the events the transitions between the two. A pass that
 * sees what the last one saw records no event (level-triggered passes repeat).
 */
class PlannerRolloutEventsTest {
    private final Planner planner = new Planner();

    private static UpdateConfig config(String order) {
        return new UpdateConfig(1, Duration.ZERO, "pause", Duration.ofSeconds(5), 0, order);
    }

    private static RecordingEngine old(int replicas) {
        var w = RecordingEngine.converged(web("1.27", replicas, null)).image("nginx:1.28", "sha256:nginx128");
        for (int r = 1; r <= replicas; r++) w.change("demo-web-" + r, c -> c.health = Health.HEALTHY);
        return w;
    }

    /** The reconciler's passes: plan, status over the stored one, events, execute; each pass twice (the second sees the same). */
    private final class Passes {
        final List<EventDraft> events = new ArrayList<>();
        StackStatus stored;

        void run(StackSpec desired, RecordingEngine world, int passes) {
            for (int i = 0; i < passes; i++) {
                for (int twice = 0; twice < 2; twice++) {
                    var state = world.state();
                    var plan = planner.plan(desired, state);
                    var next = StackStatus.of(desired, state, plan).observed(7, stored, state.takenAt());
                    if (!next.sameState(stored)) {
                        events.addAll(RolloutEvents.between("demo", stored, next));
                        stored = next;
                    }
                    if (twice == 1) world.run(plan, s -> true);
                }
                world.advance(RecordingEngine.PASS);
            }
        }

        List<String> reasons() {
            return events.stream().map(EventDraft::reason).toList();
        }

        RolloutStatus rollout() {
            return stored.services().getFirst().rollout();
        }
    }

    @Test
    void aStartFirstRolloutTellsItsStartEachReplicaOnceAndItsEnd() {
        var desired = web("1.28", 3, config("start-first"));
        var passes = new Passes();

        passes.run(desired, old(3), 7);

        assertThat(passes.reasons()).containsExactly(Reasons.ROLLOUT_STARTED, Reasons.REPLICA_UPDATED, Reasons.REPLICA_UPDATED,
                Reasons.REPLICA_UPDATED, Reasons.ROLLOUT_COMPLETED);
        assertThat(passes.events.getFirst().message()).isEqualTo("generation 7: 3 replicas in 3 batches, start-first");
        assertThat(passes.events.subList(1, 4)).extracting(e -> e.object().render())
                .containsExactly("container demo-web-1", "container demo-web-2", "container demo-web-3");
        assertThat(passes.events.getLast().message()).startsWith("generation 7: 3/3 replicas updated in ");
        var r = passes.rollout();
        assertThat(r.state()).isEqualTo(RolloutStatus.COMPLETED);
        assertThat(r.generation()).isEqualTo(7);
        assertThat(r.updated()).isEqualTo(3);
        assertThat(r.completedAt()).isAfter(r.startedAt());
    }

    @Test
    void aStopFirstRolloutCompletesOnlyOnceItsLastReplicaSucceeded() {
        var desired = web("1.28", 2, config("stop-first"));
        var passes = new Passes();

        passes.run(desired, old(2), 5);

        assertThat(passes.reasons()).containsExactly(Reasons.ROLLOUT_STARTED, Reasons.REPLICA_UPDATED, Reasons.REPLICA_UPDATED,
                Reasons.ROLLOUT_COMPLETED);
    }

    @Test
    void whileUnderWayTheStatusShowsTheBatchAndTheUpdatedReplicas() {
        var desired = web("1.28", 3, config("start-first"));
        var passes = new Passes();

        passes.run(desired, old(3), 2);

        var r = passes.rollout();
        assertThat(r.state()).isEqualTo("Progressing");
        assertThat(r.replicas()).containsExactly(1);
        assertThat(r.batch()).isEqualTo(2);
        assertThat(r.batches()).isEqualTo(3);
        assertThat(r.order()).isEqualTo("start-first");
    }

    @Test
    void aNewContainerThatFailsIsToldOnceWithItsReason() {
        var desired = web("1.28", 3, config("start-first"));
        var world = PlannerStartFirstTest.beside(old(3), desired, 1, State.EXITED, 10, Health.NONE, 0);
        var passes = new Passes();

        passes.run(desired, world, 1);

        assertThat(passes.reasons()).containsExactly(Reasons.ROLLOUT_STARTED, Reasons.REPLICA_UPDATE_FAILED);
        assertThat(passes.events.get(1).message()).isEqualTo("replica 1 failed its update to generation 7: exited (code 1)");
        assertThat(passes.events.get(1).object().render()).isEqualTo("container demo-web-1");
        assertThat(passes.rollout().state()).isEqualTo("Paused");
    }

    @Test
    void aConvergedServiceHasNoRolloutAndACrashIsNone() {
        var desired = web("1.28", 2, null);
        var world = RecordingEngine.converged(desired).change("demo-web-1", c -> c.exited(1));
        var passes = new Passes();

        passes.run(desired, world, 1);

        assertThat(passes.rollout()).isNull();
        assertThat(passes.reasons()).isEmpty();
    }
}
