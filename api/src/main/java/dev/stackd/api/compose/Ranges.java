package dev.stackd.api.compose;

import java.time.Duration;
import java.util.List;
import java.util.StringJoiner;

/**
 * The range of every number a stack holds, in one place. The parser refuses a value outside its range at the
 * value's path, so nothing wraps, overflows or rounds to "unlimited" on its way to the engine; docs/manifest.md
 * lists the same ranges. Public so that a spec which did not come from a compose file can be held to them too.
 */
public final class Ranges {
    private Ranges() {}

    /** Inclusive bounds, and the values outside them that mean something else ("0: the default", "-1: unlimited"). */
    public record Range(long min, long max, List<Long> also) {
        public Range {
            also = List.copyOf(also);
        }

        public Range(long min, long max) {
            this(min, max, List.of());
        }

        /** This range, and these values too. */
        public Range or(Long... values) {
            return new Range(min, max, List.of(values));
        }

        public boolean contains(long value) {
            return value >= min && value <= max || also.contains(value);
        }

        public String describe() {
            if (also.isEmpty()) return "between " + min + " and " + max;
            var values = new StringJoiner(", ", "", " or between " + min + " and " + max);
            also.forEach(v -> values.add(v.toString()));
            return values.toString();
        }
    }

    /** scale, deploy.replicas. */
    public static final Range REPLICAS = new Range(0, 1000);
    /** deploy.update_config.parallelism and rollback_config's: 0 (all at once) up to the most replicas. */
    public static final Range PARALLELISM = new Range(0, 1000);
    /** deploy.update_config.delay and monitor, rollback_config's: up to a day (a rollout waits that long at most). */
    public static final Duration MAX_ROLLOUT_WAIT = Duration.ofDays(1);
    /** A container or host port. */
    public static final Range PORT = new Range(1, 65535);
    /** cpus, deploy.resources.limits.cpus, in nano-CPUs: 0 (no limit) up to 1024 CPUs. */
    public static final long MAX_CPUS = 1024;
    public static final Range NANO_CPUS = new Range(0, MAX_CPUS * 1_000_000_000L);
    /** mem_limit, mem_reservation, deploy.resources memory, tmpfs size: 0 (no limit) up to what an int64 holds. */
    public static final Range MEMORY_BYTES = new Range(0, Long.MAX_VALUE);
    /** pids_limit, deploy.resources.limits.pids: -1 (unlimited) up to Linux's PID_MAX_LIMIT. */
    public static final Range PIDS = new Range(-1, 4_194_304);
    /** A ulimit's soft and hard values: -1 (unlimited) or any int64. */
    public static final Range ULIMIT = new Range(-1, Long.MAX_VALUE);
    /** healthcheck.retries and the N of restart: on-failure:N, which the engine keeps as an int. */
    public static final Range RETRIES = new Range(0, Integer.MAX_VALUE);
    /** A service network's priority (an int in the engine, negative allowed). */
    public static final Range PRIORITY = new Range(Integer.MIN_VALUE, Integer.MAX_VALUE);
    /** A secret's or config's file mode: permission bits only. */
    public static final Range FILE_MODE = new Range(0, 0777);
    /** A tmpfs mount's mode: permission bits with setuid, setgid and sticky (the engine's default is 01777). */
    public static final Range TMPFS_MODE = new Range(0, 07777);

    /** oom_score_adj: the kernel's range. */
    public static final Range OOM_SCORE_ADJ = new Range(-1000, 1000);
    /** mem_swappiness: a percentage (0 leaves the engine's default, as compose does). */
    public static final Range SWAPPINESS = new Range(0, 100);
    /** cpu_shares: a relative weight, up to the kernel's maximum (0 is the engine's default, 1024). */
    public static final Range CPU_SHARES = new Range(0, 262_144);
    /** cpu_period in microseconds: 0 (the engine's default) or 1 ms to 1 s, the kernel's range. */
    public static final Range CPU_PERIOD = new Range(1000, 1_000_000).or(0L);
    /** cpu_quota in microseconds: -1 (unlimited), 0 (unset), or 1 ms up to the kernel's largest quota (2^44 - 1). */
    public static final Range CPU_QUOTA = new Range(1000, (1L << 44) - 1).or(-1L, 0L);
    /** blkio_config weights: 0 (the engine's default) or 10 to 1000. */
    public static final Range BLKIO_WEIGHT = new Range(10, 1000).or(0L);
    /** blkio_config IO-per-second rates: 0 to what the engine's uint64 holds in a long. */
    public static final Range IOPS = new Range(0, Long.MAX_VALUE);
    /** A device request's count: -1 ("all") up to an int. */
    public static final Range DEVICE_COUNT = new Range(-1, Integer.MAX_VALUE);

    /** A job's retries: the engine restarts a failed run up to this many times. */
    public static final Range JOB_RETRIES = new Range(0, 100);
    /** A job's finished runs kept, of each outcome (Kubernetes keeps 3 succeeded and 1 failed by default). */
    public static final Range JOB_HISTORY = new Range(0, 100);

    /** Every duration: 0 up to 10 years, far below where nanoseconds or the engine's int seconds overflow. */
    public static final Duration MAX_DURATION = Duration.ofDays(3650);
    /** The engine refuses a nonzero healthcheck interval, timeout, start period or start interval below 1 ms. */
    public static final Duration MIN_HEALTHCHECK_DURATION = Duration.ofMillis(1);

    /**
     * Published ports and exposed ports a service may have once ranges are expanded, and a stack in all; a range is
     * refused before it is expanded. Many ports are better served by network_mode: host.
     */
    public static final int MAX_PORTS_PER_SERVICE = 1000;
    public static final int MAX_PORTS_PER_STACK = 10_000;
}
