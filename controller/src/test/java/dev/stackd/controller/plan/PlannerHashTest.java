package dev.stackd.controller.plan;

import static dev.stackd.controller.plan.Specs.service;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PlannerHashTest {

    @Test
    void canonicalJsonSortsKeysLeavesOutNullsAndWritesIsoDurations() {
        String json = ServiceHash.canonicalJson(service("web").image("nginx:1.27").env("B", "2").env("A", "1").healthcheck()
                .stopGrace(Duration.ofSeconds(30)).spec());
        var keys = new java.util.ArrayList<String>();
        try {
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).fieldNames().forEachRemaining(keys::add);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
        assertThat(keys).isSorted().contains("environment", "healthcheck", "image", "name", "stopGracePeriod");
        assertThat(json).contains("\"environment\":{\"A\":\"1\",\"B\":\"2\"}");
        assertThat(json).contains("\"stopGracePeriod\":\"PT30S\"");
        assertThat(json).doesNotContain("null").doesNotContain("\"replicas\"").doesNotContain("\"dependsOn\"")
                .doesNotContain("\"stackd\"").doesNotContain("\"envFiles\"");
        assertThat(json).contains("\"healthcheck\":{\"disable\":false,\"interval\":\"PT5S\",\"retries\":3,\"test\":[\"CMD\",\"true\"]");
    }

    @Test
    void replicasDependsOnAndStackdSettingsDoNotChangeTheHash() {
        String base = ServiceHash.of(service("web").image("nginx:1.27").spec());
        assertThat(ServiceHash.of(service("web").image("nginx:1.27").replicas(3).dependsOn("db", "service_healthy")
                .restartUnhealthy(false).spec())).isEqualTo(base);
        assertThat(base).hasSize(64).matches("[0-9a-f]+");
    }

    @Test
    void whatTheContainerRunsChangesTheHash() {
        String base = ServiceHash.of(service("web").image("nginx:1.27").spec());
        assertThat(ServiceHash.of(service("web").image("nginx:1.28").spec())).isNotEqualTo(base);
        assertThat(ServiceHash.of(service("web").image("nginx:1.27").env("A", "1").spec())).isNotEqualTo(base);
        assertThat(ServiceHash.of(service("web").image("nginx:1.27").port(80, 80).spec())).isNotEqualTo(base);
        assertThat(ServiceHash.of(service("web").image("nginx:1.27").network("back").spec())).isNotEqualTo(base);
    }

    @Test
    void mapInsertionOrderDoesNotMatter() {
        assertThat(ServiceHash.of(service("web").image("x").env("A", "1").env("B", "2").label("z", "1").label("y", "2").spec()))
                .isEqualTo(ServiceHash.of(service("web").image("x").label("y", "2").label("z", "1").env("B", "2").env("A", "1").spec()));
    }
}
