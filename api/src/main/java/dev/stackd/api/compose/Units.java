package dev.stackd.api.compose;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Compose's duration ("1m30s", "500ms") and byte size ("512m", "1g") notations. */
final class Units {
    private Units() {}

    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");
    private static final Pattern BYTES = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(b?)", Pattern.CASE_INSENSITIVE);

    /** A Go-style duration; null when the text is not one. */
    static Duration duration(String text) {
        String s = text.trim();
        if (s.equals("0")) return Duration.ZERO;
        if (s.isEmpty()) return null;
        Matcher m = DURATION_PART.matcher(s);
        BigDecimal nanos = BigDecimal.ZERO;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) return null;
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
        if (end != s.length()) return null;
        return Duration.ofNanos(nanos.longValue());
    }

    /** Bytes for "512m", "1g", "1.5GB", "100k", "2048" (1024-based, as docker); null when not a size. */
    static Long bytes(String text) {
        Matcher m = BYTES.matcher(text.trim());
        if (!m.matches()) return null;
        int power = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 1;
            case "m" -> 2;
            case "g" -> 3;
            case "t" -> 4;
            default -> 0;
        };
        BigDecimal value = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1024).pow(power));
        return value.longValue();
    }

    /** Nano-CPUs for "0.5", "2". */
    static Long nanoCpus(String text) {
        try {
            BigDecimal cpus = new BigDecimal(text.trim());
            if (cpus.signum() < 0) return null;
            return cpus.multiply(BigDecimal.valueOf(1_000_000_000L)).longValue();
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
