package dev.stackd.controller.plan;

import dev.stackd.controller.testing.RecordingEngine;
import static dev.stackd.controller.testing.Specs.service;
import static dev.stackd.controller.testing.Specs.stack;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.controller.engine.ContainerRequest;
import dev.stackd.controller.engine.Labels;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the planner asks the engine to create: the ContainerRequest of a service's replica. */
class PlannerRequestTest {
    private final Planner planner = new Planner();

    private ContainerRequest createdRequest(dev.stackd.api.model.StackSpec desired, String container) {
        return planner.plan(desired, RecordingEngine.empty(desired).state()).operations().stream()
                .filter(op -> op instanceof Operation.CreateContainer c && c.request().name().equals(container))
                .map(op -> ((Operation.CreateContainer) op).request())
                .findFirst().orElseThrow(() -> new AssertionError("no create of " + container));
    }

    @Test
    void firstNetworkByPriorityThenKeyWithServiceNameAsAlias() {
        var desired = stack("demo").network("a").network("b").network("c")
                .service(service("web").image("nginx:1.27").network("a", "www").network("b", 5, "10.0.0.5").network("c"))
                .spec();
        var request = createdRequest(desired, "demo-web-1");
        assertThat(request.network()).isEqualTo("demo_b");
        assertThat(request.networkAliases()).containsExactly("web");
        assertThat(request.ipv4Address()).isEqualTo("10.0.0.5");
        assertThat(ContainerRequests.networksInOrder(desired.service("web"))).extracting(Map.Entry::getKey).containsExactly("b", "a", "c");
        assertThat(ContainerRequests.aliases(desired.service("web"), desired.service("web").networks().get("a"))).containsExactly("web", "www");
    }

    @Test
    void labelsAreStackdsAndComposesOverTheSpecsOwn() {
        var desired = stack("demo")
                .service(service("web").image("nginx:1.27").label("team", "edge").label(Labels.STACK, "spoofed").replicas(2))
                .spec();
        var request = createdRequest(desired, "demo-web-2");
        String hash = ServiceHash.of(desired.service("web"));
        assertThat(request.labels()).containsEntry("team", "edge")
                .containsEntry(Labels.STACK, "demo").containsEntry(Labels.SERVICE, "web").containsEntry(Labels.REPLICA, "2")
                .containsEntry(Labels.SPEC_HASH, hash)
                .containsEntry(Labels.COMPOSE_PROJECT, "demo").containsEntry(Labels.COMPOSE_SERVICE, "web")
                .containsEntry(Labels.COMPOSE_CONTAINER_NUMBER, "2").containsEntry(Labels.COMPOSE_ONEOFF, "False")
                .containsEntry(Labels.COMPOSE_CONFIG_HASH, hash);
    }

    @Test
    void volumesSecretsConfigsAndBuiltImageAreResolved() {
        var desired = stack("demo").volume("data")
                .secret("db_password", "/srv/demo/db_password.txt").config("nginx.conf", "/srv/demo/nginx.conf")
                .service(service("app").build("/src/app").volume("data", "/data").secret("db_password", null)
                        .config("nginx.conf"))
                .spec();
        var request = createdRequest(desired, "demo-app-1");
        assertThat(request.image()).isEqualTo("demo-app");
        assertThat(request.volumeNames()).containsExactlyEntriesOf(Map.of("data", "demo_data"));
        assertThat(request.fileMounts()).containsOnly(
                Map.entry("/srv/demo/db_password.txt", "/run/secrets/db_password"),
                Map.entry("/srv/demo/nginx.conf", "/nginx.conf"));
        assertThat(request.network()).isEqualTo("demo_default");
    }

    @Test
    void networkModeAttachesNoNetwork() {
        var desired = stack("demo").service(service("agent").image("agent:1").networkMode("host")).spec();
        var request = createdRequest(desired, "demo-agent-1");
        assertThat(request.network()).isNull();
        assertThat(request.networkAliases()).isEmpty();
    }

    @Test
    void containerNameAllowsOneReplicaOnly() {
        var desired = stack("demo").service(service("db").image("postgres:16").containerName("pg").replicas(2)).spec();
        var creates = planner.plan(desired, RecordingEngine.empty(desired).state()).operations().stream()
                .filter(op -> op instanceof Operation.CreateContainer).map(Operation::target).toList();
        assertThat(creates).containsExactly("container pg");
    }
}
