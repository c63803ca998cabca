package dev.stackd.controller.engine.dockerjava;

import dev.stackd.controller.engine.ContainerRequest;
import dev.stackd.controller.engine.Engine;
import dev.stackd.controller.engine.EngineException;
import dev.stackd.controller.engine.NetworkRequest;
import static dev.stackd.controller.testing.Specs.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stackd.api.compose.ComposeLoader;
import dev.stackd.api.compose.LoadRequest;
import dev.stackd.api.model.NetworkSpec;
import dev.stackd.api.model.StackSpec;
import dev.stackd.controller.plan.ContainerRequests;
import dev.stackd.api.model.ServiceSpec;
import dev.stackd.api.model.ServiceSpec.HealthcheckSpec;
import dev.stackd.api.model.ServiceSpec.LoggingSpec;
import dev.stackd.api.model.ServiceSpec.MountSpec;
import dev.stackd.api.model.ServiceSpec.ResourceSpec;
import dev.stackd.api.model.ServiceSpec.Ulimit;
import dev.stackd.controller.engine.ObservedContainer.State;
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

    /** The request ContainerRequests makes for a service of a remote compose document, under this test's name and labels. */
    private ContainerRequest requestFor(String yaml, String service, String name, String network) {
        var loaded = ComposeLoader.load(LoadRequest.remote(yaml).withName("it"));
        assertThat(loaded.errors()).isEmpty();
        StackSpec stack = loaded.stack();
        var r = ContainerRequests.of(stack, stack.service(service), name, 1, "hash");
        return new ContainerRequest(name, TestImage.REF, r.service(), test.labels(), r.volumeNames(), network,
                network == null ? List.of() : List.of(service), null, r.fileMounts(), r.networkMode(), r.links(), r.pidMode(), r.ipcMode());
    }

    @Test
    void translatesSecurityNamespacesDevicesAndCgroupSettings() {
        var request = requestFor("""
                services:
                  box:
                    image: x
                    command: ["sleep", "60"]
                    network_mode: bridge
                    shm_size: 64m
                    security_opt: [no-new-privileges, "label:disable"]
                    ipc: shareable
                    userns_mode: host
                    group_add: ["1234"]
                    cgroup_parent: /stackd-it
                    oom_score_adj: 500
                    oom_kill_disable: true
                    mem_limit: 64m
                    mem_reservation: 32m
                    memswap_limit: 128m
                    mem_swappiness: 10
                    cpu_shares: 512
                    cpuset: "0"
                    cpu_period: 100000
                    cpu_quota: 50000
                    pids_limit: 50
                    devices: ["/dev/null:/dev/mynull:r"]
                    blkio_config:
                      device_read_bps: [{path: %1$s, rate: 1m}]
                      device_write_iops: [{path: %1$s, rate: 100}]
                    mac_address: 02:42:ac:11:00:42
                    stop_signal: SIGRTMIN+3
                """.formatted(blockDevice()), "box", test.name("host"), null);

        String id = engine.createContainer(request);
        engine.startContainer(id);

        JsonNode c = RawEngine.get("/containers/" + id + "/json");
        assertThat(c.at("/State/Status").asText()).isEqualTo("running");
        assertThat(c.at("/Config/StopSignal").asText()).isEqualTo("SIGRTMIN+3");
        assertThat(c.at("/Config/MacAddress").asText()).isEqualTo("02:42:ac:11:00:42");
        assertThat(c.at("/NetworkSettings/MacAddress").asText()).isEqualTo("02:42:ac:11:00:42");
        JsonNode hc = c.path("HostConfig");
        assertThat(hc.path("ShmSize").asLong()).isEqualTo(64L << 20);
        assertThat(hc.path("SecurityOpt").toString()).isEqualTo("[\"no-new-privileges\",\"label:disable\"]");
        assertThat(hc.path("IpcMode").asText()).isEqualTo("shareable");
        assertThat(hc.path("UsernsMode").asText()).isEqualTo("host");
        assertThat(hc.path("GroupAdd").toString()).isEqualTo("[\"1234\"]");
        assertThat(hc.path("CgroupParent").asText()).isEqualTo("/stackd-it");
        assertThat(hc.path("OomScoreAdj").asInt()).isEqualTo(500);
        assertThat(hc.path("OomKillDisable").asBoolean()).isTrue();
        assertThat(hc.path("Memory").asLong()).isEqualTo(64L << 20);
        assertThat(hc.path("MemoryReservation").asLong()).isEqualTo(32L << 20);
        assertThat(hc.path("MemorySwap").asLong()).isEqualTo(128L << 20);
        assertThat(hc.path("MemorySwappiness").asLong()).isEqualTo(10);
        assertThat(hc.path("CpuShares").asInt()).isEqualTo(512);
        assertThat(hc.path("CpusetCpus").asText()).isEqualTo("0");
        assertThat(hc.path("CpuPeriod").asLong()).isEqualTo(100_000);
        assertThat(hc.path("CpuQuota").asLong()).isEqualTo(50_000);
        assertThat(hc.path("PidsLimit").asLong()).isEqualTo(50);
        assertThat(hc.path("Devices").toString())
                .isEqualTo("[{\"PathOnHost\":\"/dev/null\",\"PathInContainer\":\"/dev/mynull\",\"CgroupPermissions\":\"r\"}]");
        assertThat(hc.path("BlkioDeviceReadBps").toString()).isEqualTo("[{\"Path\":\"" + blockDevice() + "\",\"Rate\":1048576}]");
        assertThat(hc.path("BlkioDeviceWriteIOps").toString()).isEqualTo("[{\"Path\":\"" + blockDevice() + "\",\"Rate\":100}]");
    }

    @Test
    void translatesDnsOptionsNamespacesAndDeviceRulesOfTheLastCreateCallKeys() {
        var request = requestFor("""
                services:
                  box:
                    image: x
                    command: ["sleep", "60"]
                    network_mode: bridge
                    dns_opt: ["ndots:2", "timeout:3"]
                    uts: host
                    cgroup: private
                    device_cgroup_rules: ["c 1:3 mr", "a 7:* rmw"]
                """, "box", test.name("ns"), null);

        String id = engine.createContainer(request);
        engine.startContainer(id);

        JsonNode c = RawEngine.get("/containers/" + id + "/json");
        assertThat(c.at("/State/Status").asText()).isEqualTo("running");
        JsonNode hc = c.path("HostConfig");
        assertThat(hc.path("DnsOptions").toString()).isEqualTo("[\"ndots:2\",\"timeout:3\"]");
        assertThat(hc.path("UTSMode").asText()).isEqualTo("host");
        assertThat(hc.path("CgroupnsMode").asText()).isEqualTo("private");
        assertThat(hc.path("DeviceCgroupRules").toString()).isEqualTo("[\"c 1:3 mr\",\"a 7:* rmw\"]");
    }

    @Test
    void storageOptionsAreAppliedOrRefusedByTheEngineNeverDropped() {
        var request = requestFor("""
                services:
                  box:
                    image: x
                    command: ["sleep", "60"]
                    network_mode: bridge
                    storage_opt: {size: 1G}
                """, "box", test.name("storage"), null);
        assertThat(request.service().storageOpt()).containsEntry("size", "1G");

        String id;
        try {
            id = engine.createContainer(request);
        } catch (EngineException refused) {
            // overlay2 takes a size only over xfs with pquota: the engine says so, and so does stackd
            assertThat(refused.getMessage()).containsIgnoringCase("storage-opt");
            return;
        }
        assertThat(RawEngine.get("/containers/" + id + "/json").at("/HostConfig/StorageOpt/size").asText()).isEqualTo("1G");
    }

    @Test
    void volumesFromAndExternalLinksReachAContainerOutsideTheStack() {
        String outside = test.name("outside");
        var source = requestFor("""
                services:
                  src:
                    image: x
                    command: ["sh", "-c", "echo shared > /shared/file; sleep 60"]
                    network_mode: bridge
                    volumes: ["/shared"]
                """, "src", outside, null);
        String sourceId = engine.createContainer(source);
        engine.startContainer(sourceId);
        String compose = """
                services:
                  box:
                    image: x
                    network_mode: bridge
                    volumes_from: ["container:%1$s:ro"]
                    external_links: ["%1$s:legacy"]
                    command: ["sh", "-c", "until test -f /shared/file && grep -q legacy /etc/hosts; do sleep 0.2; done; touch /tmp/ok; sleep 60"]
                    healthcheck: {test: ["CMD", "test", "-f", "/tmp/ok"], interval: 200ms}
                """.formatted(outside);
        var loaded = ComposeLoader.load(LoadRequest.remote(compose).withName("it"));
        assertThat(loaded.errors()).isEmpty();
        StackSpec stack = loaded.stack();
        var built = ContainerRequests.of(stack, stack.service("box"), test.name("box"), 1, "hash");
        var request = new ContainerRequest(built.name(), TestImage.REF, built.service(), test.labels(), built.volumeNames(), null,
                List.of(), null, built.fileMounts(), built.networkMode(), built.links(), built.pidMode(), built.ipcMode(),
                built.volumesFrom());
        assertThat(request.volumesFrom()).containsExactly(outside + ":ro");
        assertThat(request.links()).containsExactly(outside + ":legacy");

        String id = engine.createContainer(request);
        engine.startContainer(id);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(RawEngine.get("/containers/" + id + "/json").at("/State/Health/Status").asText()).isEqualTo("healthy"));
        JsonNode hc = RawEngine.get("/containers/" + id + "/json").path("HostConfig");
        assertThat(hc.path("VolumesFrom").toString()).isEqualTo("[\"" + outside + ":ro\"]");
        assertThat(hc.path("Links").toString()).contains("/" + outside + ":/" + test.name("box") + "/legacy");
    }

    /** A block device of this host (blkio throttles need one: the kernel refuses a character device like /dev/null). */
    private static String blockDevice() {
        try (var names = Files.list(Path.of("/sys/block"))) {
            return names.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("loop") && !n.startsWith("ram") && !n.startsWith("zram") && Files.exists(Path.of("/dev", n)))
                    .sorted().map(n -> "/dev/" + n).findFirst()
                    .orElseThrow(() -> new org.opentest4j.TestAbortedException("no block device on this host for blkio_config"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void linksAndSharedNamespacesReachTheLinkedServicesContainer() {
        String network = test.name("links");
        engine.createNetwork(new NetworkRequest(new NetworkSpec(network, null, null, false, false, false, null, null, null), test.labels()));
        String compose = """
                services:
                  db: {image: x, container_name: %s}
                  web:
                    image: x
                    links: ["db:database"]
                    pid: service:db
                    ipc: service:db
                    command: ["sh", "-c", "until nslookup database 127.0.0.11; do sleep 0.2; done; touch /tmp/resolved; sleep 60"]
                    healthcheck: {test: ["CMD", "test", "-f", "/tmp/resolved"], interval: 200ms}
                """.formatted(test.name("db"));
        var db = requestFor(compose, "db", test.name("db"), network);
        var dbCreated = new ContainerRequest(db.name(), db.image(), db.service(), db.labels(), db.volumeNames(), network,
                db.networkAliases(), null, db.fileMounts(), db.networkMode(), db.links(), db.pidMode(), "shareable");
        String dbId = engine.createContainer(dbCreated);
        engine.startContainer(dbId);
        var web = requestFor(compose, "web", test.name("web"), network);
        assertThat(web.links()).contains(test.name("db") + ":database");
        assertThat(web.pidMode()).isEqualTo("container:" + test.name("db"));

        String id = engine.createContainer(web);
        engine.startContainer(id);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(RawEngine.get("/containers/" + id + "/json").at("/State/Health/Status").asText()).isEqualTo("healthy"));
        JsonNode c = RawEngine.get("/containers/" + id + "/json");
        // the engine resolves the name at create and keeps the ID: a recreated db leaves web pointing at the old one
        assertThat(c.at("/HostConfig/PidMode").asText()).isEqualTo("container:" + dbId);
        assertThat(c.at("/HostConfig/IpcMode").asText()).isEqualTo("container:" + dbId);
        assertThat(c.at("/NetworkSettings/Networks/" + network + "/Links").toString()).contains(test.name("db") + ":database");
    }

    @Test
    void annotationsAreAppliedOrRefusedNeverDropped() {
        var request = requestFor("services: {box: {image: x, annotations: {com.example.a: b}, network_mode: none}}", "box", test.name("ann"), null);
        String api = RawEngine.get("/version").path("ApiVersion").asText();
        if (DockerJavaContainers.olderThan(api, 1, 43)) {
            assertThatThrownBy(() -> engine.createContainer(request)).isInstanceOf(EngineException.class)
                    .hasMessageContaining("annotations need engine API 1.43");
            assertThat(engine.listContainers(TestResources.LABEL, test.runId())).isEmpty();
        } else {
            String id = engine.createContainer(request);
            assertThat(RawEngine.get("/containers/" + id + "/json").at("/HostConfig/Annotations/com.example.a").asText()).isEqualTo("b");
        }
    }

    @Test
    void attachesTheFirstNetworkWithAStaticAddress() {
        String network = test.name("static");
        int octet = 100 + Math.floorMod(test.runId().hashCode(), 100);
        String subnet = "10.214." + octet;
        var ipam = new NetworkSpec.Ipam(null, List.of(new NetworkSpec.IpamConfig(subnet + ".0/24", null, null)), null);
        engine.createNetwork(new NetworkRequest(new NetworkSpec(network, null, null, false, false, false, null, ipam, null), test.labels()));
        var request = new ContainerRequest(test.name("fixed"), TestImage.REF, service("fixed").image(TestImage.REF).spec(), test.labels(), Map.of(),
                network, List.of("fixed", "db"), subnet + ".10", Map.of());

        String id = engine.createContainer(request);
        engine.startContainer(id);

        var endpoint = engine.listContainers(TestResources.LABEL, test.runId()).get(0).networks().get(network);
        assertThat(endpoint.ipv4Address()).isEqualTo(subnet + ".10");
        assertThat(endpoint.aliases()).contains("fixed", "db");
    }
}
