package dev.stackd.controller.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.api.model.ServiceSpec.StackdSettings;
import dev.stackd.api.compose.ComposeLoader;
import dev.stackd.api.compose.LoadRequest;
import dev.stackd.api.model.StackSpec;
import dev.stackd.controller.engine.Labels;
import dev.stackd.controller.engine.ObservedContainer;
import dev.stackd.controller.observe.ObservedState.Replica;
import dev.stackd.controller.plan.ServiceHash;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestartBackoffTest {
    private final StackdSettings defaults = StackdSettings.DEFAULTS;
    private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    private final StackSpec demo = spec("demo", "nginx:1.27");
    private final Replica web1 = new Replica("web", 1);

    @Test
    void delaysDoubleFromTenSecondsToFiveMinutes() {
        assertThat(List.of(1, 2, 3, 4, 5, 6, 7, 8).stream().map(n -> RestartBackoff.delay(n, defaults).toSeconds()))
                .containsExactly(10L, 20L, 40L, 80L, 160L, 300L, 300L, 300L);
    }

    @Test
    void eachRestartPushesTheNextRetry() {
        var b = new RestartBackoff();
        var first = b.restarted("demo", demo.service("web"), 1, t0);
        var second = b.restarted("demo", demo.service("web"), 1, t0.plusSeconds(10));
        assertThat(first.restarts()).isEqualTo(1);
        assertThat(first.nextRetryAt()).isEqualTo(t0.plusSeconds(10));
        assertThat(second.restarts()).isEqualTo(2);
        assertThat(second.nextRetryAt()).isEqualTo(t0.plusSeconds(30));
        assertThat(b.snapshot(demo)).containsOnlyKeys(web1);
    }

    @Test
    void aContainerRunningLongerThanTheResetStartsOver() {
        var b = new RestartBackoff();
        b.restarted("demo", demo.service("web"), 1, t0);
        b.observeRunning("demo", running(t0), defaults, t0.plus(Duration.ofMinutes(9)));
        assertThat(b.snapshot(demo)).containsKey(web1);
        b.observeRunning("demo", running(t0), defaults, t0.plus(Duration.ofMinutes(10)));
        assertThat(b.snapshot(demo)).isEmpty();
    }

    @Test
    void theOldSpecsContainerRunningLongDoesNotEndTheNewSpecsLoop() {
        // start-first: the old container keeps running beside the new spec's failed attempts; its hours of running
        // said the loop was over, and the failed update was tried again at once on every pass
        var b = new RestartBackoff();
        var fixed = spec("demo", "nginx:1.28");
        b.restarted("demo", fixed.service("web"), 1, t0);

        b.observeRunning("demo", running(t0.minus(Duration.ofHours(5)), demo), defaults, t0.plusSeconds(1));

        assertThat(b.snapshot(fixed)).containsKey(web1);
    }

    @Test
    void aChangedSpecForgetsThePastFailures() {
        // before, the memory was keyed by container name and survived a spec change: a fixed image still waited
        // out the broken one's backoff (swarmkit: past failures do not count against a new definition)
        var b = new RestartBackoff();
        for (int i = 0; i < 4; i++) b.restarted("demo", demo.service("web"), 1, t0.plusSeconds(i));
        var fixed = spec("demo", "nginx:1.28");

        assertThat(b.snapshot(fixed)).as("the new spec starts with a clean slate").isEmpty();
        assertThat(b.snapshot(demo)).as("and the old loop is gone, not kept aside").isEmpty();
        assertThat(b.restarted("demo", fixed.service("web"), 1, t0.plusSeconds(5)).restarts()).isEqualTo(1);
    }

    @Test
    void aRestartUnderANewSpecStartsANewLoop() {
        var b = new RestartBackoff();
        b.restarted("demo", demo.service("web"), 1, t0);
        b.restarted("demo", demo.service("web"), 1, t0);
        var fixed = spec("demo", "nginx:1.28");
        assertThat(b.restarted("demo", fixed.service("web"), 1, t0).restarts()).isEqualTo(1);
    }

    @Test
    void loopsAreKeptPerStackServiceAndReplicaAndDroppedWithTheirStack() {
        // before, a deleted stack's loops stayed in memory for ever (keyed by container names nobody removed)
        var b = new RestartBackoff();
        var other = spec("other", "nginx:1.27");
        b.restarted("demo", demo.service("web"), 1, t0);
        b.restarted("other", other.service("web"), 1, t0);
        b.restarted("other", other.service("web"), 2, t0);

        b.forgetStack("other");

        assertThat(b.size()).isEqualTo(1);
        assertThat(b.snapshot(other)).isEmpty();
        assertThat(b.snapshot(demo)).containsOnlyKeys(web1);
    }

    @Test
    void settingsFromXStackdApply() {
        var fast = new StackdSettings(true, Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(30));
        assertThat(List.of(1, 2, 3, 4).stream().map(n -> RestartBackoff.delay(n, fast).toSeconds())).containsExactly(1L, 2L, 3L, 3L);
    }

    private static StackSpec spec(String stack, String image) {
        return ComposeLoader.load(LoadRequest.ofText("services:\n  web:\n    image: " + image + "\n", java.nio.file.Path.of("/tmp"))
                .withName(stack)).orThrow();
    }

    private ObservedContainer running(Instant startedAt) {
        return running(startedAt, demo);
    }

    /** demo-web-1 running the web service of that spec (its spec-hash label). */
    private static ObservedContainer running(Instant startedAt, StackSpec of) {
        return new ObservedContainer("id", "demo-web-1", Map.of(Labels.STACK, "demo", Labels.SERVICE, "web", Labels.REPLICA, "1",
                Labels.SPEC_HASH, ServiceHash.of(of.service("web"))),
                "img", "sha", ObservedContainer.State.RUNNING, 0, ObservedContainer.Health.NONE, startedAt, null, 0, false,
                Map.of(), List.of());
    }
}
