package dev.stackd.controller.docker;

import static dev.stackd.controller.testing.ServiceBuilder.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stackd.api.model.NetworkSpec;
import dev.stackd.api.model.ServiceSpec;
import dev.stackd.api.model.ServiceSpec.HealthcheckSpec;
import dev.stackd.api.model.ServiceSpec.LoggingSpec;
import dev.stackd.api.model.ServiceSpec.MountSpec;
import dev.stackd.api.model.ServiceSpec.ResourceSpec;
import dev.stackd.api.model.ServiceSpec.Ulimit;
import dev.stackd.controller.observe.ObservedContainer.State;
import dev.stackd.controller.testing.RawEngine;
import dev.stackd.controller.testing.TestEngine;
import dev.stackd.controller.testing.TestImage;
import dev.stackd.controller.testing.TestResources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fields of a service the lifecycle test does not touch, each checked in the engine's own inspect. */
class ContainerTranslationIT {
    private final Engine engine = TestEngine.get();
    private final TestResources test = new TestResources();

    @TempDir
    Path host;

    @BeforeAll
    static void image() {
        TestImage.ensure();
    }

    @AfterEach
    void cleanUp() {
        test.removeAll();
    }

    @Test
    void translatesProcessResourcesSecurityMountsAndLogging() throws Exception {
        Path data = Files.createDirectories(host.resolve("data"));
        Path token = Files.writeString(host.resolve("token"), "s3cret");
        JsonNode version = RawEngine.get("/version");
        String platform = version.path("Os").asText() + "/" + version.path("Arch").asText();
        var spec = new ServiceSpec("box", TestImage.REF, null, List.of("echo started; sleep 60"), List.of("sh", "-c"),
                null, List.of(), List.of(), List.of(),
                List.of(new MountSpec("bind", data.toString(), "/data", true, null, null, null),
                        new MountSpec("bind", host.toString(), "/host", false, null, false, null),
                        new MountSpec("volume", null, "/anonymous", false, null, null, null),
                        new MountSpec("tmpfs", null, "/tmp", false, 2L << 20, null, null)),
                null, "none", null,
                new HealthcheckSpec(List.of(), null, null, null, null, null, true),
                "unless-stopped", null, null, "box", "example.test", "/tmp", "1000:1000", "SIGINT", Duration.ofSeconds(3), 1,
                new ResourceSpec(64L << 20, 500_000_000L, 100L, 32L << 20),
                List.of("NET_ADMIN"), List.of("CAP_MKNOD"), false, true, true, true, true,
                List.of("db.test:10.0.0.5"), List.of("10.0.0.53"),
                new TreeMap<>(Map.of("net.ipv4.ip_unprivileged_port_start", "0")),
                new TreeMap<>(Map.of("nofile", new Ulimit(1024, 2048))),
                List.of(), List.of(), platform, "runc", null,
                new LoggingSpec("json-file", new TreeMap<>(Map.of("max-size", "1m"))), null);
        var request = new ContainerRequest(test.name("box"), TestImage.REF, spec, test.labels(), Map.of(), null, List.of(), null,
                Map.of(token.toString(), "/run/secrets/token"));

        String id = engine.createContainer(request);

        JsonNode c = RawEngine.get("/containers/" + id + "/json");
        JsonNode config = c.path("Config");
        assertThat(config.path("Entrypoint").toString()).isEqualTo("[\"sh\",\"-c\"]");
        assertThat(config.path("Cmd").toString()).isEqualTo("[\"echo started; sleep 60\"]");
        assertThat(config.path("Hostname").asText()).isEqualTo("box");
        assertThat(config.path("Domainname").asText()).isEqualTo("example.test");
        assertThat(config.path("User").asText()).isEqualTo("1000:1000");
        assertThat(config.path("WorkingDir").asText()).isEqualTo("/tmp");
        assertThat(config.path("StopSignal").asText()).isEqualTo("SIGINT");
        assertThat(config.path("StopTimeout").asInt()).isEqualTo(3);
        assertThat(config.path("Tty").asBoolean()).isTrue();
        assertThat(config.path("OpenStdin").asBoolean()).isTrue();
        assertThat(config.at("/Healthcheck/Test").toString()).isEqualTo("[\"NONE\"]");

        JsonNode hc = c.path("HostConfig");
        assertThat(hc.path("NetworkMode").asText()).isEqualTo("none");
        assertThat(hc.at("/RestartPolicy/Name").asText()).isEqualTo("unless-stopped");
        assertThat(hc.path("Memory").asLong()).isEqualTo(64L << 20);
        assertThat(hc.path("MemoryReservation").asLong()).isEqualTo(32L << 20);
        assertThat(hc.path("NanoCpus").asLong()).isEqualTo(500_000_000L);
        assertThat(hc.path("PidsLimit").asLong()).isEqualTo(100L);
        assertThat(hc.path("CapAdd").toString()).contains("NET_ADMIN");
        assertThat(hc.path("CapDrop").toString()).contains("MKNOD");
        assertThat(hc.path("Privileged").asBoolean()).isFalse();
        assertThat(hc.path("ReadonlyRootfs").asBoolean()).isTrue();
        assertThat(hc.path("Init").asBoolean()).isTrue();
        assertThat(hc.path("ExtraHosts").toString()).isEqualTo("[\"db.test:10.0.0.5\"]");
        assertThat(hc.path("Dns").toString()).isEqualTo("[\"10.0.0.53\"]");
        assertThat(hc.at("/Sysctls/net.ipv4.ip_unprivileged_port_start").asText()).isEqualTo("0");
        assertThat(hc.path("Ulimits").toString()).contains("\"Name\":\"nofile\"", "\"Soft\":1024", "\"Hard\":2048");
        assertThat(hc.at("/LogConfig/Type").asText()).isEqualTo("json-file");
        assertThat(hc.at("/LogConfig/Config/max-size").asText()).isEqualTo("1m");
        assertThat(hc.path("Runtime").asText()).isEqualTo("runc");
        assertThat(hc.path("Binds").toString()).isEqualTo("[\"" + data + ":/data:ro\"]");
        assertThat(hc.path("Mounts").toString())
                .contains("\"Source\":\"" + host + "\",\"Target\":\"/host\"")
                .contains("\"Source\":\"" + token + "\",\"Target\":\"/run/secrets/token\",\"ReadOnly\":true")
                .contains("\"Target\":\"/anonymous\"")
                .contains("\"Type\":\"tmpfs\",\"Target\":\"/tmp\"");

        engine.startContainer(id);
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.listContainers(TestResources.LABEL, test.runId()).get(0).state() == State.RUNNING);
        var observed = engine.listContainers(TestResources.LABEL, test.runId()).get(0);
        assertThat(observed.volumes()).hasSize(1).doesNotContain(host.toString()); // the anonymous volume, not the binds
        assertThat(observed.networks()).containsOnlyKeys("none");
    }

    @Test
    void attachesTheFirstNetworkWithAStaticAddress() {
        String network = test.name("static");
        int octet = 100 + Math.floorMod(test.runId().hashCode(), 100);
        String subnet = "10.214." + octet;
        var ipam = new NetworkSpec.Ipam(null, List.of(new NetworkSpec.IpamConfig(subnet + ".0/24", null, null)), null);
        engine.createNetwork(new NetworkRequest(new NetworkSpec(network, null, null, false, false, false, null, ipam, null), test.labels()));
        var request = new ContainerRequest(test.name("fixed"), TestImage.REF, service("fixed").build(), test.labels(), Map.of(),
                network, List.of("fixed", "db"), subnet + ".10", Map.of());

        String id = engine.createContainer(request);
        engine.startContainer(id);

        var endpoint = engine.listContainers(TestResources.LABEL, test.runId()).get(0).networks().get(network);
        assertThat(endpoint.ipv4Address()).isEqualTo(subnet + ".10");
        assertThat(endpoint.aliases()).contains("fixed", "db");
    }
}
