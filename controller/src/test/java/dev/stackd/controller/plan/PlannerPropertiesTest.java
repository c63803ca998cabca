package dev.stackd.controller.plan;

import dev.stackd.controller.testing.RecordingEngine;
import dev.stackd.controller.testing.Specs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.controller.engine.ObservedContainer.State;
import dev.stackd.controller.observe.ObservedState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What holds for every plan: deterministic, independent of the observation's order, and executed it converges. */
class PlannerPropertiesTest {
    private final Planner planner = new Planner();

    @Test
    void theSameInputGivesTheSamePlanWhateverTheOrderOfObservation() {
        var desired = PlannerGoldenTest.demo();
        var world = RecordingEngine.converged(desired).withoutContainer("demo-web-1").withoutNetwork("demo_front")
                .change("demo-db-1", c -> c.exited(1)).state();
        var expected = planner.plan(desired, world);
        var random = new Random(42);
        for (int i = 0; i < 20; i++) {
            var containers = new ArrayList<>(world.containers());
            Collections.shuffle(containers, random);
            var shuffled = new ObservedState(world.stack(), containers, world.networks(), world.volumes(), world.images(),
                    world.restarts(), world.takenAt());
            assertThat(planner.plan(desired, shuffled)).isEqualTo(expected);
        }
    }

    @Test
    void recreateStopsTheOldWithTheServicesGracePeriodBeforeTheNewStarts() {
        var desired = PlannerGoldenTest.demo();
        var plan = planner.plan(desired, RecordingEngine.converged(desired).image("postgres:16", "sha256:newer").state());
        var ops = plan.operations();
        var stop = ops.stream().filter(op -> op instanceof Operation.StopContainer).map(op -> (Operation.StopContainer) op)
                .findFirst().orElseThrow();
        assertThat(stop.grace()).isEqualTo(Duration.ofSeconds(30));
        int stopAt = ops.indexOf(stop);
        int startAt = ops.indexOf(ops.stream().filter(op -> op instanceof Operation.StartContainer).findFirst().orElseThrow());
        assertThat(stopAt).isLessThan(startAt);
        assertThat(plan.services()).extracting(Plan.ServiceStep::service).containsExactly("db");
    }

    @Test
    void stepsRunAfterTheDependenciesTheStackHas() {
        var desired = Specs.stack("demo")
                .service(Specs.service("db").image("postgres:16"))
                .service(Specs.service("web").image("nginx:1.27").dependsOn("db", "service_started").dependsOn("gone", "service_started"))
                .spec();
        var plan = planner.plan(desired, RecordingEngine.empty(desired).state());
        assertThat(plan.services()).extracting(Plan.ServiceStep::service).containsExactly("db", "web");
        assertThat(plan.services().get(1).after()).isEqualTo(Set.of("db"));
    }

    @Test
    void aContainerStackdDoesNotOwnIsNeverActedOn() {
        var desired = PlannerGoldenTest.demo();
        var world = RecordingEngine.converged(desired)
                .change("demo-db-1", c -> {
                    c.labels.clear();
                    c.state = State.EXITED;
                })
                .change("demo-web-1", c -> c.labels.put(dev.stackd.controller.engine.Labels.STACK, "other"));
        var plan = planner.plan(desired, world.state());
        assertThat(plan.operations()).extracting(Operation::target)
                .noneMatch(t -> t.startsWith("container demo-db-1 ") || t.equals("container demo-db-1"))
                .noneMatch(t -> t.startsWith("container demo-web-1 ") || t.equals("container demo-web-1"));
        assertThat(plan.notices()).extracting(Notice::reason).containsExactly("NameConflict", "NameConflict");
    }

    @Test
    void backoffRequeuesAtTheEarliestRetry() {
        var desired = Specs.stack("demo")
                .service(Specs.service("a").image("a:1").restart("always"))
                .service(Specs.service("b").image("b:1").restart("always"))
                .spec();
        var world = RecordingEngine.converged(desired)
                .change("demo-a-1", c -> c.exited(1)).restarts("demo-a-1", 4, RecordingEngine.NOW.plusSeconds(80))
                .change("demo-b-1", c -> c.exited(1)).restarts("demo-b-1", 2, RecordingEngine.NOW.plusMillis(2500));
        var plan = planner.plan(desired, world.state());
        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.requeueAfter()).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void aCompletedOneShotIsNotRerunForANetworkItDoesNotUseNow() {
        var desired = Specs.stack("demo").network("back")
                .service(Specs.service("migrate").image("migrate:1").restart("no").network("back"))
                .spec();
        var world = RecordingEngine.converged(desired).withoutNetwork("demo_back")
                .change("demo-migrate-1", c -> c.exited(0));
        var plan = planner.plan(desired, world.state());
        assertThat(plan.operations()).extracting(Operation::render).containsExactly("create network demo_back: missing");
        var changed = Specs.stack("demo").network("back")
                .service(Specs.service("migrate").image("migrate:2").restart("no").network("back"))
                .spec();
        assertThat(planner.plan(changed, world.image("migrate:2", "sha256:m2").state()).operations())
                .extracting(Operation::verb).contains("create", "remove", "rename", "start");
    }
}
