package dev.stackd.controller.engine.dockerjava;

import dev.stackd.controller.engine.EngineException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.core.command.CreateContainerCmdImpl;
import dev.stackd.api.compose.ComposeLoader;
import dev.stackd.api.compose.LoadRequest;
import dev.stackd.api.model.StackSpec;
import dev.stackd.controller.plan.ContainerRequests;
import org.junit.jupiter.api.Test;

/**
 * From a compose file to the HostConfig the engine gets, for what this engine cannot run (GPUs, CDI, other
 * hosts' devices): the request is checked as docker-java writes it on the wire.
 */
class ContainerMappingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static StackSpec load(String yaml) {
        var result = ComposeLoader.load(LoadRequest.remote(yaml).withName("demo"));
        assertThat(result.errors()).isEmpty();
        return result.stack();
    }

    private static CreateContainerCmdImpl created(StackSpec stack, String service, int replica) {
        var request = ContainerRequests.of(stack, stack.service(service), "demo-" + service + "-" + replica, replica, "hash");
        // an Exec that fails: nothing here may reach an engine
        var cmd = new CreateContainerCmdImpl(c -> { throw new AssertionError("not sent"); }, null, request.image());
        DockerJavaContainers.configure(cmd, request);
        return cmd;
    }

    private static JsonNode hostConfig(CreateContainerCmdImpl cmd) {
        return JSON.valueToTree(cmd.getHostConfig());
    }

    @Test
    void gpusReservedDevicesAndCdiDevicesAreDeviceRequestsAsCompose() {
        var stack = load("""
                services:
                  web:
                    image: x
                    gpus: [{driver: nvidia, count: 2, capabilities: [utility]}]
                    devices: [vendor.com/gpu=0, "/dev/ttyUSB0:/dev/ttyS0:rw"]
                    deploy:
                      resources:
                        reservations:
                          devices: [{capabilities: [gpu, compute], device_ids: ["GPU-1"], options: {x: y}}]
                  all:
                    image: x
                    gpus: all
                """);
        JsonNode hc = hostConfig(created(stack, "web", 1));
        assertThat(hc.path("DeviceRequests").toString()).isEqualTo("["
                + "{\"Driver\":null,\"Count\":null,\"DeviceIDs\":[\"GPU-1\"],\"Capabilities\":[[\"gpu\",\"compute\"]],\"Options\":{\"x\":\"y\"}},"
                + "{\"Driver\":\"nvidia\",\"Count\":2,\"DeviceIDs\":null,\"Capabilities\":[[\"utility\",\"gpu\"]],\"Options\":null},"
                + "{\"Driver\":\"cdi\",\"Count\":null,\"DeviceIDs\":[\"vendor.com/gpu=0\"],\"Capabilities\":null,\"Options\":null}]");
        assertThat(hc.path("Devices").toString())
                .isEqualTo("[{\"CgroupPermissions\":\"rw\",\"PathOnHost\":\"/dev/ttyUSB0\",\"PathInContainer\":\"/dev/ttyS0\"}]");
        assertThat(hostConfig(created(stack, "all", 1)).path("DeviceRequests").toString())
                .isEqualTo("[{\"Driver\":null,\"Count\":-1,\"DeviceIDs\":null,\"Capabilities\":[[\"gpu\"]],\"Options\":null}]");
    }

    @Test
    void linksNameEveryContainerOfTheLinkedServiceAsComposeDoes() {
        var stack = load("""
                services:
                  web: {image: x, links: ["db:database", cache], scale: 2}
                  db: {image: x, scale: 2}
                  cache: {image: x, container_name: the-cache}
                """);
        // compose's getLinks: the alias, then SERVICE-N and PROJECT-SERVICE-N with N the linking container's number
        assertThat(ContainerRequests.links(stack, stack.service("web"), 2)).containsExactly(
                "demo-db-1:database", "demo-db-1:db-2", "demo-db-1:demo-db-2",
                "demo-db-2:database", "demo-db-2:db-2", "demo-db-2:demo-db-2",
                "the-cache:cache", "the-cache:cache-2", "the-cache:demo-cache-2");
        assertThat(hostConfig(created(stack, "web", 1)).path("Links").toString())
                .startsWith("[\"demo-db-1:database\",\"demo-db-1:db-1\",");
    }

    @Test
    void sharedNamespacesOfAServiceNameItsFirstContainer() {
        var stack = load("""
                services:
                  web: {image: x, pid: "service:agent", ipc: "container:other"}
                  agent: {image: x, container_name: the-agent}
                  box: {image: x, ipc: "service:web", pid: host}
                """);
        JsonNode web = hostConfig(created(stack, "web", 1));
        assertThat(web.path("PidMode").asText()).isEqualTo("container:the-agent");
        assertThat(web.path("IpcMode").asText()).isEqualTo("container:other");
        JsonNode box = hostConfig(created(stack, "box", 1));
        assertThat(box.path("IpcMode").asText()).isEqualTo("container:demo-web-1");
        assertThat(box.path("PidMode").asText()).isEqualTo("host");
    }

    @Test
    void everyOtherHostSettingReachesTheHostConfig() {
        var stack = load("""
                services:
                  web:
                    image: x
                    security_opt: [no-new-privileges, 'seccomp={"defaultAction": "SCMP_ACT_ALLOW"}']
                    userns_mode: host
                    group_add: [audio, "1000"]
                    cgroup_parent: /stackd
                    mac_address: 02:42:ac:11:00:02
                    annotations: {com.example.a: b}
                    oom_score_adj: -500
                    oom_kill_disable: true
                    shm_size: 64m
                    mem_limit: 512m
                    memswap_limit: 1g
                    mem_swappiness: 0
                    cpu_shares: 512
                    cpu_period: 100000
                    cpu_quota: 50000
                    cpuset: 0-1
                    blkio_config:
                      weight: 300
                      weight_device: [{path: /dev/sda, weight: 400}]
                      device_read_bps: [{path: /dev/sda, rate: 1m}]
                      device_write_iops: [{path: /dev/sdb, rate: 50}]
                """);
        var cmd = created(stack, "web", 1);
        JsonNode hc = hostConfig(cmd);
        assertThat(cmd.getMacAddress()).isEqualTo("02:42:ac:11:00:02");
        assertThat(hc.path("SecurityOpt").toString()).isEqualTo("[\"no-new-privileges\",\"seccomp={\\\"defaultAction\\\":\\\"SCMP_ACT_ALLOW\\\"}\"]");
        assertThat(hc.path("UsernsMode").asText()).isEqualTo("host");
        assertThat(hc.path("GroupAdd").toString()).isEqualTo("[\"audio\",\"1000\"]");
        assertThat(hc.path("CgroupParent").asText()).isEqualTo("/stackd");
        assertThat(hc.path("Annotations").toString()).isEqualTo("{\"com.example.a\":\"b\"}");
        assertThat(hc.path("OomScoreAdj").asInt()).isEqualTo(-500);
        assertThat(hc.path("OomKillDisable").asBoolean()).isTrue();
        assertThat(hc.path("ShmSize").asLong()).isEqualTo(64L << 20);
        assertThat(hc.path("MemorySwap").asLong()).isEqualTo(1L << 30);
        // compose drops a swappiness of 0 (Go's zero value); stackd sends what the file says
        assertThat(hc.path("MemorySwappiness").isNumber()).isTrue();
        assertThat(hc.path("MemorySwappiness").asLong()).isZero();
        assertThat(hc.path("CpuShares").asInt()).isEqualTo(512);
        assertThat(hc.path("CpuPeriod").asLong()).isEqualTo(100_000);
        assertThat(hc.path("CpuQuota").asLong()).isEqualTo(50_000);
        assertThat(hc.path("CpusetCpus").asText()).isEqualTo("0-1");
        assertThat(hc.path("BlkioWeight").asInt()).isEqualTo(300);
        assertThat(hc.path("BlkioWeightDevice").toString()).isEqualTo("[{\"Path\":\"/dev/sda\",\"Weight\":400}]");
        assertThat(hc.path("BlkioDeviceReadBps").toString()).isEqualTo("[{\"Path\":\"/dev/sda\",\"Rate\":1048576}]");
        assertThat(hc.path("BlkioDeviceWriteIOps").toString()).isEqualTo("[{\"Path\":\"/dev/sdb\",\"Rate\":50}]");
    }

    @Test
    void anEngineTooOldForAnnotationsRefusesTheCreateInsteadOfDroppingThem() {
        var stack = load("services: {web: {image: x, annotations: {a: b}}, plain: {image: x}}");
        var request = ContainerRequests.of(stack, stack.service("web"), "demo-web-1", 1, "hash");

        assertThatThrownBy(() -> DockerJavaContainers.checkApiVersion(request, "1.41"))
                .isInstanceOf(EngineException.class)
                .hasMessage("annotations need engine API 1.43 (Docker 24) or newer; this engine speaks API 1.41");
        DockerJavaContainers.checkApiVersion(request, "1.43");
        DockerJavaContainers.checkApiVersion(request, "2.0");
        assertThat(DockerJavaContainers.needsApiCheck(ContainerRequests.of(stack, stack.service("plain"), "demo-plain-1", 1, "h"))).isFalse();
    }

    /**
     * compose's create.go: a bind that may create its host path, and a named volume to relabel, go through Binds as
     * toBindString writes them ("SRC:TARGET:rw,z,rshared,nocopy"); a bind that must exist goes through the Mount API
     * with its propagation; a volume without relabelling stays a Mount with NoCopy.
     */
    @Test
    void volumeOptionsReachTheEngineAsComposeSendsThem() {
        var stack = load("""
                services:
                  web:
                    image: x
                    volumes:
                      - /srv/src:/src:ro,z,rshared
                      - {type: bind, source: /srv/must, target: /must, bind: {create_host_path: false, propagation: rslave}}
                      - data:/data:Z,nocopy
                      - cache:/cache:nocopy
                volumes:
                  data:
                  cache:
                """);
        JsonNode hc = hostConfig(created(stack, "web", 1));
        assertThat(hc.path("Binds").toString()).isEqualTo("[\"/srv/src:/src:ro,z,rshared\",\"demo_data:/data:rw,Z,nocopy\"]");
        assertThat(hc.path("Mounts").toString())
                .contains("\"Target\":\"/must\"").contains("\"BindOptions\":{\"Propagation\":\"rslave\"}")
                .contains("\"Target\":\"/cache\"").contains("\"VolumeOptions\":{\"NoCopy\":true")
                .doesNotContain("/data").doesNotContain("/src\"");
    }

    /** compose's create.go: DNSOptions, DNSSearch, UTSMode, CgroupnsMode, DeviceCgroupRules, StorageOpt, VolumesFrom, links. */
    @Test
    void theRestOfComposesHostConfigKeysReachTheEngine() {
        var stack = load("""
                services:
                  data: {image: x, container_name: the-data}
                  web:
                    image: x
                    dns_opt: [use-vc]
                    dns_search: [example.com]
                    uts: host
                    cgroup: private
                    device_cgroup_rules: ["c 1:3 mr"]
                    storage_opt: {size: 20G}
                    external_links: [legacy-db, "legacy-cache:cache"]
                    volumes_from: ["data:ro", "container:old-db"]
                """);
        var request = ContainerRequests.of(stack, stack.service("web"), "demo-web-1", 1, "hash");
        assertThat(request.volumesFrom()).containsExactly("the-data:ro", "old-db");
        assertThat(request.links()).containsExactly("legacy-db:legacy-db", "legacy-cache:cache");
        JsonNode hc = hostConfig(created(stack, "web", 1));
        assertThat(hc.path("DnsOptions").toString()).isEqualTo("[\"use-vc\"]");
        assertThat(hc.path("DnsSearch").toString()).isEqualTo("[\"example.com\"]");
        assertThat(hc.path("UTSMode").asText()).isEqualTo("host");
        assertThat(hc.path("CgroupnsMode").asText()).isEqualTo("private");
        assertThat(hc.path("DeviceCgroupRules").toString()).isEqualTo("[\"c 1:3 mr\"]");
        assertThat(hc.path("StorageOpt").toString()).isEqualTo("{\"size\":\"20G\"}");
        assertThat(hc.path("VolumesFrom").toString()).isEqualTo("[\"the-data:ro\",\"old-db:rw\"]");
        assertThat(hc.path("Links").toString()).isEqualTo("[\"legacy-db:legacy-db\",\"legacy-cache:cache\"]");
    }
}
