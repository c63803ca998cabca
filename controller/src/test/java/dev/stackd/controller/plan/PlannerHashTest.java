package dev.stackd.controller.plan;

import static dev.stackd.controller.testing.Specs.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.api.model.NetworkSpec;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
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
    void aServiceStoredBeforeTheNewKeysKeepsItsHash() {
        // measured with main before security_opt, pid, blkio_config... existed: a new key left unset must not change
        // the hash, or every container of every stored stack would be recreated on upgrade
        var loaded = dev.stackd.api.compose.ComposeLoader.load(dev.stackd.api.compose.LoadRequest.remote("""
                services:
                  web:
                    image: nginx:1.27
                    command: ["nginx", "-g", "daemon off;"]
                    environment: {A: "1"}
                    ports: ["8080:80"]
                    volumes: [data:/data]
                    restart: always
                    mem_limit: 64m
                    deploy: {resources: {reservations: {memory: 32m}}}
                    stop_signal: SIGQUIT
                volumes:
                  data:
                """).withName("demo"));
        assertThat(ServiceHash.of(loaded.stack().service("web"))).isEqualTo("089c81f9556019228aaced6a8599b4e6a4151735b1eadb9fc2f57137c0342b80");
    }

    @Test
    void mapInsertionOrderDoesNotMatter() {
        assertThat(ServiceHash.of(service("web").image("x").env("A", "1").env("B", "2").label("z", "1").label("y", "2").spec()))
                .isEqualTo(ServiceHash.of(service("web").image("x").label("y", "2").label("z", "1").env("B", "2").env("A", "1").spec()));
    }

    private static NetworkSpec net(String name, String driver, boolean internal, Map<String, String> opts,
                                                         Map<String, String> labels) {
        return new NetworkSpec(name, driver, new TreeMap<>(opts), internal, false, false, null, null,
                new TreeMap<>(labels));
    }

    @Test
    void aNetworkHashLeavesOutNameExternalAndDefaults() {
        // pinned: a change of this text recreates every network stackd made (disconnecting every container on them)
        assertThat(NetworkHash.canonicalJson(net("demo_default", null, false, Map.of(), Map.of()))).isEqualTo("{}");
        assertThat(NetworkHash.canonicalJson(net("demo_back", "bridge", true, Map.of("b", "2", "a", "1"), Map.of("tier", "back"))))
                .isEqualTo("{\"driverOpts\":{\"a\":\"1\",\"b\":\"2\"},\"internal\":true,\"labels\":{\"tier\":\"back\"}}");
        assertThat(NetworkHash.of(net("a_x", "bridge", false, Map.of(), Map.of())))
                .isEqualTo(NetworkHash.of(net("b_y", null, false, Map.of(), Map.of())));
    }

    @Test
    void aNetworkSettingChangesItsHash() {
        String base = NetworkHash.of(net("n", "bridge", false, Map.of(), Map.of()));
        assertThat(NetworkHash.of(net("n", "macvlan", false, Map.of(), Map.of()))).isNotEqualTo(base);
        assertThat(NetworkHash.of(net("n", "bridge", true, Map.of(), Map.of()))).isNotEqualTo(base);
        assertThat(NetworkHash.of(net("n", "bridge", false, Map.of("mtu", "1400"), Map.of()))).isNotEqualTo(base);
        assertThat(NetworkHash.of(net("n", "bridge", false, Map.of(), Map.of("tier", "x")))).isNotEqualTo(base);
    }
}
