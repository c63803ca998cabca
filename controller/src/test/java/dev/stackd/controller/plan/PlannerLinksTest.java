package dev.stackd.controller.plan;

import dev.stackd.controller.testing.RecordingEngine;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.api.compose.ComposeLoader;
import dev.stackd.api.compose.LoadRequest;
import org.junit.jupiter.api.Test;

/** links as compose sets them: on every network the service joins, not only the one the create attaches. */
class PlannerLinksTest {
    @Test
    void everyNetworkTheServiceJoinsCarriesItsLinks() {
        var stack = ComposeLoader.load(LoadRequest.remote("""
                services:
                  db: {image: db:1, networks: [back]}
                  web: {image: web:1, links: ["db:database"], external_links: [legacy], networks: [front, back]}
                networks: {front: {}, back: {}}
                """).withName("demo")).orThrow();
        var world = RecordingEngine.converged(stack).withoutContainer("demo-web-1");
        var plan = new Planner().plan(stack, world.state());

        var create = plan.operations().stream().filter(op -> op instanceof Operation.CreateContainer).map(op -> (Operation.CreateContainer) op)
                .filter(c -> c.request().name().equals("demo-web-1")).findFirst().orElseThrow();
        var connect = plan.operations().stream().filter(op -> op instanceof Operation.ConnectNetwork).map(op -> (Operation.ConnectNetwork) op)
                .filter(c -> c.container().equals("demo-web-1")).toList();
        var expected = new String[] {"demo-db-1:database", "demo-db-1:db-1", "demo-db-1:demo-db-1", "legacy:legacy"};
        assertThat(create.request().links()).containsExactly(expected);
        assertThat(connect).hasSize(1);
        assertThat(connect.getFirst().links()).containsExactly(expected);
    }
}
