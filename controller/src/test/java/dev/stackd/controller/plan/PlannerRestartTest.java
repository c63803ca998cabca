package dev.stackd.controller.plan;

import dev.stackd.controller.testing.RecordingEngine;
import dev.stackd.controller.event.Reasons;
import static dev.stackd.controller.testing.Specs.service;
import static dev.stackd.controller.testing.Specs.stack;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.api.model.StackSpec;
import dev.stackd.controller.engine.ObservedContainer.Health;
import dev.stackd.controller.engine.ObservedContainer.State;
import dev.stackd.controller.status.StackStatus;
import dev.stackd.controller.status.StackStatus.RestartStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A user's restart request (a time stored per service) goes through the planner: the replicas started before it are
 * restarted one at a time, each once the one before is ready again.
 */
class PlannerRestartTest {
    private static final Instant REQUESTED = RecordingEngine.NOW.minusSeconds(60);
    private final Planner planner = new Planner();

    /** web: 3 replicas with a healthcheck and a 20 s grace period; db untouched by the request. */
    static StackSpec desired() {
        return stack("demo")
                .service(service("db").image("postgres:16"))
                .service(service("web").image("nginx:1.27").replicas(3).healthcheck().stopGrace(Duration.ofSeconds(20)))
                .spec();
    }

    /** Every replica running and healthy since an hour ago. */
    private static RecordingEngine healthy() {
        var d = desired();
        var w = RecordingEngine.converged(d);
        for (int r = 1; r <= 3; r++) w.change("demo-web-" + r, c -> c.health = Health.HEALTHY);
        return w;
    }

    @Test
    void aRequestRestartsTheFirstReplicaStartedBeforeItWithTheGracePeriod() {
        var world = healthy().restartRequested("web", REQUESTED);

        var plan = planner.plan(desired(), world.state());

        Golden.assertMatches("restart-requested", plan.render());
        assertThat(plan.operations()).singleElement().isEqualTo(new Operation.RestartContainer("demo-web-1",
                Duration.ofSeconds(20), "web", "restart requested at " + REQUESTED + " (0/3 replicas restarted)", true));
    }

    @Test
    void theNextReplicaWaitsUntilTheRestartedOneIsHealthy() {
        var world = healthy().restartRequested("web", REQUESTED)
                .change("demo-web-1", c -> {
                    c.startedAt = RecordingEngine.NOW.minusSeconds(5);
                    c.health = Health.STARTING;
                });

        var plan = planner.plan(desired(), world.state());

        Golden.assertMatches("restart-waiting", plan.render());
        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.requeueAfter()).isEqualTo(Planner.DEPENDENCY_WAIT);
        var web = status(world).services().get(1);
        assertThat(web.restart()).isEqualTo(new RestartStatus(REQUESTED, 1, 3, "demo-web-1"));
        assertThat(status(world).condition("Progressing").reason()).isEqualTo(Reasons.RESTARTING);
    }

    @Test
    void onceTheRestartedReplicaIsHealthyTheNextGoes() {
        var world = healthy().restartRequested("web", REQUESTED)
                .change("demo-web-1", c -> c.startedAt = RecordingEngine.NOW.minusSeconds(5));

        var plan = planner.plan(desired(), world.state());

        assertThat(plan.operations()).singleElement().satisfies(op -> assertThat(op.target()).isEqualTo("container demo-web-2"));
    }

    @Test
    void aRestartedReplicaThatExitedHoldsTheRestBack() {
        var world = healthy().restartRequested("web", REQUESTED)
                .change("demo-web-1", c -> {
                    c.startedAt = RecordingEngine.NOW.minusSeconds(5);
                    c.exited(1);
                });

        var plan = planner.plan(desired(), world.state());

        // the normal path starts the exited replica again; nothing else is restarted meanwhile
        assertThat(plan.operations()).extracting(Operation::render)
                .containsExactly("start container demo-web-1: exited (code 1)");
    }

    @Test
    void everyReplicaStartedAfterTheRequestIsNothingToDo() {
        var world = healthy().restartRequested("web", REQUESTED);
        for (int r = 1; r <= 3; r++) world.change("demo-web-" + r, c -> c.startedAt = RecordingEngine.NOW.minusSeconds(30));

        var plan = planner.plan(desired(), world.state());

        Golden.assertMatches("restart-done", plan.render());
        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.notices()).isEmpty();
        assertThat(plan.requeueAfter()).isNull();
        var web = status(world).services().get(1);
        assertThat(web.restart()).isEqualTo(new RestartStatus(REQUESTED, 3, 3, null));
        assertThat(web.restart().done()).isTrue();
        assertThat(status(world).condition("Progressing").isTrue()).isFalse();
    }

    @Test
    void aServiceWithoutARequestHasNoRestartStatus() {
        assertThat(status(healthy()).services()).allSatisfy(s -> assertThat(s.restart()).isNull());
    }

    @Test
    void convergesOneReplicaPerPass() {
        var passes = RecordingEngine.converge(planner, desired(), healthy().restartRequested("web", REQUESTED));

        assertThat(passes).hasSize(3);
        for (int r = 1; r <= 3; r++) {
            assertThat(passes.get(r - 1)).isEqualTo("""
                    plan for stack demo
                    service web:
                      restart container demo-web-%d: restart requested at %s (%d/3 replicas restarted)
                    """.formatted(r, REQUESTED, r - 1));
        }
    }

    @Test
    void aSpecChangeWinsOverTheRestartAndCountsAsIt() {
        var changed = stack("demo")
                .service(service("db").image("postgres:16"))
                .service(service("web").image("nginx:1.28").replicas(3).healthcheck().stopGrace(Duration.ofSeconds(20)))
                .spec();
        var world = healthy().restartRequested("web", REQUESTED).image("nginx:1.28", "sha256:new");

        var plan = planner.plan(changed, world.state());

        assertThat(plan.operations()).noneMatch(op -> op instanceof Operation.RestartContainer);
        assertThat(plan.operations()).anyMatch(op -> op instanceof Operation.CreateContainer);
    }

    @Test
    void aPausedReplicaIsLeftToTheUser() {
        var world = healthy().restartRequested("web", REQUESTED).change("demo-web-1", c -> c.state = State.PAUSED);

        var plan = planner.plan(desired(), world.state());

        assertThat(plan.operations()).extracting(Operation::target).containsExactly("container demo-web-2");
    }

    private StackStatus status(RecordingEngine world) {
        var observed = world.state();
        return StackStatus.of(desired(), observed, planner.plan(desired(), observed));
    }
}
