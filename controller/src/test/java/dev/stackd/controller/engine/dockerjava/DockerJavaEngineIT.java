package dev.stackd.controller.engine.dockerjava;

import dev.stackd.controller.engine.ContainerRequest;
import dev.stackd.controller.engine.Engine;
import dev.stackd.controller.engine.EngineException;
import dev.stackd.controller.engine.Labels;
import dev.stackd.controller.engine.NetworkRequest;
import dev.stackd.controller.engine.VolumeRequest;
import static dev.stackd.controller.testing.Specs.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stackd.api.model.NetworkSpec;
import dev.stackd.api.model.ServiceSpec;
import dev.stackd.api.model.VolumeSpec;
import dev.stackd.controller.engine.ObservedContainer;
import dev.stackd.controller.engine.ObservedContainer.Health;
import dev.stackd.controller.engine.ObservedContainer.State;
import dev.stackd.controller.engine.ObservedNetwork;
import dev.stackd.controller.testing.RawEngine;
import dev.stackd.controller.testing.TestEngine;
import dev.stackd.controller.testing.TestImage;
import dev.stackd.controller.testing.TestResources;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A container's life on the real engine: create from a full spec, observe, re-network, stop, rename, remove. */
class DockerJavaEngineIT {
    private final Engine engine = TestEngine.get();
    private final TestResources test = new TestResources();
    private String network;
    private String volume;

    @BeforeAll
    static void image() {
        TestImage.ensure();
    }

    @BeforeEach
    void networkAndVolume() {
        network = test.name("net");
        volume = test.name("data");
        engine.createNetwork(new NetworkRequest(network(network), test.labels()));
        engine.createVolume(new VolumeRequest(new VolumeSpec(volume, null, null, false, null), test.labels()));
    }

    @AfterEach
    void cleanUp() {
        test.removeAll();
    }

    static NetworkSpec network(String name) {
        return new NetworkSpec(name, "bridge", null, false, false, false, null, null, null);
    }

    private ContainerRequest web(String name) {
        ServiceSpec spec = service("web")
                .image(TestImage.REF)
                .env("GREETING", "hello from stackd")
                .env("UNSET", null)
                .command("sh", "-c", "echo \"$GREETING\" > /data/index.html && exec httpd -f -p 8080 -h /data")
                .label("tier", "front")
                .port("127.0.0.1", null, 8080)
                .port(null, null, 8081)
                .expose("9000")
                .volume("data", "/data")
                .tmpfs("/scratch", 1 << 20)
                .healthcheck(Duration.ofMillis(500), "CMD-SHELL", "true")
                .restart("on-failure:3")
                .stopGrace(Duration.ofSeconds(2))
                .spec();
        var labels = new HashMap<>(spec.labels()); // the caller merges the service's labels with stackd's
        labels.putAll(test.labels());
        labels.put(Labels.STACK, test.runId());
        labels.put(Labels.SERVICE, "web");
        return new ContainerRequest(name, TestImage.REF, spec, labels, Map.of("data", volume), network,
                List.of("web", "www"), null, Map.of());
    }

    @Test
    void aRunningEngineTakesNewConnections() {
        assertThat(engine.acceptsConnections()).isTrue();
    }

    @Test
    void createsWhatTheSpecSays() {
        String id = engine.createContainer(web(test.name("web-1")));

        JsonNode c = RawEngine.get("/containers/" + id + "/json");
        assertThat(c.at("/Config/Env").toString()).contains("GREETING=hello from stackd").doesNotContain("UNSET");
        assertThat(c.at("/Config/Cmd/2").asText()).startsWith("echo");
        assertThat(c.at("/Config/Labels/tier").asText()).isEqualTo("front");
        assertThat(c.at("/Config/ExposedPorts").has("9000/tcp")).isTrue();
        assertThat(c.at("/Config/Healthcheck/Test").toString()).isEqualTo("[\"CMD-SHELL\",\"true\"]");
        assertThat(c.at("/Config/Healthcheck/Interval").asLong()).isEqualTo(500_000_000L);
        assertThat(c.at("/Config/StopTimeout").asInt()).isEqualTo(2);
        assertThat(c.at("/HostConfig/RestartPolicy/Name").asText()).isEqualTo("on-failure");
        assertThat(c.at("/HostConfig/RestartPolicy/MaximumRetryCount").asInt()).isEqualTo(3);
        assertThat(c.at("/HostConfig/PortBindings/8080~1tcp/0/HostIp").asText()).isEqualTo("127.0.0.1");
        assertThat(c.at("/HostConfig/PortBindings/8080~1tcp/0/HostPort").asText()).isEmpty();
        assertThat(c.at("/HostConfig/PortBindings/8081~1tcp/0/HostIp").asText()).isEmpty(); // every address, an ephemeral port
        assertThat(c.at("/HostConfig/PortBindings").has("9000/tcp")).isFalse(); // exposed only
        assertThat(c.at("/HostConfig/Mounts").toString())
                .contains("\"Source\":\"" + volume + "\"", "\"Target\":\"/data\"", "\"Type\":\"tmpfs\"", "\"SizeBytes\":1048576");
        assertThat(c.at("/HostConfig/NetworkMode").asText()).isEqualTo(network);
    }

    @Test
    void runsObservesRenetworksStopsRenamesAndRemoves() throws Exception {
        String id = engine.createContainer(web(test.name("web-1")));
        engine.startContainer(id);
        engine.startContainer(id); // already started: still a success

        ObservedContainer running = only(engine.listContainers(Labels.STACK, test.runId()));
        assertThat(running.id()).isEqualTo(id);
        assertThat(running.name()).isEqualTo(test.name("web-1"));
        assertThat(running.state()).isEqualTo(State.RUNNING);
        assertThat(running.service()).isEqualTo("web");
        assertThat(running.labels()).containsEntry("tier", "front");
        assertThat(running.image()).isEqualTo(TestImage.REF);
        assertThat(running.imageId()).isEqualTo(engine.imageId(TestImage.REF).orElseThrow());
        assertThat(running.startedAt()).isNotNull();
        assertThat(running.finishedAt()).isNull();
        assertThat(running.volumes()).containsExactly(volume);
        assertThat(running.networks()).containsOnlyKeys(network);
        assertThat(running.networks().get(network).aliases()).contains("web", "www");
        assertThat(running.networks().get(network).ipv4Address()).isNotBlank();

        assertThat(httpGet(publishedPort(id))).isEqualTo("hello from stackd\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> observe().health() == Health.HEALTHY);

        String second = test.name("net2");
        engine.createNetwork(new NetworkRequest(network(second), test.labels()));
        engine.connectNetwork(second, id, List.of("api"), null);
        assertThat(observe().networks()).containsKeys(network, second);
        assertThat(observe().networks().get(second).aliases()).contains("api");
        engine.disconnectNetwork(second, id);
        assertThat(observe().networks()).containsOnlyKeys(network);

        engine.stopContainer(id, Duration.ofSeconds(2));
        engine.stopContainer(id, null); // already stopped: still a success
        ObservedContainer stopped = observe();
        assertThat(stopped.state()).isEqualTo(State.EXITED);
        assertThat(stopped.finishedAt()).isAfterOrEqualTo(stopped.startedAt());

        engine.renameContainer(id, test.name("web-renamed"));
        assertThat(observe().name()).isEqualTo(test.name("web-renamed"));

        engine.removeContainer(id, false);
        assertThat(engine.listContainers(Labels.STACK, test.runId())).isEmpty();
        assertThat(engine.listVolumes()).anyMatch(v -> v.name().equals(volume)); // named volumes outlive containers
        assertThatThrownBy(() -> engine.removeContainer(id, true))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.notFound()).isTrue());
    }

    @Test
    void restartKeepsTheContainerAndCountsNoPolicyRestart() {
        String id = engine.createContainer(web(test.name("web-1")));
        engine.startContainer(id);
        var before = observe().startedAt();
        engine.restartContainer(id, Duration.ofSeconds(1));
        ObservedContainer after = observe();
        assertThat(after.state()).isEqualTo(State.RUNNING);
        assertThat(after.startedAt()).isAfter(before);
        assertThat(after.restartCount()).isZero();
    }

    @Test
    void createsNetworksWithIpamAndLabels() {
        String name = test.name("ipam");
        int octet = 100 + Math.floorMod(test.runId().hashCode(), 100);
        var ipam = new NetworkSpec.Ipam(null, List.of(new NetworkSpec.IpamConfig("10.213." + octet + ".0/24", null, "10.213." + octet + ".1")),
                new TreeMap<>(Map.of("stackd.test.option", "on")));
        var spec = new NetworkSpec(name, "bridge", new TreeMap<>(Map.of("com.docker.network.bridge.enable_icc", "true")),
                true, true, false, null, ipam, null);
        String id = engine.createNetwork(new NetworkRequest(spec, test.labels()));

        JsonNode n = RawEngine.get("/networks/" + id);
        assertThat(n.at("/Internal").asBoolean()).isTrue();
        assertThat(n.at("/Attachable").asBoolean()).isTrue();
        assertThat(n.at("/IPAM/Config/0/Subnet").asText()).isEqualTo("10.213." + octet + ".0/24");
        assertThat(n.at("/IPAM/Options/stackd.test.option").asText()).isEqualTo("on");
        assertThat(n.at("/Options/com.docker.network.bridge.enable_icc").asText()).isEqualTo("true");
        assertThat(engine.listNetworks()).anySatisfy(o -> {
            assertThat(o.name()).isEqualTo(name);
            assertThat(o.internal()).isTrue();
            assertThat(o.labels()).containsEntry(TestResources.LABEL, test.runId());
            // what the planner compares to see a network's settings drift, from the list call alone
            assertThat(o.driver()).isEqualTo("bridge");
            assertThat(o.attachable()).isTrue();
            assertThat(o.enableIpv6()).isFalse();
            assertThat(o.options()).containsEntry("com.docker.network.bridge.enable_icc", "true");
            assertThat(o.subnets()).containsExactly(new ObservedNetwork.Subnet("10.213." + octet + ".0/24", null, "10.213." + octet + ".1"));
        });
        assertThatThrownBy(() -> engine.createNetwork(new NetworkRequest(spec, test.labels())))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.conflict()).isTrue());
    }

    @Test
    void aMissingImageIsNotFoundAndNeverPulled() {
        String missing = "127.0.0.1:1/none:1"; // a closed local port: the engine cannot reach any registry with it
        assertThat(engine.imageId(missing)).isEmpty();
        var request = web(test.name("missing"));
        var withMissingImage = new ContainerRequest(request.name(), missing, request.service(), request.labels(),
                request.volumeNames(), request.network(), request.networkAliases(), null, Map.of());
        assertThatThrownBy(() -> engine.createContainer(withMissingImage))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.notFound()).isTrue());
        assertThatThrownBy(() -> engine.pullImage(missing, Duration.ofSeconds(30)))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.unavailable()).isFalse())
                .hasMessageContaining("127.0.0.1:1");
    }

    private ObservedContainer observe() {
        return only(engine.listContainers(Labels.STACK, test.runId()));
    }

    private static ObservedContainer only(List<ObservedContainer> containers) {
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    private static int publishedPort(String id) {
        return RawEngine.get("/containers/" + id + "/json").at("/NetworkSettings/Ports/8080~1tcp/0/HostPort").asInt();
    }

    private static String httpGet(int port) throws Exception {
        try (var http = HttpClient.newHttpClient()) {
            var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/index.html")).timeout(Duration.ofSeconds(5)).build();
            return await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                    .until(() -> http.send(request, HttpResponse.BodyHandlers.ofString()).body(), b -> !b.isEmpty());
        }
    }
}
