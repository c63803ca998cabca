package dev.stackd.api.compose;

import dev.stackd.api.model.ConfigSpec;
import dev.stackd.api.model.NetworkSpec;
import dev.stackd.api.model.SecretSpec;
import dev.stackd.api.model.ServiceSpec;
import dev.stackd.api.model.ServiceSpec.FileReference;
import dev.stackd.api.model.ServiceSpec.MountSpec;
import dev.stackd.api.model.ServiceSpec.PortSpec;
import dev.stackd.api.model.StackSpec;
import dev.stackd.api.model.VolumeSpec;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A normalised spec written back as the compose file that means it: every field under its compose key, in the
 * long syntax, each string value with "$" escaped (the loader interpolates). Loading the result gives the spec
 * again when the spec is one the loader could have made; {@link SpecValidator} relies on that. While writing,
 * each compose path is mapped to the spec path it came from, so the loader's errors can name the spec's fields.
 */
final class ComposeForm {
    private final Map<String, String> specPaths = new HashMap<>();

    /** The compose document (maps, lists, strings, numbers and booleans, ready to be written as JSON). */
    Map<String, Object> of(StackSpec spec) {
        Map<String, Object> doc = new LinkedHashMap<>();
        put(doc, "", "name", "name", spec.name());
        Map<String, Object> services = section(doc, "services");
        spec.services().forEach((key, s) -> {
            String at = "services." + key;
            specPaths.put(at, at);
            services.put(key, s == null ? null : service(s, at));
        });
        each(section(doc, "networks"), "networks", spec.networks(), this::network);
        each(section(doc, "volumes"), "volumes", spec.volumes(), this::volume);
        each(section(doc, "secrets"), "secrets", spec.secrets(), this::secret);
        each(section(doc, "configs"), "configs", spec.configs(), this::config);
        return doc;
    }

    /** The spec path for a path of the compose form: the longest mapped prefix, the rest kept. */
    String specPath(String composePath) {
        String p = composePath;
        while (!p.isEmpty()) {
            String mapped = specPaths.get(p);
            if (mapped != null) return mapped + composePath.substring(p.length());
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
        return composePath;
    }

    private static Map<String, Object> section(Map<String, Object> doc, String key) {
        Map<String, Object> m = new LinkedHashMap<>();
        doc.put(key, m);
        return m;
    }

    private interface Writer<T> {
        Map<String, Object> write(T value, String at);
    }

    private <T> void each(Map<String, Object> section, String name, Map<String, T> values, Writer<T> writer) {
        values.forEach((key, v) -> {
            String at = name + "." + key;
            specPaths.put(at, at);
            section.put(key, v == null ? null : writer.write(v, at));
        });
    }

    /** Sets key (from the spec's field) when the value is set: null, false and empty collections are the defaults. */
    private void put(Map<String, Object> m, String at, String key, String field, Object value) {
        if (value == null || Boolean.FALSE.equals(value)) return;
        if (value instanceof Map<?, ?> map && map.isEmpty()) return;
        if (value instanceof List<?> list && list.isEmpty()) return;
        writeAlways(m, at, key, field, value);
    }

    private Map<String, Object> service(ServiceSpec s, String at) {
        Map<String, Object> m = new LinkedHashMap<>();
        BiConsumer<String, Object> same = (key, value) -> put(m, at, key, key, value);
        same.accept("image", s.image());
        if (s.build() != null) {
            Map<String, Object> b = new LinkedHashMap<>();
            String bAt = at + ".build";
            specPaths.put(bAt, bAt);
            put(b, bAt, "context", "context", s.build().context());
            put(b, bAt, "dockerfile", "dockerfile", s.build().dockerfile());
            put(b, bAt, "args", "args", s.build().args());
            put(b, bAt, "target", "target", s.build().target());
            m.put("build", b);
        }
        // an empty command is a command too ([] overrides the image's CMD), so these two are written when not null
        if (s.command() != null) writeAlways(m, at, "command", "command", s.command());
        if (s.entrypoint() != null) writeAlways(m, at, "entrypoint", "entrypoint", s.entrypoint());
        same.accept("environment", s.environment());
        List<Object> ports = new ArrayList<>();
        for (PortSpec p : s.ports()) ports.add(port(p));
        put(m, at, "ports", "ports", ports);
        same.accept("expose", s.expose());
        List<Object> volumes = new ArrayList<>();
        for (MountSpec v : s.volumes()) volumes.add(mount(v));
        put(m, at, "volumes", "volumes", volumes);
        if (s.networkMode() == null || !s.networks().isEmpty()) {
            Map<String, Object> networks = new LinkedHashMap<>();
            s.networks().forEach((key, n) -> {
                if (n == null) {
                    networks.put(key, null);
                    return;
                }
                Map<String, Object> o = new LinkedHashMap<>();
                String nAt = at + ".networks." + key;
                put(o, nAt, "aliases", "aliases", n.aliases());
                put(o, nAt, "ipv4_address", "ipv4Address", n.ipv4Address());
                put(o, nAt, "priority", "priority", n.priority());
                networks.put(key, o);
            });
            writeAlways(m, at, "networks", "networks", networks);
        }
        put(m, at, "network_mode", "networkMode", s.networkMode());
        Map<String, Object> dependsOn = new LinkedHashMap<>();
        s.dependsOn().forEach((key, d) -> dependsOn.put(key, d == null ? null : mapOf(
                "condition", d.condition(), "restart", d.restart(), "required", d.required())));
        put(m, at, "depends_on", "dependsOn", dependsOn);
        if (s.healthcheck() != null) {
            var h = s.healthcheck();
            Map<String, Object> o = new LinkedHashMap<>();
            String hAt = at + ".healthcheck";
            put(o, hAt, "test", "test", h.test());
            put(o, hAt, "interval", "interval", h.interval());
            put(o, hAt, "timeout", "timeout", h.timeout());
            put(o, hAt, "retries", "retries", h.retries());
            put(o, hAt, "start_period", "startPeriod", h.startPeriod());
            put(o, hAt, "start_interval", "startInterval", h.startInterval());
            put(o, hAt, "disable", "disable", h.disable());
            writeAlways(m, at, "healthcheck", "healthcheck", o);
        }
        same.accept("restart", s.restart());
        same.accept("labels", s.labels());
        put(m, at, "container_name", "containerName", s.containerName());
        same.accept("hostname", s.hostname());
        same.accept("domainname", s.domainname());
        put(m, at, "working_dir", "workingDir", s.workingDir());
        same.accept("user", s.user());
        put(m, at, "stop_signal", "stopSignal", s.stopSignal());
        put(m, at, "stop_grace_period", "stopGracePeriod", s.stopGracePeriod());
        writeAlways(m, at, "scale", "replicas", s.replicas());
        var r = s.resources();
        put(m, at, "mem_limit", "resources.memoryBytes", r.memoryBytes() == null ? null : r.memoryBytes().toString());
        put(m, at, "cpus", "resources.nanoCpus", r.nanoCpus() == null ? null : BigDecimal.valueOf(r.nanoCpus()).movePointLeft(9).toPlainString());
        put(m, at, "pids_limit", "resources.pids", r.pids());
        put(m, at, "mem_reservation", "resources.memoryReservationBytes",
                r.memoryReservationBytes() == null ? null : r.memoryReservationBytes().toString());
        put(m, at, "memswap_limit", "resources.memorySwapBytes", r.memorySwapBytes() == null ? null : r.memorySwapBytes().toString());
        put(m, at, "mem_swappiness", "resources.memorySwappiness", r.memorySwappiness());
        put(m, at, "cpu_shares", "resources.cpuShares", r.cpuShares());
        put(m, at, "cpu_period", "resources.cpuPeriod", r.cpuPeriod());
        put(m, at, "cpu_quota", "resources.cpuQuota", r.cpuQuota());
        put(m, at, "cpuset", "resources.cpuset", r.cpuset());
        if (r.oomKillDisable() != null) writeAlways(m, at, "oom_kill_disable", "resources.oomKillDisable", r.oomKillDisable());
        if (r.blkio() != null) writeAlways(m, at, "blkio_config", "resources.blkio", blkio(r.blkio()));
        if (!r.deviceRequests().isEmpty()) {
            List<Object> devices = new ArrayList<>();
            for (var d : r.deviceRequests()) devices.add(deviceRequest(d));
            String dAt = at + ".deploy.resources.reservations";
            specPaths.put(at + ".deploy", at + ".resources");
            specPaths.put(at + ".deploy.resources", at + ".resources");
            specPaths.put(dAt, at + ".resources");
            specPaths.put(dAt + ".devices", at + ".resources.deviceRequests");
            m.put("deploy", mapOf("resources", mapOf("reservations", mapOf("devices", devices))));
        }
        rollout(m, at, "update_config", "updateConfig", s.updateConfig());
        rollout(m, at, "rollback_config", "rollbackConfig", s.rollbackConfig());
        put(m, at, "security_opt", "securityOpt", s.securityOpt());
        same.accept("pid", s.pid());
        same.accept("ipc", s.ipc());
        put(m, at, "userns_mode", "usernsMode", s.usernsMode());
        put(m, at, "group_add", "groupAdd", s.groupAdd());
        put(m, at, "cgroup_parent", "cgroupParent", s.cgroupParent());
        same.accept("links", s.links());
        same.accept("devices", s.devices().stream().map(d -> d == null ? null
                : mapOf("source", d.source(), "target", d.target(), "permissions", d.permissions())).toList());
        put(m, at, "mac_address", "macAddress", s.macAddress());
        same.accept("annotations", s.annotations());
        put(m, at, "oom_score_adj", "oomScoreAdj", s.oomScoreAdj());
        put(m, at, "shm_size", "shmSizeBytes", s.shmSizeBytes() == null ? null : s.shmSizeBytes().toString());
        put(m, at, "dns_opt", "dnsOpt", s.dnsOpt());
        put(m, at, "dns_search", "dnsSearch", s.dnsSearch());
        same.accept("uts", s.uts());
        same.accept("cgroup", s.cgroup());
        put(m, at, "device_cgroup_rules", "deviceCgroupRules", s.deviceCgroupRules());
        put(m, at, "storage_opt", "storageOpt", s.storageOpt());
        put(m, at, "external_links", "externalLinks", s.externalLinks());
        put(m, at, "volumes_from", "volumesFrom", s.volumesFrom());
        put(m, at, "cap_add", "capAdd", s.capAdd());
        put(m, at, "cap_drop", "capDrop", s.capDrop());
        same.accept("privileged", s.privileged());
        put(m, at, "read_only", "readOnly", s.readOnly());
        if (s.init() != null) writeAlways(m, at, "init", "init", s.init());
        same.accept("tty", s.tty());
        put(m, at, "stdin_open", "stdinOpen", s.stdinOpen());
        put(m, at, "extra_hosts", "extraHosts", s.extraHosts());
        same.accept("dns", s.dns());
        same.accept("sysctls", s.sysctls());
        Map<String, Object> ulimits = new LinkedHashMap<>();
        s.ulimits().forEach((key, u) -> ulimits.put(key, u == null ? null : mapOf("soft", u.soft(), "hard", u.hard())));
        same.accept("ulimits", ulimits);
        put(m, at, "secrets", "secrets", s.secrets().stream().map(ComposeForm::reference).toList());
        put(m, at, "configs", "configs", s.configs().stream().map(ComposeForm::reference).toList());
        same.accept("platform", s.platform());
        same.accept("runtime", s.runtime());
        put(m, at, "pull_policy", "pullPolicy", s.pullPolicy());
        if (s.logging() != null) {
            Map<String, Object> o = new LinkedHashMap<>();
            put(o, at + ".logging", "driver", "driver", s.logging().driver());
            put(o, at + ".logging", "options", "options", s.logging().options());
            writeAlways(m, at, "logging", "logging", o);
        }
        var x = s.stackd();
        Map<String, Object> o = new LinkedHashMap<>();
        String xAt = at + ".x-stackd";
        specPaths.put(xAt, at + ".stackd");
        writeAlways(o, xAt, "restart-unhealthy", "restartUnhealthy", x.restartUnhealthy());
        put(o, xAt, "backoff-initial", "backoffInitial", x.backoffInitial());
        put(o, xAt, "backoff-max", "backoffMax", x.backoffMax());
        put(o, xAt, "backoff-reset", "backoffReset", x.backoffReset());
        if (x.job() != null) job(o, xAt, x.job());
        m.put("x-stackd", o);
        return m;
    }

    /** deploy.update_config or rollback_config, beside deploy.resources when the service has both. */
    @SuppressWarnings("unchecked")
    private void rollout(Map<String, Object> m, String at, String key, String field, dev.stackd.api.model.UpdateConfig u) {
        if (u == null) return;
        var deploy = (Map<String, Object>) m.computeIfAbsent("deploy", k -> new LinkedHashMap<String, Object>());
        specPaths.putIfAbsent(at + ".deploy", specPath(at));
        String uAt = at + ".deploy." + key;
        specPaths.put(uAt, specPath(at) + "." + field);
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("parallelism", u.parallelism());
        o.put("delay", value(u.delay()));
        o.put("failure_action", u.failureAction());
        o.put("monitor", value(u.monitor()));
        o.put("max_failure_ratio", Double.toString(u.maxFailureRatio()));
        o.put("order", u.order());
        deploy.put(key, o);
    }

    /** A job's keys, beside the other x-stackd keys (the spec nests them under stackd.job). */
    private void job(Map<String, Object> o, String xAt, dev.stackd.api.model.JobSpec j) {
        String jAt = specPaths.get(xAt) + ".job";
        BiConsumer<String, String> path = (key, field) -> specPaths.put(xAt + "." + key, jAt + "." + field);
        o.put("schedule", value(j.schedule()));
        path.accept("schedule", "schedule");
        if (j.timezone() != null) o.put("timezone", value(j.timezone()));
        path.accept("timezone", "timezone");
        o.put("concurrency", j.concurrency() == null ? null : j.concurrency().name());
        path.accept("concurrency", "concurrency");
        if (j.startingDeadline() != null) o.put("starting-deadline", value(j.startingDeadline()));
        path.accept("starting-deadline", "startingDeadline");
        if (j.history() != null) o.put("history", mapOf("succeeded", j.history().succeeded(), "failed", j.history().failed()));
        path.accept("history", "history");
        specPaths.put(xAt + ".history.succeeded", jAt + ".history.succeeded");
        specPaths.put(xAt + ".history.failed", jAt + ".history.failed");
        o.put("suspend", j.suspend());
        path.accept("suspend", "suspend");
        if (j.timeout() != null) o.put("timeout", value(j.timeout()));
        path.accept("timeout", "timeout");
        o.put("retries", j.retries());
        path.accept("retries", "retries");
    }

    /** Like {@link #put} for a value whose default differs from null/false/empty (it must be written even then). */
    private void writeAlways(Map<String, Object> m, String at, String key, String field, Object value) {
        // the parent's spec path is mapped before its children are written
        specPaths.put(at.isEmpty() ? key : at + "." + key, at.isEmpty() ? field : specPath(at) + "." + field);
        m.put(key, value(value));
    }

    private static Map<String, Object> port(PortSpec p) {
        if (p == null) return null;
        return mapOf("target", p.target(), "published", p.publishedText(),
                "host_ip", p.hostIp(), "protocol", p.protocol());
    }

    private static Map<String, Object> mount(MountSpec v) {
        if (v == null) return null;
        Map<String, Object> m = mapOf("type", v.type(), "source", v.source(), "target", v.target(), "read_only", v.readOnly());
        Map<String, Object> bind = mapOf("create_host_path", v.createHostPath(), "propagation", v.propagation(), "selinux", v.selinux());
        if (!bind.isEmpty()) m.put("bind", bind);
        if (v.noCopy() != null) m.put("volume", mapOf("nocopy", v.noCopy()));
        if (v.tmpfsSize() != null || v.tmpfsMode() != null) {
            var tmpfs = new java.util.LinkedHashMap<String, Object>();
            if (v.tmpfsSize() != null) tmpfs.put("size", v.tmpfsSize().toString());
            if (v.tmpfsMode() != null) tmpfs.put("mode", "0o" + Integer.toOctalString(v.tmpfsMode()));
            m.put("tmpfs", tmpfs);
        }
        return m;
    }

    private static Map<String, Object> blkio(ServiceSpec.BlkioSpec b) {
        return mapOf("weight", b.weight(),
                "weight_device", b.weightDevice().isEmpty() ? null : b.weightDevice().stream().map(d -> blkioDevice(d, "weight")).toList(),
                "device_read_bps", blkioDevices(b.deviceReadBps()), "device_read_iops", blkioDevices(b.deviceReadIops()),
                "device_write_bps", blkioDevices(b.deviceWriteBps()), "device_write_iops", blkioDevices(b.deviceWriteIops()));
    }

    private static List<Object> blkioDevices(List<ServiceSpec.BlkioDevice> devices) {
        return devices.isEmpty() ? null : devices.stream().map(d -> (Object) blkioDevice(d, "rate")).toList();
    }

    private static Map<String, Object> blkioDevice(ServiceSpec.BlkioDevice d, String valueKey) {
        // a rate is written as text: "rate" of a *_bps list is a byte size
        return d == null ? null : mapOf("path", d.path(), valueKey, valueKey.equals("rate") ? Long.toString(d.value()) : d.value());
    }

    /** count is written when set, device_ids when count is not (an empty device_ids list is not "all"). */
    private static Map<String, Object> deviceRequest(ServiceSpec.DeviceRequest d) {
        if (d == null) return null;
        Map<String, Object> m = mapOf("capabilities", d.capabilities(), "driver", d.driver(), "count", d.count());
        if (d.count() == null) m.put("device_ids", value(d.deviceIds()));
        if (!d.options().isEmpty()) m.put("options", value(d.options()));
        return m;
    }

    private static Map<String, Object> reference(FileReference f) {
        if (f == null) return null;
        return mapOf("source", f.source(), "target", f.target(), "uid", f.uid(), "gid", f.gid(),
                "mode", f.mode() == null ? null : f.mode().toString());
    }

    private Map<String, Object> network(NetworkSpec n, String at) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, at, "name", "name", n.name());
        put(m, at, "driver", "driver", n.driver());
        put(m, at, "driver_opts", "driverOpts", n.driverOpts());
        put(m, at, "internal", "internal", n.internal());
        put(m, at, "attachable", "attachable", n.attachable());
        put(m, at, "external", "external", n.external());
        if (n.enableIpv6() != null) writeAlways(m, at, "enable_ipv6", "enableIpv6", n.enableIpv6());
        if (n.ipam() != null) {
            List<Object> config = new ArrayList<>();
            for (var c : n.ipam().config()) config.add(c == null ? null : mapOf("subnet", c.subnet(), "ip_range", c.ipRange(), "gateway", c.gateway()));
            Map<String, Object> ipam = mapOf("driver", n.ipam().driver(), "config", config, "options", n.ipam().options());
            writeAlways(m, at, "ipam", "ipam", ipam);
        }
        put(m, at, "labels", "labels", n.labels());
        return m;
    }

    private Map<String, Object> volume(VolumeSpec v, String at) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, at, "name", "name", v.name());
        put(m, at, "driver", "driver", v.driver());
        put(m, at, "driver_opts", "driverOpts", v.driverOpts());
        put(m, at, "external", "external", v.external());
        put(m, at, "labels", "labels", v.labels());
        return m;
    }

    private Map<String, Object> secret(SecretSpec s, String at) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, at, "name", "name", s.name());
        put(m, at, "file", "file", s.file());
        put(m, at, "environment", "environment", s.environment());
        return m;
    }

    private Map<String, Object> config(ConfigSpec c, String at) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, at, "name", "name", c.name());
        put(m, at, "file", "file", c.file());
        put(m, at, "content", "content", c.content());
        put(m, at, "environment", "environment", c.environment());
        return m;
    }

    /** The entries whose value is set (not null); values converted as {@link #value}. */
    private static Map<String, Object> mapOf(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) m.put((String) keysAndValues[i], value(keysAndValues[i + 1]));
        }
        return m;
    }

    /** Strings escaped for interpolation, durations in compose's notation, collections converted deeply. */
    private static Object value(Object v) {
        return switch (v) {
            case null -> null;
            case String s -> s.replace("$", "$$");
            case Duration d -> duration(d);
            case Map<?, ?> map -> {
                Map<String, Object> out = new LinkedHashMap<>();
                map.forEach((k, x) -> out.put(String.valueOf(k), value(x)));
                yield out;
            }
            case List<?> list -> list.stream().map(ComposeForm::value).toList();
            default -> v;
        };
    }

    /** "90s", "1s500ns"; a negative duration is written with its sign, which the loader refuses. */
    private static String duration(Duration d) {
        long seconds = d.getSeconds();
        int nanos = d.getNano();
        if (nanos == 0) return seconds + "s";
        return seconds < 0 ? "-" + d.negated() : seconds + "s" + nanos + "ns";
    }
}
