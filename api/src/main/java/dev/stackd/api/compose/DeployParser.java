package dev.stackd.api.compose;

import dev.stackd.api.compose.yaml.YNode;
import dev.stackd.api.model.ServiceSpec.ResourceSpec;
import java.util.function.Function;

/** Replicas (deploy.replicas, scale) and resources (deploy.resources, mem_limit, cpus, mem_reservation, pids_limit). */
final class DeployParser {
    private final Fields f;

    DeployParser(Fields f) {
        this.f = f;
    }

    record Result(int replicas, ResourceSpec resources) {}

    Result parse(YNode.Mapping service, String path) {
        String deployPath = Fields.child(path, "deploy");
        YNode.Mapping deploy = service.has("deploy") ? f.mapping(service.get("deploy"), deployPath) : null;
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
            deployReplicas = f.integer(deploy, "replicas", deployPath);
            String resPath = Fields.child(deployPath, "resources");
            YNode.Mapping res = deploy.has("resources") ? f.mapping(deploy.get("resources"), resPath) : null;
            if (res != null) {
                Keys.RESOURCES.check(res, resPath, f.problems());
                limits = sub(res, "limits", resPath, Keys.LIMITS);
                reservations = sub(res, "reservations", resPath, Keys.RESERVATIONS);
            }
        }
        Long scale = f.integer(service, "scale", path);
        int replicas = replicas(service, deploy, deployReplicas, scale, path);
        String limitsPath = Fields.child(deployPath, "resources.limits");
        String reservationsPath = Fields.child(deployPath, "resources.reservations");
        Long memory = pick(service, "mem_limit", path, limits, "memory", limitsPath, Units::bytes, "a byte size like 512m or 1g");
        Long cpus = pick(service, "cpus", path, limits, "cpus", limitsPath, Units::nanoCpus, "a number of CPUs like 0.5 or 2");
        Long pids = pick(service, "pids_limit", path, limits, "pids", limitsPath, DeployParser::integer, "an integer");
        Long reservation = pick(service, "mem_reservation", path, reservations, "memory", reservationsPath, Units::bytes,
                "a byte size like 512m or 1g");
        return new Result(replicas, new ResourceSpec(memory, cpus, pids, reservation));
    }

    private int replicas(YNode.Mapping service, YNode.Mapping deploy, Long deployReplicas, Long scale, String path) {
        if (deployReplicas != null && scale != null && !deployReplicas.equals(scale)) {
            f.error(Fields.child(path, "scale"), service.get("scale"),
                    "scale (" + scale + ") and deploy.replicas (" + deployReplicas + ") disagree: set only one");
        }
        Long value = deployReplicas != null ? deployReplicas : scale;
        if (value == null) return 1;
        if (value < 0) {
            String at = deployReplicas != null ? Fields.child(path, "deploy.replicas") : Fields.child(path, "scale");
            f.error(at, deployReplicas != null ? deploy.get("replicas") : service.get("scale"), "replicas must not be negative, got " + value);
            return 1;
        }
        return value.intValue();
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
                      String deployPath, Function<String, Long> parse, String expected) {
        Long a = value(service, key, path, parse, expected);
        Long b = deploy == null ? null : value(deploy, deployKey, deployPath, parse, expected);
        if (a != null && b != null && !a.equals(b)) {
            f.error(Fields.child(path, key), service.get(key),
                    key + " and " + Fields.child(deployPath, deployKey) + " disagree: set only one");
        }
        return b != null ? b : a;
    }

    private Long value(YNode.Mapping m, String key, String path, Function<String, Long> parse, String expected) {
        String s = f.string(m, key, path);
        if (s == null) return null;
        Long v = parse.apply(s);
        if (v == null || v < 0) f.error(Fields.child(path, key), m.get(key), "invalid " + key + " \"" + s + "\": expected " + expected);
        return v == null || v < 0 ? null : v;
    }

    private static Long integer(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
