package dev.stackd.controller.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.api.model.StackSpec;
import dev.stackd.api.model.UpdateConfig;
import dev.stackd.controller.engine.ObservedContainer.Health;
import dev.stackd.controller.event.Reasons;
import dev.stackd.controller.observe.RolloutState;
import dev.stackd.controller.status.StackStatus;
import dev.stackd.controller.testing.RecordingEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The spec did not change, but its tag now names another image (docker tag, a pull): the replicas on the old image
 * ID roll out as for a spec change, batch by batch by update_config, the image IDs observed (the tag's ID in
 * {@code observed.images()}, each container's own), never looked up by the planner.
 */
class PlannerImageRolloutTest {
    private static final Instant NOW = RecordingEngine.NOW;
    private final Planner planner = new Planner();

    private static final StackSpec WEB = PlannerRolloutTest.web("1.27", 3, null);

    /** Every replica running and healthy on the image nginx:1.27 named an hour ago; the tag now names another. */
    private static RecordingEngine retagged() {
        var w = RecordingEngine.converged(WEB);
        for (int r = 1; r <= 3; r++) w.change("demo-web-" + r, c -> { c.health = Health.HEALTHY; c.createdAt = NOW.minusSeconds(3600); });
        // the generation applied a minute ago did not change web: only the image did
        return w.image("nginx:1.27", "sha256:retagged").rollout(new RolloutState(2, NOW.minusSeconds(60), Set.of(), Map.of()));
    }

    /** Replica r recreated on the tag's new image {@code createdAgo} seconds ago, started 1 s after. */
    private static RecordingEngine onNewImage(RecordingEngine w, int r, long createdAgo, Health health) {
        return w.change("demo-web-" + r, c -> {
            c.imageId = "sha256:retagged";
            c.createdAt = NOW.minusSeconds(createdAgo);
            c.startedAt = NOW.minusSeconds(createdAgo - 1);
            c.health = health;
        });
    }

    @Test
    void theFirstBatchIsOneReplicaTheOthersKeepTheOldImage() {
        String text = planner.plan(WEB, retagged().state()).render();

        Golden.assertMatches("rollout-image-first-batch", text);
        assertThat(text).contains("demo-web-1: image changed").doesNotContain("demo-web-2").doesNotContain("demo-web-3");
    }

    @Test
    void parallelismSetsTheBatch() {
        var update = new UpdateConfig(2, Duration.ZERO, "pause", Duration.ofSeconds(5), 0, "stop-first");
        var desired = PlannerRolloutTest.web("1.27", 3, update);
        var w = RecordingEngine.converged(desired);
        for (int r = 1; r <= 3; r++) w.change("demo-web-" + r, c -> c.health = Health.HEALTHY);

        String text = planner.plan(desired, w.image("nginx:1.27", "sha256:retagged").state()).render();

        assertThat(text).contains("create container demo-web-1-stackd-new").contains("create container demo-web-2-stackd-new")
                .doesNotContain("demo-web-3");
    }

    @Test
    void theNextBatchWaitsForTheReplicaOnTheNewImage() {
        var world = onNewImage(retagged(), 1, 2, Health.STARTING);

        var plan = planner.plan(WEB, world.state());

        Golden.assertMatches("rollout-image-waiting", plan.render());
        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.requeueAfter()).isEqualTo(Planner.DEPENDENCY_WAIT);
        assertThat(StackStatus.of(WEB, world.state(), plan).condition("Progressing").reason()).isEqualTo(Reasons.ROLLING_OUT);
    }

    @Test
    void aReplicaThatExitsOnTheNewImagePausesTheRolloutTheOthersKeepTheOldImage() {
        var world = onNewImage(retagged(), 1, 10, Health.NONE).change("demo-web-1", c -> c.exited(1));

        var plan = planner.plan(WEB, world.state());

        Golden.assertMatches("rollout-image-paused", plan.render());
        assertThat(plan.holds()).containsExactly(new Plan.Hold("web", false, "demo-web-1 exited (code 1)"));
        assertThat(plan.operations()).extracting(Operation::target).containsExactly("container demo-web-1");
        assertThat(StackStatus.of(WEB, world.state(), plan).condition("Degraded").reason()).isEqualTo(Reasons.ROLLOUT_PAUSED);
    }

    @Test
    void onceEveryReplicaRunsTheNewImageThePlanIsEmpty() {
        var world = retagged();
        for (int r = 1; r <= 3; r++) onNewImage(world, r, 60, Health.HEALTHY);

        assertThat(planner.plan(WEB, world.state()).isEmpty()).isTrue();
    }
}
