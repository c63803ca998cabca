package dev.stackd.api.compose;

import static java.util.Map.entry;

import java.util.Map;
import java.util.Set;

/** The key tables of every mapping of a compose file that stackd reads. docs/manifest.md mirrors them. */
final class Keys {
    private Keys() {}

    private static final String SWARM = "it needs Docker swarm, and stackd runs on one plain engine";

    static final KeyTable TOP = new KeyTable("top-level",
            // include is resolved before these keys are checked (ProjectTree): listed so the key table says so
            Set.of("version", "name", "services", "networks", "volumes", "secrets", "configs", "include"),
            Map.of("models", "AI model runners are not implemented"));

    /** extends and include are resolved before the model is read (ProjectTree); their keys, for the key table. */
    static final KeyTable EXTENDS = new KeyTable("extends", Set.of("service", "file"), Map.of());
    static final KeyTable INCLUDE = new KeyTable("include", Set.of("path", "project_directory", "env_file"), Map.of());

    static final KeyTable SERVICE = new KeyTable("service", Set.of(
            "extends", "profiles", // resolved before a service is read (ProjectTree, Profiles): listed so the key table says so
            "image", "build", "command", "entrypoint", "environment", "env_file", "ports", "expose", "volumes", "tmpfs",
            "networks", "network_mode", "depends_on", "healthcheck", "restart", "labels", "container_name", "hostname",
            "domainname", "working_dir", "user", "stop_signal", "stop_grace_period", "deploy", "scale", "mem_limit",
            "mem_reservation", "cpus", "pids_limit", "cap_add", "cap_drop", "privileged", "read_only", "init", "tty",
            "stdin_open", "extra_hosts", "dns", "sysctls", "ulimits", "secrets", "configs", "platform", "runtime",
            "pull_policy", "logging", "shm_size", "security_opt", "pid", "ipc", "links", "devices", "gpus", "group_add",
            "cgroup_parent", "userns_mode", "oom_score_adj", "oom_kill_disable", "memswap_limit", "mem_swappiness",
            "cpu_shares", "cpuset", "cpu_period", "cpu_quota", "blkio_config", "mac_address", "annotations", "label_file",
            "dns_opt", "dns_search", "uts", "cgroup", "device_cgroup_rules", "storage_opt", "external_links", "volumes_from"),
            Map.ofEntries(
                    entry("develop", "watch mode is a development tool, not part of a reconciled spec"),
                    entry("credential_spec", "Windows containers are not supported"),
                    entry("isolation", "Windows containers are not supported"),
                    entry("cpu_count", "use cpus"), entry("cpu_percent", "use cpus"),
                    entry("cpu_rt_runtime", "real-time CPU scheduling is not implemented"),
                    entry("cpu_rt_period", "real-time CPU scheduling is not implemented"),
                    entry("attach", "stackd never attaches to logs"),
                    entry("pre_start", "lifecycle hooks are not implemented"),
                    entry("post_start", "lifecycle hooks are not implemented"),
                    entry("pull_refresh_after", "stackd pulls by pull_policy only; a refresh schedule is not implemented"),
                    entry("pre_stop", "lifecycle hooks are not implemented"),
                    entry("provider", "provider services are not implemented"),
                    entry("use_api_socket", "exposing the engine socket is not implemented"),
                    entry("models", "AI model runners are not implemented"),
                    entry("driver_opts", "per-service network driver options are not implemented")));

    static final KeyTable BUILD = new KeyTable("build", Set.of("context", "dockerfile", "args", "target"), Map.ofEntries(
            entry("dockerfile_inline", "write a Dockerfile"), entry("ssh", "build secrets are not implemented"),
            entry("secrets", "build secrets are not implemented"), entry("cache_from", "build cache settings are not implemented"),
            entry("cache_to", "build cache settings are not implemented"), entry("labels", "image labels are not implemented"),
            entry("network", "build networks are not implemented"), entry("shm_size", "not implemented for builds"),
            entry("extra_hosts", "not implemented for builds"), entry("platforms", "multi-platform builds are not implemented"),
            entry("tags", "stackd names the image itself"), entry("privileged", "not implemented for builds"),
            entry("isolation", "Windows containers are not supported"), entry("no_cache", "not implemented for builds"),
            entry("pull", "not implemented for builds"), entry("additional_contexts", "not implemented for builds"),
            entry("entitlements", "not implemented for builds"), entry("ulimits", "not implemented for builds"),
            entry("no_cache_filter", "not implemented for builds"),
            entry("provenance", "build attestations are not implemented"), entry("sbom", "build attestations are not implemented")));

    static final KeyTable DEPLOY = new KeyTable("deploy",
            Set.of("replicas", "resources", "mode", "restart_policy", "update_config", "rollback_config"), Map.of(
            "placement", SWARM, "endpoint_mode", SWARM,
            "labels", "these are swarm service labels: use the service's labels"));
    static final KeyTable RESTART_POLICY = KeyTable.of("deploy.restart_policy", Set.of("condition", "delay", "max_attempts", "window"));

    static final KeyTable UPDATE_CONFIG = KeyTable.of("update_config",
            Set.of("parallelism", "delay", "failure_action", "monitor", "max_failure_ratio", "order"));
    static final KeyTable RESOURCES = new KeyTable("deploy.resources", Set.of("limits", "reservations"), Map.of());
    static final KeyTable LIMITS = new KeyTable("resource limit", Set.of("cpus", "memory", "pids"), Map.of(
            "devices", "device reservations are not implemented"));
    static final KeyTable RESERVATIONS = new KeyTable("resource reservation", Set.of("memory", "devices"), Map.of(
            "cpus", "CPU reservations are swarm scheduling: a plain engine has no such setting (compose ignores them too)",
            "generic_resources", SWARM));
    static final KeyTable DEVICE_REQUEST = KeyTable.of("device request", Set.of("capabilities", "count", "device_ids", "driver", "options"));
    static final KeyTable DEVICE = KeyTable.of("device", Set.of("source", "target", "permissions"));
    static final KeyTable BLKIO = KeyTable.of("blkio_config", Set.of("weight", "weight_device", "device_read_bps",
            "device_read_iops", "device_write_bps", "device_write_iops"));
    static final KeyTable BLKIO_WEIGHT = KeyTable.of("blkio weight device", Set.of("path", "weight"));
    static final KeyTable BLKIO_RATE = KeyTable.of("blkio rate device", Set.of("path", "rate"));

    static final KeyTable PORT = new KeyTable("port", Set.of("target", "published", "host_ip", "protocol", "mode"), Map.of(
            "name", "port names are not implemented", "app_protocol", "port app_protocol is not implemented"));

    static final KeyTable MOUNT = new KeyTable("volume", Set.of("type", "source", "target", "read_only", "bind", "volume", "tmpfs"),
            Map.of("consistency", "mount consistency is a Docker Desktop setting, not implemented",
                    "image", "image mounts are not implemented"));
    static final KeyTable MOUNT_BIND = new KeyTable("bind", Set.of("create_host_path", "propagation", "selinux"), Map.of(
            "recursive", "recursive read-only bind mounts are not implemented"));
    static final KeyTable MOUNT_VOLUME = new KeyTable("volume", Set.of("nocopy"), Map.of(
            "subpath", "volume subpaths need engine API 1.45 (Docker 26); stackd speaks API 1.41: mount a named volume whole",
            "labels", "labels of a volume created by a mount are not implemented: declare the volume at the top level"));
    static final KeyTable MOUNT_TMPFS = new KeyTable("tmpfs", Set.of("size", "mode"), Map.of());

    static final KeyTable DEPENDS_ON = KeyTable.of("depends_on", Set.of("condition", "restart", "required"));
    static final KeyTable ENV_FILE = new KeyTable("env_file", Set.of("path", "required"), Map.of("format", "only the default format is implemented"));
    static final KeyTable HEALTHCHECK = KeyTable.of("healthcheck",
            Set.of("test", "interval", "timeout", "retries", "start_period", "start_interval", "disable"));
    static final KeyTable SERVICE_NETWORK = new KeyTable("service network", Set.of("aliases", "ipv4_address", "priority"), Map.of(
            "ipv6_address", "static IPv6 addresses are not implemented", "link_local_ips", "link-local addresses are not implemented",
            "mac_address", "MAC addresses are not implemented", "driver_opts", "per-service network driver options are not implemented",
            "gw_priority", "gateway priority is not implemented", "interface_name", "interface names are not implemented"));
    static final KeyTable FILE_REFERENCE = KeyTable.of("secret or config reference", Set.of("source", "target", "uid", "gid", "mode"));
    static final KeyTable ULIMIT = KeyTable.of("ulimit", Set.of("soft", "hard"));
    static final KeyTable LOGGING = KeyTable.of("logging", Set.of("driver", "options"));
    static final KeyTable STACKD = KeyTable.of("x-stackd", Set.of("restart-unhealthy", "backoff-initial", "backoff-max", "backoff-reset",
            // a job's (JobParser)
            "schedule", "timezone", "concurrency", "starting-deadline", "history", "suspend", "timeout", "retries"));
    /** The top-level x-stackd block: stack-wide defaults of the services' deploy keys. */
    static final KeyTable STACK_DEFAULTS = KeyTable.of("top-level x-stackd", Set.of("update_config", "rollback_config"));
    static final KeyTable JOB_HISTORY = KeyTable.of("x-stackd.history", Set.of("succeeded", "failed"));

    static final KeyTable NETWORK = new KeyTable("network", Set.of("driver", "driver_opts", "internal", "attachable", "external",
            "name", "ipam", "labels", "enable_ipv6"), Map.of("enable_ipv4", "disabling IPv4 is not implemented"));
    static final KeyTable IPAM = KeyTable.of("ipam", Set.of("driver", "config", "options"));
    static final KeyTable IPAM_CONFIG = new KeyTable("ipam config", Set.of("subnet", "ip_range", "gateway"),
            Map.of("aux_addresses", "auxiliary addresses are not implemented"));
    /** The legacy external: {name: x} of networks and volumes. */
    static final KeyTable EXTERNAL = KeyTable.of("external", Set.of("name"));
    static final KeyTable VOLUME = KeyTable.of("volume", Set.of("driver", "driver_opts", "external", "name", "labels"));
    static final KeyTable SECRET = new KeyTable("secret", Set.of("file", "environment", "name"), Map.of(
            "external", "external secrets need Docker swarm: use file or environment",
            "template_driver", SWARM, "driver", SWARM, "driver_opts", SWARM, "labels", SWARM));
    static final KeyTable CONFIG = new KeyTable("config", Set.of("file", "content", "environment", "name"), Map.of(
            "external", "external configs need Docker swarm: use file, content or environment",
            "template_driver", SWARM, "labels", SWARM));
}
