package dev.stackd.controller.plan;

import dev.stackd.controller.testing.RecordingEngine;
import static dev.stackd.controller.testing.Specs.service;
import static dev.stackd.controller.testing.Specs.stack;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.api.model.StackSpec;
import dev.stackd.controller.engine.Labels;
import dev.stackd.controller.engine.ObservedContainer.ObservedEndpoint;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Level-triggered means: plan, execute, observe, plan again, and soon nothing is left to do. A simulated engine
 * executes each plan on the hand-made world; every drifted world must reach the empty plan within a few passes.
 */
class PlannerConvergenceTest {
    private final Planner planner = new Planner();

    private List<String> converge(StackSpec desired, RecordingEngine world) {
        return RecordingEngine.converge(planner, desired, world);
    }

    @Test
    void fromNothing() {
        var desired = PlannerGoldenTest.demo();
        // pass 1 starts db, pass 2 web (db is healthy by then)
        assertThat(converge(desired, RecordingEngine.empty(desired))).hasSize(2);
    }

    @Test
    void fromEveryDriftAtOnce() {
        var desired = PlannerGoldenTest.demo();
        var world = RecordingEngine.converged(desired)
                .withoutNetwork("demo_front")
                .change("demo-web-1", c -> c.networks.remove("demo_front"))
                .change("demo-db-1", c -> c.networks.put("demo_back", new ObservedEndpoint("id-demo_back", List.of(), null)))
                .image("postgres:16", "sha256:newer")
                .network("demo_old", Map.of(Labels.STACK, "demo"))
                .add(RecordingEngine.running(desired, desired.service("web"), 1)).change("demo-web-1", c -> {
                    c.name = "demo-web-3";
                    c.replica("3");
                })
                .add(RecordingEngine.running(desired, desired.service("web"), 1));
        assertThat(converge(desired, world)).isNotEmpty();
    }

    @Test
    void fromAChangedSpecWithBuildsAndScale() {
        var before = stack("demo").network("front").network("back")
                .service(service("app").build("/src/app").network("front").network("back", "api").replicas(3))
                .service(service("web").image("nginx:1.27").dependsOn("app", "service_started"))
                .spec();
        var after = stack("demo").network("front").network("back")
                .service(service("app").build("/src/app").network("front").network("back", "api", "backend").replicas(2))
                .service(service("web").image("nginx:1.28").dependsOn("app", "service_started"))
                .spec();
        // app's two replicas roll out one at a time (update_config's default parallelism 1): two passes
        assertThat(converge(after, RecordingEngine.converged(before).withoutImage("demo-app"))).hasSize(2);
    }
}
