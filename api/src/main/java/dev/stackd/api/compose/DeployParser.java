package dev.stackd.api.compose;

import dev.stackd.api.compose.yaml.YNode;
import dev.stackd.api.model.ServiceSpec;
import dev.stackd.api.model.ServiceSpec.BlkioDevice;
import dev.stackd.api.model.ServiceSpec.BlkioSpec;
import dev.stackd.api.model.ServiceSpec.DeviceRequest;
import dev.stackd.api.model.ServiceSpec.ResourceSpec;
import dev.stackd.api.model.UpdateConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Replicas (deploy.replicas, scale) and resources: deploy.resources, mem_limit, cpus, mem_reservation, pids_limit,
 * memswap_limit, mem_swappiness, cpu_shares, cpu_period, cpu_quota, cpuset, oom_kill_disable, blkio_config, and
 * the device requests of gpus and deploy.resources.reservations.devices.
 */
final class DeployParser {
    private final Fields f;

    DeployParser(Fields f) {
        this.f = f;
    }

    record Result(int replicas, ResourceSpec resources, UpdateConfig update, UpdateConfig rollback) {}

    Result parse(YNode.Mapping service, String path) {
        String deployPath = Fields.child(path, "deploy");
        YNode.Mapping deploy = service.has("deploy") ? f.mapping(service.get("deploy"), deployPath) : null;
        UpdateConfig update = null;
        UpdateConfig rollback = null;
        YNode.Mapping limits = null;
        YNode.Mapping reservations = null;
        Long deployReplicas = null;
        if (deploy != null) {
            Keys.DEPLOY.check(deploy, deployPath, f.problems());
            String mode = f.string(deploy, "mode", deployPath);
            if (mode != null && !mode.equals("replicated")) {
                f.error(Fields.child(deployPath, "mode"), deploy.get("mode"),
                        "deploy mode \"" + mode + "\" is not supported by stackd: only replicated (one host)");
            }
            deployReplicas = f.integer(deploy, "replicas", deployPath, Ranges.REPLICAS);
            update = updateConfig(deploy, "update_config", deployPath);
            rollback = updateConfig(deploy, "rollback_config", deployPath);
            String resPath = Fields.child(deployPath, "resources");
            YNode.Mapping res = deploy.has("resources") ? f.mapping(deploy.get("resources"), resPath) : null;
            if (res != null) {
                Keys.RESOURCES.check(res, resPath, f.problems());
                limits = sub(res, "limits", resPath, Keys.LIMITS);
                reservations = sub(res, "reservations", resPath, Keys.RESERVATIONS);
            }
        }
        Long scale = f.integer(service, "scale", path, Ranges.REPLICAS);
        int replicas = replicas(service, deployReplicas, scale, path);
        String limitsPath = Fields.child(deployPath, "resources.limits");
        String reservationsPath = Fields.child(deployPath, "resources.reservations");
        Long memory = pick(service, "mem_limit", path, limits, "memory", limitsPath, Units::bytes);
        Long cpus = pick(service, "cpus", path, limits, "cpus", limitsPath, Units::nanoCpus);
        Long pids = pick(service, "pids_limit", path, limits, "pids", limitsPath, s -> Units.integer(s, Ranges.PIDS));
        Long reservation = pick(service, "mem_reservation", path, reservations, "memory", reservationsPath, Units::bytes);
        Long swap = swap(service, path, memory);
        Long swappiness = f.integer(service, "mem_swappiness", path, Ranges.SWAPPINESS);
        Long shares = f.integer(service, "cpu_shares", path, Ranges.CPU_SHARES);
        Long period = f.integer(service, "cpu_period", path, Ranges.CPU_PERIOD);
        Long quota = f.integer(service, "cpu_quota", path, Ranges.CPU_QUOTA);
        String cpuset = cpuset(service, path);
        Boolean oomKillDisable = f.bool(service, "oom_kill_disable", path);
        BlkioSpec blkio = service.has("blkio_config") ? blkio(service.get("blkio_config"), Fields.child(path, "blkio_config")) : null;
        List<DeviceRequest> requests = new ArrayList<>();
        if (reservations != null && reservations.has("devices")) {
            requests.addAll(deviceRequests(reservations.get("devices"), Fields.child(reservationsPath, "devices"), false));
        }
        if (service.has("gpus")) requests.addAll(gpus(service.get("gpus"), Fields.child(path, "gpus")));
        return new Result(replicas, new ResourceSpec(memory, cpus, pids, reservation, swap, swappiness, shares, period, quota,
                cpuset, oomKillDisable, blkio, requests), update, rollback);
    }

    /**
     * deploy.update_config or rollback_config, Swarm's defaults filled in; null when absent. A rollback cannot fail
     * over to a rollback (Swarm refuses it too).
     */
    private UpdateConfig updateConfig(YNode.Mapping deploy, String key, String deployPath) {
        if (!deploy.has(key)) return null;
        String path = Fields.child(deployPath, key);
        YNode.Mapping m = f.mapping(deploy.get(key), path);
        if (m == null) return null;
        Keys.UPDATE_CONFIG.check(m, path, f.problems());
        UpdateConfig d = UpdateConfig.DEFAULTS;
        Long parallelism = f.integer(m, "parallelism", path, Ranges.PARALLELISM);
        Duration delay = rolloutWait(m, "delay", path);
        Duration monitor = rolloutWait(m, "monitor", path);
        String action = f.string(m, "failure_action", path);
        var actions = key.equals("rollback_config") ? java.util.List.of("pause", "continue") : java.util.List.of("pause", "continue", "rollback");
        if (action != null && !actions.contains(action)) {
            f.error(Fields.child(path, "failure_action"), m.get("failure_action"), "invalid failure_action " + Fields.quote(action)
                    + ": expected " + String.join(", ", actions) + (action.equals("rollback") ? " (a rollback that fails cannot roll back)" : ""));
            action = null;
        }
        String order = f.string(m, "order", path);
        if (order != null && !order.equals("stop-first") && !order.equals("start-first")) {
            f.error(Fields.child(path, "order"), m.get("order"), "invalid order " + Fields.quote(order) + ": expected stop-first or start-first");
            order = null;
        }
        Double ratio = f.parsed(m, "max_failure_ratio", path, "max_failure_ratio", DeployParser::ratio);
        return new UpdateConfig(parallelism == null ? d.parallelism() : Math.toIntExact(parallelism), delay == null ? d.delay() : delay,
                action == null ? d.failureAction() : action, monitor == null ? d.monitor() : monitor,
                ratio == null ? d.maxFailureRatio() : ratio, order == null ? d.order() : order);
    }

    /**
     * order: start-first runs the new container beside the old one: refused for a service whose containers cannot be
     * two at once (a fixed host port, a container_name), with the reason. A published range leaves the engine a
     * spare port to pick, when the range has one.
     */
    static void checkStartFirst(Fields f, YNode.Mapping service, String path, ServiceSpec s) {
        for (String key : List.of("update_config", "rollback_config")) {
            UpdateConfig c = key.equals("update_config") ? s.updateConfig() : s.rollbackConfig();
            if (c == null || !"start-first".equals(c.order())) continue;
            YNode at = service.get("deploy") instanceof YNode.Mapping d && d.get(key) instanceof YNode.Mapping u ? u.get("order") : null;
            String where = Fields.child(Fields.child(Fields.child(path, "deploy"), key), "order");
            if (s.containerName() != null) {
                f.error(where, at, "order start-first starts the new container beside the old one: two containers cannot"
                        + " both be named " + Fields.quote(s.containerName()) + " (container_name); use stop-first");
            }
            s.ports().stream().filter(p -> p.published() != null && p.publishedEnd() == null).findFirst().ifPresent(p ->
                    f.error(where, at, "order start-first starts the new container beside the old one: two containers cannot"
                            + " both publish host port " + p.published() + "/" + p.protocol() + "; use stop-first, or publish a range or no host port"));
            s.networks().entrySet().stream().filter(e -> e.getValue() != null && e.getValue().ipv4Address() != null).findFirst()
                    .ifPresent(e -> f.error(where, at, "order start-first starts the new container beside the old one: two containers"
                            + " cannot both have address " + e.getValue().ipv4Address() + " on network " + e.getKey() + "; use stop-first"));
            String mode = s.networkMode();
            if (mode != null && (mode.equals("host") || mode.startsWith("service:") || mode.startsWith("container:"))) {
                f.error(where, at, "order start-first starts the new container beside the old one: with network_mode " + mode
                        + " both would listen on the same ports; use stop-first");
            }
        }
    }

    private Duration rolloutWait(YNode.Mapping m, String key, String path) {
        Duration d = f.duration(m, key, path);
        if (d != null && d.compareTo(Ranges.MAX_ROLLOUT_WAIT) > 0) {
            f.error(Fields.child(path, key), m.get(key), key + " is longer than a day, the longest a rollout waits");
            return null;
        }
        return d;
    }

    /** A share between 0 and 1 ("0.25"), as Swarm's max_failure_ratio. */
    static double ratio(String text) throws Units.Invalid {
        double v;
        try {
            v = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new Units.Invalid("expected a number between 0 and 1");
        }
        if (!(v >= 0 && v <= 1)) throw new Units.Invalid("expected a number between 0 and 1");
        return v;
    }

    /** memswap_limit: bytes or -1 (unlimited swap); the engine needs mem_limit with it, and no less than it. */
    private Long swap(YNode.Mapping service, String path, Long memory) {
        String at = Fields.child(path, "memswap_limit");
        String text = f.string(service, "memswap_limit", path);
        if (text == null) return null;
        Long swap = text.trim().equals("-1") ? Long.valueOf(-1) : f.parsed(service, "memswap_limit", path, "memswap_limit", Units::bytes);
        if (swap == null || swap == 0) return swap;
        if (memory == null || memory == 0) {
            f.error(at, service.get("memswap_limit"), "memswap_limit needs mem_limit (or deploy.resources.limits.memory): the engine refuses swap without a memory limit");
        } else if (swap > 0 && swap < memory) {
            f.error(at, service.get("memswap_limit"), "memswap_limit (" + swap + " bytes) is below the memory limit (" + memory
                    + " bytes): it counts memory plus swap, so it must be at least the memory limit, or -1");
        }
        return swap;
    }

    private static final java.util.regex.Pattern CPUSET = java.util.regex.Pattern.compile("\\d{1,4}(-\\d{1,4})?(,\\d{1,4}(-\\d{1,4})?)*");

    /** cpuset: CPU numbers and ranges ("0-3,6"); the engine refuses CPUs the host does not have. */
    private String cpuset(YNode.Mapping service, String path) {
        String cpuset = f.string(service, "cpuset", path);
        if (cpuset != null && !CPUSET.matcher(cpuset).matches()) {
            f.error(Fields.child(path, "cpuset"), service.get("cpuset"), "invalid cpuset " + Fields.quote(cpuset) + ": expected CPU numbers and ranges, e.g. 0-3,6");
            return null;
        }
        return cpuset;
    }

    private BlkioSpec blkio(YNode n, String path) {
        YNode.Mapping m = f.mapping(n, path);
        if (m == null) return null;
        Keys.BLKIO.check(m, path, f.problems());
        Long weight = f.integer(m, "weight", path, Ranges.BLKIO_WEIGHT);
        return new BlkioSpec(weight == null ? null : Math.toIntExact(weight),
                blkioDevices(m, "weight_device", path, "weight"),
                blkioDevices(m, "device_read_bps", path, "rate"), blkioDevices(m, "device_read_iops", path, "rate"),
                blkioDevices(m, "device_write_bps", path, "rate"), blkioDevices(m, "device_write_iops", path, "rate"));
    }

    /** A list of {path, weight} or {path, rate}: rates in bytes for *_bps ("10m"), numbers otherwise. */
    private List<BlkioDevice> blkioDevices(YNode.Mapping blkio, String key, String path, String valueKey) {
        String at = Fields.child(path, key);
        if (!blkio.has(key)) return List.of();
        List<YNode> items = f.items(blkio.get(key), at);
        if (items == null) return List.of();
        List<BlkioDevice> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String iAt = Fields.index(at, i);
            YNode.Mapping d = f.mapping(items.get(i), iAt);
            if (d == null) continue;
            (valueKey.equals("weight") ? Keys.BLKIO_WEIGHT : Keys.BLKIO_RATE).check(d, iAt, f.problems());
            String device = f.string(d, "path", iAt);
            Long value = valueKey.equals("weight") ? f.integer(d, "weight", iAt, Ranges.BLKIO_WEIGHT)
                    : key.endsWith("_bps") ? f.parsed(d, "rate", iAt, "rate", Units::bytes)
                    : f.integer(d, "rate", iAt, Ranges.IOPS);
            if (device == null || !device.startsWith("/")) {
                f.error(Fields.child(iAt, "path"), d.has("path") ? d.get("path") : d, "a blkio device needs the absolute path of a block device, e.g. /dev/sda");
            } else if (value == null) {
                if (!d.has(valueKey)) f.error(iAt, d, "a blkio device needs a " + valueKey);
            } else {
                out.add(new BlkioDevice(device, value));
            }
        }
        return out;
    }

    /** gpus: "all", or a list of device requests; each asks for the "gpu" capability too, as compose does. */
    private List<DeviceRequest> gpus(YNode n, String path) {
        if (n instanceof YNode.Scalar s && !s.isNull()) {
            if (!s.text().equals("all")) f.error(path, n, "invalid gpus " + Fields.quote(s.text()) + ": expected all or a list of device requests");
            return List.of(new DeviceRequest(null, -1, null, List.of("gpu"), null));
        }
        return deviceRequests(n, path, true);
    }

    /** Device requests; count "all" is -1, and neither count nor device_ids means all, as compose-go does. */
    private List<DeviceRequest> deviceRequests(YNode n, String path, boolean gpu) {
        List<YNode> items = f.items(n, path);
        if (items == null) return List.of();
        List<DeviceRequest> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String at = Fields.index(path, i);
            YNode.Mapping d = f.mapping(items.get(i), at);
            if (d == null) continue;
            Keys.DEVICE_REQUEST.check(d, at, f.problems());
            List<String> capabilities = f.list(d.get("capabilities"), Fields.child(at, "capabilities"));
            if (capabilities == null && !gpu && !d.has("capabilities")) {
                f.error(at, d, "a device reservation needs capabilities (e.g. [gpu])");
            }
            List<String> caps = new ArrayList<>(capabilities == null ? List.of() : capabilities);
            if (gpu) caps.add("gpu");
            String countText = f.string(d, "count", at);
            Long count = null;
            if (countText != null) {
                count = countText.equalsIgnoreCase("all") ? Long.valueOf(-1) : f.integer(d, "count", at, Ranges.DEVICE_COUNT);
            }
            List<String> ids = f.list(d.get("device_ids"), Fields.child(at, "device_ids"));
            if (countText != null && d.has("device_ids")) {
                f.error(at, d, "count and device_ids cannot be used together: count asks for any devices, device_ids for these ones");
            }
            if (countText == null && !d.has("device_ids")) count = -1L;
            out.add(new DeviceRequest(f.string(d, "driver", at), count == null ? null : Math.toIntExact(count), ids, caps,
                    f.keyValues(d.get("options"), Fields.child(at, "options"), '=', k -> "")));
        }
        return out;
    }

    /** deploy.replicas or scale, each already in range; 1 when neither is set (or either is invalid). */
    private int replicas(YNode.Mapping service, Long deployReplicas, Long scale, String path) {
        if (deployReplicas != null && scale != null && !deployReplicas.equals(scale)) {
            f.error(Fields.child(path, "scale"), service.get("scale"),
                    "scale (" + scale + ") and deploy.replicas (" + deployReplicas + ") disagree: set only one");
        }
        Long value = deployReplicas != null ? deployReplicas : scale;
        return value == null ? 1 : Math.toIntExact(value);
    }

    private YNode.Mapping sub(YNode.Mapping m, String key, String path, KeyTable table) {
        if (!m.has(key)) return null;
        String at = Fields.child(path, key);
        YNode.Mapping sub = f.mapping(m.get(key), at);
        if (sub != null) table.check(sub, at, f.problems());
        return sub;
    }

    /** A value set by a service key or by deploy.resources; both set and different is an error. */
    private Long pick(YNode.Mapping service, String key, String path, YNode.Mapping deploy, String deployKey,
                      String deployPath, Fields.Notation<Long> notation) {
        Long a = f.parsed(service, key, path, key, notation);
        Long b = deploy == null ? null : f.parsed(deploy, deployKey, deployPath, deployKey, notation);
        if (a != null && b != null && !a.equals(b)) {
            f.error(Fields.child(path, key), service.get(key),
                    key + " and " + Fields.child(deployPath, deployKey) + " disagree: set only one");
        }
        return b != null ? b : a;
    }
}
