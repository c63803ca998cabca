package dev.stackd.api.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.stackd.api.ValidationError;
import dev.stackd.api.model.ServiceSpec;
import dev.stackd.api.model.ServiceSpec.BlkioDevice;
import dev.stackd.api.model.ServiceSpec.BlkioSpec;
import dev.stackd.api.model.ServiceSpec.DependsOn;
import dev.stackd.api.model.ServiceSpec.DeviceMapping;
import dev.stackd.api.model.ServiceSpec.DeviceRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service keys that map onto the engine's create call (security, namespaces, devices, resources...). */
class HostKeysTest {
    @TempDir
    Path tmp;

    private ServiceSpec web(String yaml) {
        return Load.service(tmp, yaml);
    }

    private List<String> errors(String serviceYaml) {
        return Load.serviceErrors(tmp, serviceYaml).stream().map(e -> e.path() + " " + e.message()).toList();
    }

    @Test
    void hostSettingsAreReadAsWritten() {
        var s = web("""
                image: x
                shm_size: 64m
                security_opt: [no-new-privileges, "label:disable", apparmor=unconfined, seccomp=unconfined]
                pid: host
                ipc: shareable
                userns_mode: host
                group_add: [audio, 1000]
                cgroup_parent: /stackd
                mac_address: 02:42:AC:11:00:02
                annotations: [com.example.a=b, com.example.c]
                oom_score_adj: -500
                stop_signal: SIGRTMIN+3
                """);
        assertThat(s.shmSizeBytes()).isEqualTo(64L << 20);
        assertThat(s.securityOpt()).containsExactly("no-new-privileges", "label:disable", "apparmor=unconfined", "seccomp=unconfined");
        assertThat(s.pid()).isEqualTo("host");
        assertThat(s.ipc()).isEqualTo("shareable");
        assertThat(s.usernsMode()).isEqualTo("host");
        assertThat(s.groupAdd()).containsExactly("audio", "1000");
        assertThat(s.cgroupParent()).isEqualTo("/stackd");
        assertThat(s.macAddress()).isEqualTo("02:42:AC:11:00:02");
        assertThat(s.annotations()).containsExactly(entry("com.example.a", "b"), entry("com.example.c", ""));
        assertThat(s.oomScoreAdj()).isEqualTo(-500);
        assertThat(s.stopSignal()).isEqualTo("SIGRTMIN+3");
    }

    @Test
    void unsetHostSettingsAreNullOrEmpty() {
        var s = web("image: x");
        assertThat(s.securityOpt()).isEmpty();
        assertThat(s.groupAdd()).isEmpty();
        assertThat(s.links()).isEmpty();
        assertThat(s.devices()).isEmpty();
        assertThat(s.annotations()).isEmpty();
        assertThat(s.pid()).isNull();
        assertThat(s.shmSizeBytes()).isNull();
        assertThat(s.resources()).isEqualTo(ServiceSpec.ResourceSpec.NONE);
    }

    @Test
    void linksAndSharedNamespacesAreDependenciesAsInComposeGo() {
        var stack = Load.stack(tmp, """
                services:
                  web:
                    image: x
                    links: [db, "cache:redis"]
                    pid: service:agent
                    ipc: service:agent
                    depends_on:
                      db: {condition: service_healthy}
                  db: {image: x}
                  cache: {image: x}
                  agent: {image: x}
                """);
        var web = stack.service("web");
        assertThat(web.links()).containsExactly("db", "cache:redis");
        // a declared dependency is kept as declared; the implied ones restart with their service, as compose-go says
        assertThat(web.dependsOn()).containsExactly(
                entry("agent", new DependsOn("service_started", true, true)),
                entry("cache", new DependsOn("service_started", true, true)),
                entry("db", new DependsOn("service_healthy", false, true)));
    }

    @Test
    void aLinkCycleIsADependencyCycle() {
        var errors = Load.errors(tmp, """
                services:
                  a: {image: x, links: [b]}
                  b: {image: x, links: [a]}
                """);
        assertThat(errors).extracting(ValidationError::message).anySatisfy(m -> assertThat(m).contains("dependency cycle"));
    }

    @Test
    void badLinksAndNamespacesAreErrorsAtTheirPath() {
        assertThat(errors("""
                image: x
                links: [ghost, "a:b:c", ":x"]
                pid: private
                ipc: service:nobody
                userns_mode: remap
                """)).containsExactly(
                "services.web.links[0] links refers to unknown service \"ghost\"",
                "services.web.links[1] invalid link \"a:b:c\": expected SERVICE or SERVICE:ALIAS",
                "services.web.links[2] invalid link \":x\": expected SERVICE or SERVICE:ALIAS",
                "services.web.pid invalid pid \"private\": expected host, container:NAME or service:NAME",
                "services.web.ipc ipc refers to unknown service \"nobody\"",
                "services.web.userns_mode invalid userns_mode \"remap\": expected host");
    }

    @Test
    void devicesShortLongAndCdi() {
        var s = web("""
                image: x
                devices:
                  - /dev/ttyUSB0
                  - /dev/sda:/dev/xvda
                  - /dev/null:/dev/mynull:r
                  - {source: /dev/zero, permissions: rw}
                  - vendor.com/gpu=all
                """);
        assertThat(s.devices()).containsExactly(
                new DeviceMapping("/dev/ttyUSB0", "/dev/ttyUSB0", "rwm"),
                new DeviceMapping("/dev/sda", "/dev/xvda", "rwm"),
                new DeviceMapping("/dev/null", "/dev/mynull", "r"),
                new DeviceMapping("/dev/zero", "/dev/zero", "rw"),
                new DeviceMapping("vendor.com/gpu=all", "vendor.com/gpu=all", "rwm"));
        assertThat(errors("""
                image: x
                devices: ["a:b:c:d", dev/sda, "/dev/sda:/dev/sda:rwx", {target: /dev/x}, {source: /dev/x, mode: 1}]
                """)).containsExactly(
                "services.web.devices[0] confusing device mapping \"a:b:c:d\": use the long syntax (source, target, permissions)",
                "services.web.devices[1] a device source must be an absolute path on the host or a CDI name (vendor.com/class=name), got \"dev/sda\"",
                "services.web.devices[2] invalid device permissions \"rwx\": expected some of r, w and m",
                "services.web.devices[3] a device needs a source",
                "services.web.devices[4].mode unknown device key \"mode\"");
    }

    @Test
    void gpusAndDeviceReservationsBecomeDeviceRequestsAsCompose() {
        var all = web("""
                image: x
                gpus: all
                """);
        assertThat(all.resources().deviceRequests()).containsExactly(new DeviceRequest(null, -1, null, List.of("gpu"), null));
        var s = web("""
                image: x
                gpus:
                  - {driver: nvidia, count: 1, capabilities: [utility]}
                  - {device_ids: ["GPU-1"]}
                deploy:
                  resources:
                    reservations:
                      devices:
                        - {capabilities: [gpu], driver: nvidia, count: all}
                        - {capabilities: [compute], options: [a=b]}
                """);
        assertThat(s.resources().deviceRequests()).containsExactly(
                new DeviceRequest("nvidia", -1, null, List.of("gpu"), null),
                new DeviceRequest(null, -1, null, List.of("compute"), new TreeMap<>(Map.of("a", "b"))),
                new DeviceRequest("nvidia", 1, null, List.of("utility", "gpu"), null),
                new DeviceRequest(null, null, List.of("GPU-1"), List.of("gpu"), null));
        assertThat(errors("""
                image: x
                gpus: some
                deploy:
                  resources:
                    reservations:
                      devices:
                        - {driver: nvidia}
                        - {capabilities: [gpu], count: 1, device_ids: ["0"]}
                        - {capabilities: [gpu], count: -2}
                """)).containsExactlyInAnyOrder(
                "services.web.deploy.resources.reservations.devices[0] a device reservation needs capabilities (e.g. [gpu])",
                "services.web.deploy.resources.reservations.devices[1] count and device_ids cannot be used together: count asks for any devices, device_ids for these ones",
                "services.web.deploy.resources.reservations.devices[2].count must be between -1 and 2147483647, got -2",
                "services.web.gpus invalid gpus \"some\": expected all or a list of device requests");
    }

    @Test
    void cpuMemoryAndBlockIoSettings() {
        var r = web("""
                image: x
                mem_limit: 512m
                memswap_limit: 1g
                mem_swappiness: 10
                cpu_shares: 512
                cpu_period: 100000
                cpu_quota: -1
                cpuset: 0-1,3
                oom_kill_disable: true
                blkio_config:
                  weight: 300
                  weight_device: [{path: /dev/sda, weight: 400}]
                  device_read_bps: [{path: /dev/sda, rate: 10m}]
                  device_read_iops: [{path: /dev/sda, rate: 100}]
                  device_write_bps: [{path: /dev/sdb, rate: 1024}]
                  device_write_iops: [{path: /dev/sdb, rate: "50"}]
                """).resources();
        assertThat(r.memorySwapBytes()).isEqualTo(1L << 30);
        assertThat(r.memorySwappiness()).isEqualTo(10);
        assertThat(r.cpuShares()).isEqualTo(512);
        assertThat(r.cpuPeriod()).isEqualTo(100_000);
        assertThat(r.cpuQuota()).isEqualTo(-1);
        assertThat(r.cpuset()).isEqualTo("0-1,3");
        assertThat(r.oomKillDisable()).isTrue();
        assertThat(r.blkio()).isEqualTo(new BlkioSpec(300, List.of(new BlkioDevice("/dev/sda", 400)),
                List.of(new BlkioDevice("/dev/sda", 10L << 20)), List.of(new BlkioDevice("/dev/sda", 100)),
                List.of(new BlkioDevice("/dev/sdb", 1024)), List.of(new BlkioDevice("/dev/sdb", 50))));
        assertThat(web("image: x\nmem_limit: 1g\nmemswap_limit: -1").resources().memorySwapBytes()).isEqualTo(-1);
    }

    @Test
    void everyNewNumberIsRangeChecked() {
        assertThat(errors("""
                image: x
                oom_score_adj: 1001
                mem_swappiness: 101
                cpu_shares: 262145
                cpu_period: 999
                cpu_quota: 999
                shm_size: 1x
                blkio_config:
                  weight: 5
                  weight_device: [{path: /dev/sda, weight: 1001}]
                  device_read_iops: [{path: /dev/sda, rate: -1}]
                  device_read_bps: [{path: sda, rate: 1k}]
                """)).containsExactlyInAnyOrder(
                "services.web.blkio_config.weight must be 0 or between 10 and 1000, got 5",
                "services.web.blkio_config.weight_device[0].weight must be 0 or between 10 and 1000, got 1001",
                "services.web.blkio_config.device_read_bps[0].path a blkio device needs the absolute path of a block device, e.g. /dev/sda",
                "services.web.blkio_config.device_read_iops[0].rate must be between 0 and 9223372036854775807, got -1",
                "services.web.cpu_period must be 0 or between 1000 and 1000000, got 999",
                "services.web.cpu_quota must be -1, 0 or between 1000 and 17592186044415, got 999",
                "services.web.cpu_shares must be between 0 and 262144, got 262145",
                "services.web.mem_swappiness must be between 0 and 100, got 101",
                "services.web.oom_score_adj must be between -1000 and 1000, got 1001",
                "services.web.shm_size invalid shm_size \"1x\": expected a byte size like 512m or 1g");
    }

    @Test
    void swapNeedsAMemoryLimitItIsNoLessThan() {
        assertThat(errors("image: x\nmemswap_limit: 1g")).containsExactly(
                "services.web.memswap_limit memswap_limit needs mem_limit (or deploy.resources.limits.memory): the engine refuses swap without a memory limit");
        assertThat(errors("image: x\nmem_limit: 1g\nmemswap_limit: 512m")).containsExactly(
                "services.web.memswap_limit memswap_limit (536870912 bytes) is below the memory limit (1073741824 bytes):"
                        + " it counts memory plus swap, so it must be at least the memory limit, or -1");
    }

    @Test
    void stopSignalFormsTheEngineReads() {
        for (String signal : List.of("SIGTERM", "TERM", "term", "sigusr1", "15", "64", "SIGRTMIN", "RTMAX-2", "SIGWINCH")) {
            assertThat(web("image: x\nstop_signal: " + signal).stopSignal()).isEqualTo(signal);
        }
        for (String signal : List.of("SIGFOO", "0", "65", "RTMIN+16", "-9")) {
            assertThat(errors("image: x\nstop_signal: \"" + signal + "\"")).singleElement().asString()
                    .startsWith("services.web.stop_signal invalid stop_signal \"" + signal + "\"");
        }
    }

    @Test
    void invalidSecurityOptionsAndMacAddresses() {
        assertThat(errors("""
                image: x
                security_opt: [nonsense, systempaths=unconfined]
                mac_address: 02:42:ac:11:00
                """)).containsExactlyInAnyOrder(
                "services.web.mac_address invalid mac_address \"02:42:ac:11:00\": expected six hex pairs, e.g. 02:42:ac:11:00:02",
                "services.web.security_opt[0] invalid security_opt \"nonsense\": expected KEY=VALUE (label, apparmor, seccomp) or no-new-privileges",
                "services.web.security_opt[1] \"systempaths=unconfined\" is not supported by stackd: unmasking /proc and /sys is not implemented");
    }

    @Test
    void aSeccompProfileFileIsInlinedOnTheCallersSideOnly() throws Exception {
        Files.writeString(Load.dir(tmp).resolve("profile.json"), "{\n  \"defaultAction\": \"SCMP_ACT_ERRNO\"\n}\n");
        assertThat(web("image: x\nsecurity_opt: [\"seccomp:profile.json\"]").securityOpt())
                .containsExactly("seccomp={\"defaultAction\":\"SCMP_ACT_ERRNO\"}");
        assertThat(errors("image: x\nsecurity_opt: [seccomp=missing.json]")).singleElement().asString()
                .contains("seccomp profile ").endsWith("missing.json does not exist");

        var remote = ComposeLoader.load(LoadRequest.remote("""
                services:
                  web: {image: x, security_opt: [seccomp=/etc/profile.json]}
                  inline: {image: x, security_opt: ['seccomp={"defaultAction": "SCMP_ACT_LOG"}']}
                """).withName("demo"));
        assertThat(remote.errors()).extracting(ValidationError::path).containsExactly("services.web.security_opt[0]");
        assertThat(remote.errors().getFirst().message()).startsWith("a seccomp profile file is read on the client's side");
    }

    @Test
    void labelFilesAreMergedUnderLabelsOnTheCallersSideOnly() throws Exception {
        Path dir = Load.dir(tmp);
        Files.writeString(dir.resolve("base.labels"), "# team labels\ncom.example.team=web\ncom.example.tier=front\n");
        Files.writeString(dir.resolve("more.labels"), "com.example.tier=back\ncom.example.copy\n");
        var s = web("""
                image: x
                label_file: [base.labels, more.labels]
                labels: {com.example.team: ops}
                """);
        assertThat(s.labels()).containsExactly(entry("com.example.team", "ops"), entry("com.example.tier", "back"));

        assertThat(errors("image: x\nlabel_file: nowhere.labels")).singleElement().asString()
                .startsWith("services.web.label_file label_file ").endsWith("nowhere.labels does not exist");
        var remote = ComposeLoader.load(LoadRequest.remote("services: {web: {image: x, label_file: /etc/l.labels}}").withName("demo"));
        assertThat(remote.errors()).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("services.web.label_file");
            assertThat(e.message()).startsWith("label_file is read on the client's side");
        });
    }
}
