package dev.stackd.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stackd.api.compose.ComposeLoader;
import dev.stackd.api.compose.LoadRequest;
import dev.stackd.api.model.ServiceSpec;
import dev.stackd.api.model.StackSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestsTest {
    @TempDir
    Path tmp;

    private StackSpec load(String yaml) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("demo"));
        return ComposeLoader.load(LoadRequest.ofText(yaml, dir).withEnvironment(Map.of("KEEP", "k"))).orThrow();
    }

    @Test
    void roundTripsEveryKindOfValue() throws Exception {
        StackSpec spec = load("""
                services:
                  web:
                    image: nginx
                    command: ["nginx", "-g", "daemon off;"]
                    entrypoint: []
                    environment: {A: "1", UNSET: null, KEEP: null}
                    ports: ["8080:80", "53/udp"]
                    volumes: [data:/data:ro, /anon, "./x:/x"]
                    healthcheck: {test: curl -f localhost, interval: 1m30s, retries: 3}
                    stop_grace_period: 500ms
                    deploy: {replicas: 2, resources: {limits: {cpus: "0.5", memory: 1g}}}
                    ulimits: {nofile: {soft: 1, hard: 2}}
                    secrets: [{source: s, mode: 0400}]
                    logging: {driver: local}
                    x-stackd: {backoff-max: 1h}
                    networks:
                      back: {aliases: [w], priority: 5}
                networks:
                  back: {ipam: {config: [{subnet: 10.0.0.0/24}]}}
                volumes:
                  data: {labels: {a: b}}
                secrets:
                  s: {environment: S}
                configs:
                  c: {content: "hello"}
                """);
        String json = Manifests.toCanonicalJson(spec);
        assertThat(Manifests.stackFromJson(json)).isEqualTo(spec);
        assertThat(Manifests.toCanonicalJson(Manifests.stackFromJson(json))).isEqualTo(json);
        assertThat(Manifests.stackFromJson(Manifests.toPrettyJson(spec))).isEqualTo(spec);
        ServiceSpec web = spec.service("web");
        assertThat(Manifests.serviceFromJson(Manifests.toCanonicalJson(web))).isEqualTo(web);
    }

    @Test
    void isCanonicalSortedKeysIsoDurationsNoNullProperties() throws Exception {
        String json = Manifests.toCanonicalJson(load("""
                services:
                  web:
                    image: nginx
                    stop_grace_period: 1m30s
                    environment: {Z: "1", A: null}
                """).service("web"));
        assertThat(json).contains("\"stopGracePeriod\":\"PT1M30S\"");
        assertThat(json).contains("\"environment\":{\"A\":null,\"Z\":\"1\"}");
        assertThat(json).doesNotContain("\"command\"").doesNotContain("\"healthcheck\"");
        assertThat(json.indexOf("\"capAdd\"")).isLessThan(json.indexOf("\"environment\""));
        assertThat(json.indexOf("\"environment\"")).isLessThan(json.indexOf("\"image\""));
        assertThat(json).startsWith("{\"capAdd\":[]");
    }

    @Test
    void theSameSpecAlwaysGivesTheSameBytes() throws Exception {
        String yaml = "services:\n  b: {image: x, labels: {z: 1, a: 2}}\n  a: {image: y}\n";
        assertThat(Manifests.toCanonicalJson(load(yaml))).isEqualTo(Manifests.toCanonicalJson(load(yaml)));
        String reordered = "services:\n  a: {image: y}\n  b: {image: x, labels: {a: 2, z: 1}}\n";
        assertThat(Manifests.toCanonicalJson(load(reordered))).isEqualTo(Manifests.toCanonicalJson(load(yaml)));
    }

    @Test
    void garbageIsRejected() {
        assertThatThrownBy(() -> Manifests.stackFromJson("{not json")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a canonical StackSpec");
    }
}
