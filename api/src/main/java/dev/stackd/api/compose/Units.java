package dev.stackd.api.compose;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compose's duration ("1m30s", "500ms"), byte size ("512m", "1g") and CPU ("0.5") notations, read exactly: a value
 * that does not fit its range, or that is nonzero but rounds to zero, is refused rather than wrapped or rounded
 * to "no limit". Text longer than {@link #MAX_CHARS} is refused before any pattern or arithmetic sees it, so the
 * work of one value is bounded whatever its length.
 */
public final class Units {
    private Units() {}

    /** Longer than any value in range needs ("3650d" is "87600h"); bounds the regex and BigDecimal work. */
    static final int MAX_CHARS = 32;

    /** Why a text is not a valid value; the message is for the user, after "invalid KEY "TEXT": ". */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");
    private static final Pattern BYTES = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(b?)", Pattern.CASE_INSENSITIVE);
    private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);
    private static final BigDecimal MAX_DURATION_NANOS = BigDecimal.valueOf(Ranges.MAX_DURATION.toNanos());

    /**
     * A duration as compose files write them ("90s", "1m30s", "500ms", "1.5h"), for every other reader of durations
     * (command-line flags): one syntax everywhere.
     *
     * @throws IllegalArgumentException with a message naming what was expected
     */
    public static Duration parseDuration(String text) {
        try {
            return duration(text);
        } catch (Invalid e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /** A Go-style duration, 0 up to {@link Ranges#MAX_DURATION}. */
    static Duration duration(String text) throws Invalid {
        String s = bounded(text);
        if (s.equals("0")) return Duration.ZERO;
        Matcher m = DURATION_PART.matcher(s);
        BigDecimal nanos = BigDecimal.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            end = m.end();
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)));
        }
        if (end == 0 || end != s.length()) throw new Invalid("expected e.g. 10s, 1m30s, 500ms or 1h");
        if (nanos.compareTo(MAX_DURATION_NANOS) > 0) throw new Invalid("longer than " + Ranges.MAX_DURATION.toDays() + " days");
        return Duration.ofNanos(whole(nanos, "a nonzero duration under one nanosecond"));
    }

    /** Bytes for "512m", "1g", "1.5GB", "100k", "2048" (1024-based, as docker), rounded down. */
    static long bytes(String text) throws Invalid {
        Matcher m = BYTES.matcher(bounded(text));
        if (!m.matches()) throw new Invalid("expected a byte size like 512m or 1g");
        int power = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 1;
            case "m" -> 2;
            case "g" -> 3;
            case "t" -> 4;
            default -> 0;
        };
        BigDecimal value = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1024).pow(power));
        if (value.compareTo(BigDecimal.valueOf(Ranges.MEMORY_BYTES.max())) > 0) {
            throw new Invalid("more than " + Ranges.MEMORY_BYTES.max() + " bytes");
        }
        return whole(value, "a nonzero size under one byte");
    }

    /** Octal permission bits ("1777", "0755", "0o700"), as the engine reads a tmpfs mode; within {@code range}. */
    static int octalMode(String text, Ranges.Range range) throws Invalid {
        String t = bounded(text);
        String digits = t.startsWith("0o") || t.startsWith("0O") ? t.substring(2) : t;
        if (digits.isEmpty() || digits.length() > 12 || !digits.chars().allMatch(c -> c >= '0' && c <= '7')) {
            throw new Invalid("expected octal permission bits like 1777 or 0755");
        }
        long mode = Long.parseLong(digits, 8);
        if (!range.contains(mode)) throw new Invalid("expected a mode between 0 and " + Long.toOctalString(range.max()) + " (octal)");
        return (int) mode;
    }

    /** Nano-CPUs for "0.5", "2", "1e-3": 0 (no limit) up to {@link Ranges#MAX_CPUS}. */
    static long nanoCpus(String text) throws Invalid {
        BigDecimal cpus;
        try {
            cpus = new BigDecimal(bounded(text));
        } catch (NumberFormatException e) {
            throw new Invalid("expected a number of CPUs like 0.5 or 2");
        }
        if (cpus.signum() < 0) throw new Invalid("must not be negative");
        // compareTo looks at the exponents first: cheap even for 1e999999 or 1e-999999
        if (cpus.compareTo(BigDecimal.valueOf(Ranges.MAX_CPUS)) > 0) throw new Invalid("more than " + Ranges.MAX_CPUS + " CPUs");
        return whole(cpus.multiply(NANOS_PER_SECOND), "a nonzero value under one nano-CPU (0.000000001)");
    }

    /** An integer within range. */
    static long integer(String text, Ranges.Range range) throws Invalid {
        String t = text.trim();
        if (!isInteger(t)) throw new Invalid("expected an integer");
        Long v = parseLong(t);
        if (v == null || !range.contains(v)) throw new Invalid("must be " + range.describe());
        return v;
    }

    static boolean isInteger(String text) {
        return INTEGER.matcher(text).matches();
    }

    /** An optionally signed digit string as a long; null when it does not fit (more digits are never parsed). */
    static Long parseLong(String digits) {
        if (digits.length() > 20) return null;
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String bounded(String text) throws Invalid {
        String s = text.trim();
        if (s.length() > MAX_CHARS) throw new Invalid("longer than " + MAX_CHARS + " characters");
        return s;
    }

    /**
     * A non-negative value already known to fit a long, rounded down; a nonzero value that would round to 0 is
     * refused (0 means "no limit" to the engine). Values under 1 are checked before any rounding, which for a
     * value like 1e-999999 would cost a division by 10^999999.
     */
    private static long whole(BigDecimal value, String underOne) throws Invalid {
        if (value.signum() > 0 && value.compareTo(BigDecimal.ONE) < 0) throw new Invalid(underOne);
        return value.longValue();
    }
}
