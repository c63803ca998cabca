package dev.stackd.controller.docker;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Bind;
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
        return hc;
    }

    private static Ports portBindings(List<PortSpec> ports) {
        var bindings = new Ports();
        for (PortSpec p : ports) {
            // every ports entry publishes (compose's "80" too: an ephemeral host port on every address); expose only exposes
            String hostPort = p.published() == null ? "" : p.published().toString(); // "": an ephemeral port
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
                case "volume" -> mounts.add(new Mount().withType(MountType.VOLUME)
                        .withSource(m.source() == null ? null : volumeName(request, m.source()))
                        .withTarget(m.target())
                        .withReadOnly(m.readOnly())
                        .withVolumeOptions(Boolean.TRUE.equals(m.noCopy()) ? new VolumeOptions().withNoCopy(true) : null));
                case "tmpfs" -> mounts.add(new Mount().withType(MountType.TMPFS)
                        .withTarget(m.target())
                        .withReadOnly(m.readOnly())
                        .withTmpfsOptions(tmpfsOptions(m)));
                case "bind" -> {
                    // a Mount of type bind fails on a missing host path; only create_host_path: false asks for that
                    if (Boolean.FALSE.equals(m.createHostPath())) {
                        mounts.add(new Mount().withType(MountType.BIND).withSource(m.source()).withTarget(m.target()).withReadOnly(m.readOnly()));
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

    /** Bind mounts that may create their host path: the legacy Binds field does, as compose does by default. */
    private static List<Bind> binds(ContainerRequest request) {
        var binds = new ArrayList<Bind>();
        for (MountSpec m : request.service().volumes()) {
            if (m.type().equals("bind") && !Boolean.FALSE.equals(m.createHostPath())) {
                binds.add(Bind.parse(m.source() + ":" + m.target() + (m.readOnly() ? ":ro" : ":rw")));
            }
        }
        return binds;
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
