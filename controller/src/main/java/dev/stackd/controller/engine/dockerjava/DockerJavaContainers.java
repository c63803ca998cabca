package dev.stackd.controller.engine.dockerjava;

import dev.stackd.controller.engine.ContainerRequest;
import dev.stackd.controller.engine.EngineException;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.BindOptions;
import com.github.dockerjava.api.model.BindPropagation;
import com.github.dockerjava.api.model.BlkioRateDevice;
import com.github.dockerjava.api.model.BlkioWeightDevice;
import com.github.dockerjava.api.model.Device;
import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.Link;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.TmpfsOptions;
import com.github.dockerjava.api.model.Ulimit;
import com.github.dockerjava.api.model.VolumeOptions;
import com.github.dockerjava.api.model.VolumesFrom;
import dev.stackd.api.model.ServiceSpec;
import dev.stackd.api.model.ServiceSpec.HealthcheckSpec;
import dev.stackd.api.model.ServiceSpec.MountSpec;
import dev.stackd.api.model.ServiceSpec.PortSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Translates a {@link ContainerRequest} into docker-java's create-container command: the whole service spec, nothing dropped silently. */
final class DockerJavaContainers {
    private DockerJavaContainers() {}

    /**
     * Fields an older engine would silently drop (Go's JSON decoder ignores what it does not know): the API version
     * each needs, checked before the create so that a setting is applied or refused, never lost.
     */
    static boolean needsApiCheck(ContainerRequest request) {
        return !request.service().annotations().isEmpty();
    }

    static void checkApiVersion(ContainerRequest request, String apiVersion) {
        ServiceSpec s = request.service();
        if (!s.annotations().isEmpty() && olderThan(apiVersion, 1, 43)) {
            throw new EngineException("annotations need engine API 1.43 (Docker 24) or newer; this engine speaks API " + apiVersion, 400, null);
        }
    }

    /** Whether "major.minor" is older than the given version; an unreadable version counts as old. */
    static boolean olderThan(String apiVersion, int major, int minor) {
        try {
            String[] parts = apiVersion.split("\\.");
            int ma = Integer.parseInt(parts[0]);
            int mi = Integer.parseInt(parts[1]);
            return ma < major || (ma == major && mi < minor);
        } catch (RuntimeException e) {
            return true;
        }
    }

    static CreateContainerCmd configure(CreateContainerCmd cmd, ContainerRequest request) {
        ServiceSpec s = request.service();
        cmd.withName(request.name())
                .withLabels(request.labels())
                .withEnv(environment(s.environment()))
                .withTty(s.tty())
                .withStdinOpen(s.stdinOpen())
                .withExposedPorts(exposedPorts(s))
                .withHostConfig(hostConfig(request));
        if (s.command() != null) cmd.withCmd(s.command());
        // an empty entrypoint is sent as [] on purpose: the engine then drops the image's ENTRYPOINT
        if (s.entrypoint() != null) cmd.withEntrypoint(s.entrypoint());
        if (s.hostname() != null) cmd.withHostName(s.hostname());
        if (s.domainname() != null) cmd.withDomainName(s.domainname());
        if (s.user() != null) cmd.withUser(s.user());
        if (s.workingDir() != null) cmd.withWorkingDir(s.workingDir());
        if (s.stopSignal() != null) cmd.withStopSignal(s.stopSignal());
        if (s.stopGracePeriod() != null) cmd.withStopTimeout(Math.toIntExact(s.stopGracePeriod().toSeconds()));
        if (s.healthcheck() != null) cmd.withHealthcheck(healthcheck(s.healthcheck()));
        // API 1.41 (engine 20.10) accepts the platform query parameter on create
        if (s.platform() != null) cmd.withPlatform(s.platform());
        // the container-wide MAC address (API 1.41); an engine on 1.44+ moves it to the first network's endpoint
        if (s.macAddress() != null) cmd.withMacAddress(s.macAddress());
        if (s.networkMode() == null && request.network() != null) {
            // docker-java puts these into NetworkingConfig.EndpointsConfig[HostConfig.NetworkMode]
            if (!request.networkAliases().isEmpty()) cmd.withAliases(request.networkAliases());
            if (request.ipv4Address() != null) cmd.withIpv4Address(request.ipv4Address());
        }
        return cmd;
    }

    private static List<String> environment(Map<String, String> env) {
        var out = new ArrayList<String>();
        env.forEach((k, v) -> {
            if (v != null) out.add(k + "=" + v); // null: unset, so left out
        });
        return out;
    }

    private static List<ExposedPort> exposedPorts(ServiceSpec s) {
        var ports = new LinkedHashSet<ExposedPort>();
        for (String e : s.expose()) ports.add(ExposedPort.parse(e.contains("/") ? e : e + "/tcp"));
        for (PortSpec p : s.ports()) ports.add(exposedPort(p));
        return List.copyOf(ports);
    }

    private static ExposedPort exposedPort(PortSpec p) {
        String protocol = p.protocol() == null ? "tcp" : p.protocol().toLowerCase(Locale.ROOT);
        return new ExposedPort(p.target(), InternetProtocol.parse(protocol));
    }

    private static HostConfig hostConfig(ContainerRequest request) {
        ServiceSpec s = request.service();
        var hc = HostConfig.newHostConfig()
                .withPortBindings(portBindings(s.ports()))
                .withRestartPolicy(restartPolicy(s.restart()))
                .withMounts(mounts(request))
                .withBinds(binds(request))
                .withPrivileged(s.privileged())
                .withReadonlyRootfs(s.readOnly())
                .withNetworkMode(request.networkMode() != null ? request.networkMode() : request.network());
        var r = s.resources();
        if (r.memoryBytes() != null) hc.withMemory(r.memoryBytes());
        if (r.memoryReservationBytes() != null) hc.withMemoryReservation(r.memoryReservationBytes());
        if (r.nanoCpus() != null) hc.withNanoCPUs(r.nanoCpus());
        if (r.pids() != null) hc.withPidsLimit(r.pids());
        if (!s.capAdd().isEmpty()) hc.withCapAdd(capabilities(s.capAdd()));
        if (!s.capDrop().isEmpty()) hc.withCapDrop(capabilities(s.capDrop()));
        if (s.init() != null) hc.withInit(s.init());
        if (!s.extraHosts().isEmpty()) hc.withExtraHosts(s.extraHosts().toArray(String[]::new));
        if (!s.dns().isEmpty()) hc.withDns(s.dns());
        if (!s.sysctls().isEmpty()) hc.withSysctls(s.sysctls());
        if (!s.ulimits().isEmpty()) {
            var ulimits = new ArrayList<Ulimit>();
            s.ulimits().forEach((name, u) -> ulimits.add(new Ulimit(name, u.soft(), u.hard())));
            hc.withUlimits(ulimits);
        }
        if (s.logging() != null && s.logging().driver() != null) {
            hc.withLogConfig(new LogConfig(LogConfig.LoggingType.fromValue(s.logging().driver()), s.logging().options()));
        }
        if (s.runtime() != null) hc.withRuntime(s.runtime());
        hostSettings(hc, request);
        resources(hc, s);
        return hc;
    }

    /** security_opt, namespaces, groups, links, devices, annotations, OOM score, shm size: as compose's create.go. */
    private static void hostSettings(HostConfig hc, ContainerRequest request) {
        ServiceSpec s = request.service();
        if (!s.securityOpt().isEmpty()) hc.withSecurityOpts(s.securityOpt());
        if (request.pidMode() != null) hc.withPidMode(request.pidMode());
        if (request.ipcMode() != null) hc.withIpcMode(request.ipcMode());
        if (s.usernsMode() != null) hc.withUsernsMode(s.usernsMode());
        if (!s.groupAdd().isEmpty()) hc.withGroupAdd(s.groupAdd());
        if (s.cgroupParent() != null) hc.withCgroupParent(s.cgroupParent());
        // on a user-defined network docker-java also puts these into the endpoint, where the engine resolves them by name
        if (!request.links().isEmpty()) hc.withLinks(request.links().stream().map(Link::parse).toList());
        var devices = new ArrayList<Device>();
        var cdi = new ArrayList<String>();
        for (var d : s.devices()) {
            // a CDI name (vendor.com/class=name) is asked of the engine's "cdi" driver, as compose does
            if (!d.source().startsWith("/")) cdi.add(d.source()); // the loader allows only a path or a CDI name
            else devices.add(new Device(d.permissions(), d.target(), d.source()));
        }
        if (!devices.isEmpty()) hc.withDevices(devices);
        var requests = new ArrayList<DeviceRequest>();
        for (var r : s.resources().deviceRequests()) requests.add(deviceRequest(r));
        if (!cdi.isEmpty()) requests.add(new DeviceRequest().withDriver("cdi").withDeviceIds(cdi));
        if (!requests.isEmpty()) hc.withDeviceRequests(requests);
        if (!s.annotations().isEmpty()) hc.withAnnotations(s.annotations());
        if (s.oomScoreAdj() != null) hc.withOomScoreAdj(s.oomScoreAdj());
        if (s.shmSizeBytes() != null) hc.withShmSize(s.shmSizeBytes());
        if (!s.dnsOpt().isEmpty()) hc.withDnsOptions(s.dnsOpt());
        if (!s.dnsSearch().isEmpty()) hc.withDnsSearch(s.dnsSearch());
        if (s.uts() != null) hc.withUtSMode(s.uts());
        if (s.cgroup() != null) hc.withCgroupnsMode(s.cgroup());
        if (!s.deviceCgroupRules().isEmpty()) hc.withDeviceCgroupRules(s.deviceCgroupRules());
        if (!s.storageOpt().isEmpty()) hc.withStorageOpt(s.storageOpt());
        if (!request.volumesFrom().isEmpty()) hc.withVolumesFrom(request.volumesFrom().stream().map(VolumesFrom::parse).toArray(VolumesFrom[]::new));
    }

    /** The request as compose sends it: capabilities as one set, count -1 for "all". */
    static DeviceRequest deviceRequest(ServiceSpec.DeviceRequest r) {
        return new DeviceRequest()
                .withDriver(r.driver())
                .withCount(r.count())
                .withDeviceIds(r.deviceIds().isEmpty() ? null : r.deviceIds())
                .withCapabilities(List.of(r.capabilities()))
                .withOptions(r.options().isEmpty() ? null : r.options());
    }

    private static void resources(HostConfig hc, ServiceSpec s) {
        var r = s.resources();
        if (r.memorySwapBytes() != null) hc.withMemorySwap(r.memorySwapBytes());
        if (r.memorySwappiness() != null) hc.withMemorySwappiness(r.memorySwappiness());
        if (r.cpuShares() != null) hc.withCpuShares(Math.toIntExact(r.cpuShares()));
        if (r.cpuPeriod() != null) hc.withCpuPeriod(r.cpuPeriod());
        if (r.cpuQuota() != null) hc.withCpuQuota(r.cpuQuota());
        if (r.cpuset() != null) hc.withCpusetCpus(r.cpuset());
        if (r.oomKillDisable() != null) hc.withOomKillDisable(r.oomKillDisable());
        var b = r.blkio();
        if (b != null) {
            if (b.weight() != null) hc.withBlkioWeight(b.weight());
            if (!b.weightDevice().isEmpty()) {
                hc.withBlkioWeightDevice(b.weightDevice().stream()
                        .map(d -> new BlkioWeightDevice().withPath(d.path()).withWeight(Math.toIntExact(d.value()))).toList());
            }
            if (!b.deviceReadBps().isEmpty()) hc.withBlkioDeviceReadBps(rates(b.deviceReadBps()));
            if (!b.deviceReadIops().isEmpty()) hc.withBlkioDeviceReadIOps(rates(b.deviceReadIops()));
            if (!b.deviceWriteBps().isEmpty()) hc.withBlkioDeviceWriteBps(rates(b.deviceWriteBps()));
            if (!b.deviceWriteIops().isEmpty()) hc.withBlkioDeviceWriteIOps(rates(b.deviceWriteIops()));
        }
    }

    private static List<BlkioRateDevice> rates(List<ServiceSpec.BlkioDevice> devices) {
        return devices.stream().map(d -> new BlkioRateDevice().withPath(d.path()).withRate(d.value())).toList();
    }

    private static Ports portBindings(List<PortSpec> ports) {
        var bindings = new Ports();
        for (PortSpec p : ports) {
            // every ports entry publishes (compose's "80" too: an ephemeral host port on every address); expose only exposes
            // "": an ephemeral port; "8000-8010": the engine binds the first free one of the range
            String hostPort = p.published() == null ? "" : p.publishedText();
            bindings.bind(exposedPort(p), new Ports.Binding(p.hostIp() == null ? "" : p.hostIp(), hostPort));
        }
        return bindings;
    }

    static RestartPolicy restartPolicy(String restart) {
        if (restart == null || restart.equals("no")) return RestartPolicy.noRestart();
        return switch (restart) {
            case "always" -> RestartPolicy.alwaysRestart();
            case "unless-stopped" -> RestartPolicy.unlessStoppedRestart();
            case "on-failure" -> RestartPolicy.onFailureRestart(0);
            default -> {
                if (!restart.startsWith("on-failure:")) throw new IllegalArgumentException("unknown restart policy: " + restart);
                yield RestartPolicy.onFailureRestart(Integer.parseInt(restart.substring("on-failure:".length())));
            }
        };
    }

    private static List<Mount> mounts(ContainerRequest request) {
        var mounts = new ArrayList<Mount>();
        for (MountSpec m : request.service().volumes()) {
            switch (m.type()) {
                case "volume" -> {
                    if (m.selinux() == null) mounts.add(new Mount().withType(MountType.VOLUME)
                        .withSource(m.source() == null ? null : volumeName(request, m.source()))
                        .withTarget(m.target())
                        .withReadOnly(m.readOnly())
                        .withVolumeOptions(Boolean.TRUE.equals(m.noCopy()) ? new VolumeOptions().withNoCopy(true) : null));
                }
                case "tmpfs" -> mounts.add(new Mount().withType(MountType.TMPFS)
                        .withTarget(m.target())
                        .withReadOnly(m.readOnly())
                        .withTmpfsOptions(tmpfsOptions(m)));
                case "bind" -> {
                    // a Mount of type bind fails on a missing host path; only create_host_path: false asks for that
                    if (Boolean.FALSE.equals(m.createHostPath())) {
                        mounts.add(new Mount().withType(MountType.BIND).withSource(m.source()).withTarget(m.target()).withReadOnly(m.readOnly())
                                .withBindOptions(m.propagation() == null ? null : new BindOptions().withPropagation(bindPropagation(m.propagation()))));
                    }
                }
                default -> throw new IllegalArgumentException("unknown mount type " + m.type() + " for " + m.target());
            }
        }
        request.fileMounts().forEach((host, target) ->
                mounts.add(new Mount().withType(MountType.BIND).withSource(host).withTarget(target).withReadOnly(true)));
        return mounts;
    }

    private static TmpfsOptions tmpfsOptions(MountSpec m) {
        if (m.tmpfsSize() == null && m.tmpfsMode() == null) return null;
        var o = new TmpfsOptions();
        if (m.tmpfsSize() != null) o.withSizeBytes(m.tmpfsSize());
        if (m.tmpfsMode() != null) o.withMode(m.tmpfsMode());
        return o;
    }

    /**
     * What goes through the legacy Binds field, as compose's toBindString writes it ("SOURCE:TARGET:rw[,z][,rshared][,nocopy]"):
     * bind mounts that may create their host path (Binds does, the Mount API does not), and named volumes to relabel
     * (z or Z: the Mount API has no SELinux option).
     */
    static List<Bind> binds(ContainerRequest request) {
        var binds = new ArrayList<Bind>();
        for (MountSpec m : request.service().volumes()) {
            String source;
            if (m.type().equals("bind") && !Boolean.FALSE.equals(m.createHostPath())) source = m.source();
            else if (m.type().equals("volume") && m.selinux() != null && m.source() != null) source = volumeName(request, m.source());
            else continue;
            var options = new ArrayList<String>();
            options.add(m.readOnly() ? "ro" : "rw");
            if (m.selinux() != null) options.add(m.selinux());
            if (m.propagation() != null) options.add(m.propagation());
            if (Boolean.TRUE.equals(m.noCopy())) options.add("nocopy");
            binds.add(Bind.parse(source + ":" + m.target() + ":" + String.join(",", options)));
        }
        return binds;
    }

    private static BindPropagation bindPropagation(String mode) {
        return switch (mode) {
            case "rprivate" -> BindPropagation.R_PRIVATE;
            case "private" -> BindPropagation.PRIVATE;
            case "rshared" -> BindPropagation.R_SHARED;
            case "shared" -> BindPropagation.SHARED;
            case "rslave" -> BindPropagation.R_SLAVE;
            case "slave" -> BindPropagation.SLAVE;
            default -> throw new IllegalArgumentException("unknown propagation " + mode); // the loader allows no other
        };
    }

    private static String volumeName(ContainerRequest request, String key) {
        String name = request.volumeNames().get(key);
        if (name == null) throw new IllegalArgumentException("no engine name for volume " + key + " in " + request.volumeNames());
        return name;
    }

    private static Capability[] capabilities(List<String> names) {
        return names.stream()
                .map(n -> n.toUpperCase(Locale.ROOT))
                .map(n -> n.startsWith("CAP_") ? n.substring(4) : n)
                .map(Capability::valueOf)
                .toArray(Capability[]::new);
    }

    private static HealthCheck healthcheck(HealthcheckSpec h) {
        if (h.disable()) return new HealthCheck().withTest(List.of("NONE"));
        // no test: the image's test stays and only the timings given here override it;
        // start_interval needs API 1.44: an engine on 1.41 ignores the field
        return new HealthCheck()
                .withTest(h.test().isEmpty() ? null : h.test())
                .withInterval(nanos(h.interval()))
                .withTimeout(nanos(h.timeout()))
                .withStartPeriod(nanos(h.startPeriod()))
                .withStartInterval(nanos(h.startInterval()))
                .withRetries(h.retries());
    }

    private static Long nanos(Duration d) {
        return d == null ? null : d.toNanos();
    }
}
