package dev.stackd.api.compose;

import java.time.Duration;

/**
 * The range of every number a stack holds, in one place. The parser refuses a value outside its range at the
 * value's path, so nothing wraps, overflows or rounds to "unlimited" on its way to the engine; docs/manifest.md
 * lists the same ranges. Public so that a spec which did not come from a compose file can be held to them too.
 */
public final class Ranges {
    private Ranges() {}

    /** Inclusive bounds. */
    public record Range(long min, long max) {
        public boolean contains(long value) {
            return value >= min && value <= max;
        }

        public String describe() {
            return "between " + min + " and " + max;
        }
    }

    /** scale, deploy.replicas. */
    public static final Range REPLICAS = new Range(0, 1000);
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
