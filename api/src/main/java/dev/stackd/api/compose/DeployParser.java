package dev.stackd.api.compose;

import dev.stackd.api.compose.yaml.YNode;
import dev.stackd.api.model.ServiceSpec.ResourceSpec;

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
            deployReplicas = f.integer(deploy, "replicas", deployPath, Ranges.REPLICAS);
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
        return new Result(replicas, new ResourceSpec(memory, cpus, pids, reservation));
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
