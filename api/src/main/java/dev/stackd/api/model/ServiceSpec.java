package dev.stackd.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.List;
import java.util.SortedMap;

/**
 * One service of a stack, normalised: one syntax per key, absolute paths, durations parsed.
 * Null means "not set" (the image's or engine's default applies); collections are never null.
 */
public record ServiceSpec(
        String name,
        String image,
        BuildSpec build,
        /** null: the image's CMD. */
        List<String> command,
        /** null: the image's ENTRYPOINT. */
        List<String> entrypoint,
        /** Environment after env_file and environment are merged (environment wins); a null value means "unset". */
        SortedMap<String, String> environment,
        /** The env_file paths (absolute) the environment was read from, kept for display. */
        List<String> envFiles,
        List<PortSpec> ports,
        List<String> expose,
        List<MountSpec> volumes,
        /** Networks by their key in the stack's networks; empty when networkMode is set. */
        SortedMap<String, ServiceNetwork> networks,
        String networkMode,
        SortedMap<String, DependsOn> dependsOn,
        HealthcheckSpec healthcheck,
        /** One of "no", "always", "unless-stopped", "on-failure" or "on-failure:N". */
        String restart,
        SortedMap<String, String> labels,
        String containerName,
        String hostname,
        String domainname,
        String workingDir,
        String user,
        String stopSignal,
        Duration stopGracePeriod,
        /** deploy.replicas or scale; 1 when neither is set. */
        int replicas,
        ResourceSpec resources,
        List<String> capAdd,
        List<String> capDrop,
        boolean privileged,
        boolean readOnly,
        Boolean init,
        boolean tty,
        boolean stdinOpen,
        /** "host:ip" entries. */
        List<String> extraHosts,
        List<String> dns,
        SortedMap<String, String> sysctls,
        SortedMap<String, Ulimit> ulimits,
        List<FileReference> secrets,
        List<FileReference> configs,
        String platform,
        String runtime,
        /** "always", "never", "missing", "build", or a refresh window "daily", "weekly", "every_<duration>"; null means "missing". */
        String pullPolicy,
        LoggingSpec logging,
        StackdSettings stackd,
        // Keys added after specs were stored and hashed: an unset one is null or, for a collection, left out of the
        // JSON when empty (NON_EMPTY), so a stored stack's spec hash does not change and nothing is recreated.
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> securityOpt,
        /** "host", "container:NAME" or "service:NAME"; null: the engine's default (a private namespace). */
        String pid,
        /** "none", "private", "shareable", "host", "container:NAME" or "service:NAME". */
        String ipc,
        /** "host"; null: the engine's default. */
        String usernsMode,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> groupAdd,
        String cgroupParent,
        /** links as written: "SERVICE" or "SERVICE:ALIAS" (each also a depends_on). */
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> links,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<DeviceMapping> devices,
        String macAddress,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) SortedMap<String, String> annotations,
        Integer oomScoreAdj,
        Long shmSizeBytes,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> dnsOpt,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> dnsSearch,
        /** "host"; null: the engine's default (a private UTS namespace). */
        String uts,
        /** The cgroup namespace: "host" or "private"; null: the engine's default. */
        String cgroup,
        /** Device cgroup rules as the engine takes them: "c 1:3 mr", "a *:* rwm". */
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> deviceCgroupRules,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) SortedMap<String, String> storageOpt,
        /** external_links as written: "CONTAINER" or "CONTAINER:ALIAS", containers outside the stack. */
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> externalLinks,
        /** volumes_from as written: "SERVICE[:ro|rw]" (each also a depends_on) or "container:NAME[:ro|rw]". */
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> volumesFrom,
        /** deploy.update_config; null: {@link UpdateConfig#DEFAULTS} (left out of the JSON: stored hashes stay). */
        @JsonInclude(JsonInclude.Include.NON_NULL) UpdateConfig updateConfig,
        /** deploy.rollback_config; null: {@link UpdateConfig#DEFAULTS}. */
        @JsonInclude(JsonInclude.Include.NON_NULL) UpdateConfig rollbackConfig) {

    public ServiceSpec {
        command = command == null ? null : List.copyOf(command);
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        environment = Maps.sorted(environment);
        envFiles = Maps.list(envFiles);
        ports = Maps.list(ports);
        expose = Maps.list(expose);
        volumes = Maps.list(volumes);
        networks = Maps.sorted(networks);
        dependsOn = Maps.sorted(dependsOn);
        labels = Maps.sorted(labels);
        capAdd = Maps.list(capAdd);
        capDrop = Maps.list(capDrop);
        extraHosts = Maps.list(extraHosts);
        dns = Maps.list(dns);
        sysctls = Maps.sorted(sysctls);
        ulimits = Maps.sorted(ulimits);
        secrets = Maps.list(secrets);
        configs = Maps.list(configs);
        if (resources == null) resources = ResourceSpec.NONE;
        if (stackd == null) stackd = StackdSettings.DEFAULTS;
        securityOpt = Maps.list(securityOpt);
        groupAdd = Maps.list(groupAdd);
        links = Maps.list(links);
        devices = Maps.list(devices);
        annotations = Maps.sorted(annotations);
        dnsOpt = Maps.list(dnsOpt);
        dnsSearch = Maps.list(dnsSearch);
        deviceCgroupRules = Maps.list(deviceCgroupRules);
        storageOpt = Maps.sorted(storageOpt);
        externalLinks = Maps.list(externalLinks);
        volumesFrom = Maps.list(volumesFrom);
    }

    /** The services of volumes_from ("SERVICE[:mode]"; "container:NAME" is none), in the order written. */
    public List<String> volumesFromServices() {
        var out = new java.util.ArrayList<String>();
        for (String v : volumesFrom) if (!v.startsWith("container:")) out.add(v.split(":", 2)[0]);
        return out;
    }

    /**
     * The services this one needs first, as compose orders them: its depends_on, and the service whose network
     * namespace it joins ({@code network_mode: service:X}), sorted. Not a component: derived, never serialised.
     */
    public java.util.SortedSet<String> dependencies() {
        var out = new java.util.TreeSet<>(dependsOn.keySet());
        String shared = networkModeService();
        if (shared != null) out.add(shared);
        return out;
    }

    /** X of {@code network_mode: service:X}, else null. */
    public String networkModeService() {
        return networkMode != null && networkMode.startsWith("service:") ? networkMode.substring("service:".length()) : null;
    }

    /** The keys a service had before update_config and rollback_config: both left at their defaults. */
    public ServiceSpec(String name, String image, BuildSpec build, List<String> command, List<String> entrypoint, SortedMap<String, String> environment, List<String> envFiles, List<PortSpec> ports, List<String> expose, List<MountSpec> volumes, SortedMap<String, ServiceNetwork> networks, String networkMode, SortedMap<String, DependsOn> dependsOn, HealthcheckSpec healthcheck, String restart, SortedMap<String, String> labels, String containerName, String hostname, String domainname, String workingDir, String user, String stopSignal, Duration stopGracePeriod, int replicas, ResourceSpec resources, List<String> capAdd, List<String> capDrop, boolean privileged, boolean readOnly, Boolean init, boolean tty, boolean stdinOpen, List<String> extraHosts, List<String> dns, SortedMap<String, String> sysctls, SortedMap<String, Ulimit> ulimits, List<FileReference> secrets, List<FileReference> configs, String platform, String runtime, String pullPolicy, LoggingSpec logging, StackdSettings stackd, List<String> securityOpt, String pid, String ipc, String usernsMode, List<String> groupAdd, String cgroupParent, List<String> links, List<DeviceMapping> devices, String macAddress, SortedMap<String, String> annotations, Integer oomScoreAdj, Long shmSizeBytes) {
        this(name, image, build, command, entrypoint, environment, envFiles, ports, expose, volumes, networks, networkMode, dependsOn, healthcheck, restart, labels, containerName, hostname, domainname, workingDir, user, stopSignal, stopGracePeriod, replicas, resources, capAdd, capDrop, privileged, readOnly, init, tty, stdinOpen, extraHosts, dns, sysctls, ulimits, secrets, configs, platform, runtime, pullPolicy, logging, stackd, securityOpt, pid, ipc, usernsMode, groupAdd, cgroupParent, links, devices, macAddress, annotations, oomScoreAdj, shmSizeBytes, null, null, null, null, null, null, null, null, null, null);
    }

    /** The keys a service had before security_opt and the others: those left at their defaults. */
    public ServiceSpec(String name, String image, BuildSpec build, List<String> command, List<String> entrypoint,
                       SortedMap<String, String> environment, List<String> envFiles, List<PortSpec> ports, List<String> expose,
                       List<MountSpec> volumes, SortedMap<String, ServiceNetwork> networks, String networkMode,
                       SortedMap<String, DependsOn> dependsOn, HealthcheckSpec healthcheck, String restart,
                       SortedMap<String, String> labels, String containerName, String hostname, String domainname,
                       String workingDir, String user, String stopSignal, Duration stopGracePeriod, int replicas,
                       ResourceSpec resources, List<String> capAdd, List<String> capDrop, boolean privileged, boolean readOnly,
                       Boolean init, boolean tty, boolean stdinOpen, List<String> extraHosts, List<String> dns,
                       SortedMap<String, String> sysctls, SortedMap<String, Ulimit> ulimits, List<FileReference> secrets,
                       List<FileReference> configs, String platform, String runtime, String pullPolicy, LoggingSpec logging,
                       StackdSettings stackd) {
        this(name, image, build, command, entrypoint, environment, envFiles, ports, expose, volumes, networks, networkMode,
                dependsOn, healthcheck, restart, labels, containerName, hostname, domainname, workingDir, user, stopSignal,
                stopGracePeriod, replicas, resources, capAdd, capDrop, privileged, readOnly, init, tty, stdinOpen, extraHosts,
                dns, sysctls, ulimits, secrets, configs, platform, runtime, pullPolicy, logging, stackd,
                null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null);
    }

    /** A host device made visible in the container; permissions is a subset of "rwm" (null: the engine's "rwm"). */
    public record DeviceMapping(String source, String target, String permissions) {}

    /**
     * A request for devices the engine's device drivers provide (GPUs): from gpus and
     * deploy.resources.reservations.devices. count -1 is "all"; null count and device IDs ask for all too.
     */
    public record DeviceRequest(String driver, Integer count, List<String> deviceIds, List<String> capabilities,
                                SortedMap<String, String> options) {
        public DeviceRequest {
            deviceIds = Maps.list(deviceIds);
            capabilities = Maps.list(capabilities);
            options = Maps.sorted(options);
        }
    }

    /** blkio_config: weight 10 to 1000; rates in bytes or IO per second, per device path. */
    public record BlkioSpec(Integer weight, List<BlkioDevice> weightDevice, List<BlkioDevice> deviceReadBps,
                            List<BlkioDevice> deviceReadIops, List<BlkioDevice> deviceWriteBps, List<BlkioDevice> deviceWriteIops) {
        public BlkioSpec {
            weightDevice = Maps.list(weightDevice);
            deviceReadBps = Maps.list(deviceReadBps);
            deviceReadIops = Maps.list(deviceReadIops);
            deviceWriteBps = Maps.list(deviceWriteBps);
            deviceWriteIops = Maps.list(deviceWriteIops);
        }
    }

    /** One device of blkio_config: value is a weight or a rate. */
    public record BlkioDevice(String path, long value) {}

    public record BuildSpec(String context, String dockerfile, SortedMap<String, String> args, String target) {
        public BuildSpec {
            args = Maps.sorted(args);
        }
    }

    /**
     * One published port; a range in the file becomes one PortSpec per port, except a published range for one
     * container port ("8000-8010:80"): one PortSpec from published to publishedEnd, of which the engine binds the
     * first free port (compose's dynamic range). publishedEnd is null otherwise (left out of the JSON).
     */
    public record PortSpec(String hostIp, Integer published, int target, String protocol,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Integer publishedEnd) {
        public PortSpec(String hostIp, Integer published, int target, String protocol) {
            this(hostIp, published, target, protocol, null);
        }

        /** The host port as the engine takes it: "8000", "8000-8010", or null for an ephemeral one. */
        public String publishedText() {
            if (published == null) return null;
            return publishedEnd == null ? published.toString() : published + "-" + publishedEnd;
        }
    }

    /**
     * type is "volume", "bind" or "tmpfs"; source is the volume key (volume), an absolute path (bind) or null.
     * tmpfsMode: the tmpfs root's permission bits (0 to 07777), null for the engine's default (1777).
     * propagation: a bind mount's "rprivate", "private", "rshared", "shared", "rslave" or "slave" (null: the
     * engine's rprivate); selinux: "z" (relabel, shared) or "Z" (private) for a bind or named volume, null for none.
     */
    public record MountSpec(String type, String source, String target, boolean readOnly, Long tmpfsSize, Boolean createHostPath,
                            Boolean noCopy, Integer tmpfsMode,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String propagation,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String selinux) {
        public MountSpec(String type, String source, String target, boolean readOnly, Long tmpfsSize, Boolean createHostPath, Boolean noCopy) {
            this(type, source, target, readOnly, tmpfsSize, createHostPath, noCopy, null);
        }

        public MountSpec(String type, String source, String target, boolean readOnly, Long tmpfsSize, Boolean createHostPath,
                         Boolean noCopy, Integer tmpfsMode) {
            this(type, source, target, readOnly, tmpfsSize, createHostPath, noCopy, tmpfsMode, null, null);
        }
    }

    public record ServiceNetwork(List<String> aliases, String ipv4Address, Integer priority) {
        public ServiceNetwork {
            aliases = Maps.list(aliases);
        }
    }

    /** condition is "service_started", "service_healthy" or "service_completed_successfully". */
    public record DependsOn(String condition, boolean restart, boolean required) {}

    /** test is empty when disabled (NONE); otherwise its first element is "CMD" or "CMD-SHELL". */
    public record HealthcheckSpec(List<String> test, Duration interval, Duration timeout, Integer retries,
                                  Duration startPeriod, Duration startInterval, boolean disable) {
        public HealthcheckSpec {
            test = Maps.list(test);
        }
    }

    /**
     * What the engine keeps in a container's Resources; null means unset (unlimited, or the engine's default).
     * memorySwapBytes -1 is unlimited swap.
     */
    public record ResourceSpec(Long memoryBytes, Long nanoCpus, Long pids, Long memoryReservationBytes,
                               Long memorySwapBytes, Long memorySwappiness, Long cpuShares, Long cpuPeriod, Long cpuQuota,
                               String cpuset, Boolean oomKillDisable, BlkioSpec blkio,
                               @JsonInclude(JsonInclude.Include.NON_EMPTY) List<DeviceRequest> deviceRequests) {
        public static final ResourceSpec NONE = new ResourceSpec(null, null, null, null);

        public ResourceSpec {
            deviceRequests = Maps.list(deviceRequests);
        }

        public ResourceSpec(Long memoryBytes, Long nanoCpus, Long pids, Long memoryReservationBytes) {
            this(memoryBytes, nanoCpus, pids, memoryReservationBytes, null, null, null, null, null, null, null, null, null);
        }
    }

    public record Ulimit(long soft, long hard) {}

    /** A secret or config mounted into the container: source is its key in the stack, target an absolute path. */
    public record FileReference(String source, String target, String uid, String gid, Integer mode) {}

    public record LoggingSpec(String driver, SortedMap<String, String> options) {
        public LoggingSpec {
            options = Maps.sorted(options);
        }
    }

    /**
     * The service's x-stackd block. job: its schedule and the settings beside it, null when the service is no job
     * (left out of the JSON then, so that a stored spec reads and prints as before).
     */
    public record StackdSettings(boolean restartUnhealthy, Duration backoffInitial, Duration backoffMax, Duration backoffReset,
                                 @JsonInclude(JsonInclude.Include.NON_NULL) JobSpec job) {
        public static final StackdSettings DEFAULTS =
                new StackdSettings(true, Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofMinutes(10));

        public StackdSettings(boolean restartUnhealthy, Duration backoffInitial, Duration backoffMax, Duration backoffReset) {
            this(restartUnhealthy, backoffInitial, backoffMax, backoffReset, null);
        }
    }
}
