package dev.stackd.api.compose;

import dev.stackd.api.compose.yaml.YNode;
import dev.stackd.api.model.JobSpec;
import dev.stackd.api.model.JobSpec.Concurrency;
import dev.stackd.api.model.JobSpec.History;
import dev.stackd.api.model.ServiceSpec;
import dev.stackd.api.schedule.Schedule;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;

/**
 * The job keys of a service's x-stackd block (a schedule makes the service a job), and what a job excludes: settings
 * of a long-running service (restart, replicas, container_name), and other services depending on it.
 */
final class JobParser {
    /** The x-stackd keys that only a job has. */
    static final Set<String> JOB_KEYS = Set.of("schedule", "timezone", "concurrency", "starting-deadline", "history", "suspend",
            "timeout", "retries");

    private final Fields f;

    JobParser(Fields f) {
        this.f = f;
    }

    /** The job, or null when the block has no job key. {@code path} is the x-stackd block's. */
    JobSpec parse(YNode.Mapping m, String path) {
        if (JOB_KEYS.stream().noneMatch(m::has)) return null;
        String schedule = f.string(m, "schedule", path);
        if (!m.has("schedule")) {
            String key = JOB_KEYS.stream().filter(m::has).sorted().findFirst().orElseThrow();
            f.error(Fields.child(path, key), m.get(key), key + " is a job's setting: the x-stackd block needs a schedule");
        }
        String timezone = f.string(m, "timezone", path);
        ZoneId zone = ZoneId.systemDefault();
        if (timezone != null) {
            if (ZoneId.getAvailableZoneIds().contains(timezone)) {
                zone = ZoneId.of(timezone);
            } else {
                f.error(Fields.child(path, "timezone"), m.get("timezone"), "unknown time zone " + Fields.quote(timezone)
                        + ": expected an IANA name such as UTC or Europe/Berlin");
                timezone = null;
            }
        }
        if (schedule != null) {
            try {
                Schedule.parse(schedule, zone);
            } catch (IllegalArgumentException e) {
                f.error(Fields.child(path, "schedule"), m.get("schedule"), e.getMessage());
            }
        }
        return new JobSpec(schedule, timezone, concurrency(m, path), positive(m, "starting-deadline", path),
                history(m.get("history"), Fields.child(path, "history")), Boolean.TRUE.equals(f.bool(m, "suspend", path)),
                positive(m, "timeout", path), intOr(f.integer(m, "retries", path, Ranges.JOB_RETRIES), 0));
    }

    private Concurrency concurrency(YNode.Mapping m, String path) {
        String c = f.string(m, "concurrency", path);
        if (c == null) return Concurrency.Forbid;
        for (Concurrency v : Concurrency.values()) if (v.name().equals(c)) return v;
        f.error(Fields.child(path, "concurrency"), m.get("concurrency"),
                "invalid concurrency " + Fields.quote(c) + ": expected Allow, Forbid or Replace");
        return Concurrency.Forbid;
    }

    /** A duration above zero, or null when unset. */
    private Duration positive(YNode.Mapping m, String key, String path) {
        Duration d = f.duration(m, key, path);
        if (d != null && d.compareTo(Duration.ofSeconds(1)) < 0) {
            f.error(Fields.child(path, key), m.get(key), key + " must be at least 1s, got " + d.toMillis() + "ms");
            return null;
        }
        return d;
    }

    private History history(YNode n, String path) {
        if (n == null) return History.DEFAULT;
        YNode.Mapping m = f.mapping(n, path);
        if (m == null) return History.DEFAULT;
        Keys.JOB_HISTORY.check(m, path, f.problems());
        return new History(intOr(f.integer(m, "succeeded", path, Ranges.JOB_HISTORY), History.DEFAULT.succeeded()),
                intOr(f.integer(m, "failed", path, Ranges.JOB_HISTORY), History.DEFAULT.failed()));
    }

    private static int intOr(Long v, int otherwise) {
        return v == null ? otherwise : v.intValue();
    }

    /** What a job's service may not have: its runs are stackd's to restart, count and name. */
    static void checkService(Fields f, YNode.Mapping m, String path, ServiceSpec s) {
        if (s.stackd().job() == null) return;
        if (s.restart() != null && !s.restart().equals("no")) {
            f.error(Fields.child(path, "restart"), m.get("restart"), "a job's runs are not restarted by a restart policy:"
                    + " use x-stackd.retries");
        }
        if (s.replicas() != 1) {
            String key = m.has("scale") ? "scale" : "deploy";
            f.error(Fields.child(path, key), m.get(key), "a job runs one container per run: replicas must be 1, got " + s.replicas());
        }
        if (s.containerName() != null) {
            f.error(Fields.child(path, "container_name"), m.get("container_name"),
                    "a job's runs are named {stack}-{service}-{time}: container_name cannot be set");
        }
    }

    /** No service may depend on a job: a job is not running between its runs. */
    static void checkDependents(Fields f, Map<String, ServiceSpec> services, Map<String, YNode.Entry> entries) {
        for (ServiceSpec s : services.values()) {
            for (String dep : s.dependencies()) {
                ServiceSpec target = services.get(dep);
                if (target == null || target.stackd().job() == null) continue;
                String key = s.dependsOn().containsKey(dep) ? "depends_on" : "network_mode";
                YNode at = entries.get(s.name()).value() instanceof YNode.Mapping m && m.has(key) ? m.get(key) : entries.get(s.name()).value();
                f.error("services." + s.name() + "." + key + (key.equals("depends_on") ? "." + dep : ""), at,
                        "service " + dep + " is a job (x-stackd.schedule): no service may depend on it");
            }
        }
    }
}
