package dev.stackd.api.schedule;

import dev.stackd.api.compose.Units;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * When a job fires: a cron expression read by Quartz's {@link CronExpression} in a zone, or a fixed period
 * ({@code @every 10m}) counted from the job's last scheduled time. Fire times have whole seconds (a run's name
 * has its second).
 */
public sealed interface Schedule {
    /** The shortest period of {@code @every}: run names are unique to the second. */
    Duration MIN_EVERY = Duration.ofSeconds(1);

    /** The first fire time strictly after {@code after}, or null when the schedule never fires again. */
    Instant next(Instant after);

    /** The latest fire time in (after, now], or null when none is due. Its work is bounded (see {@link Cron}). */
    Instant latestDue(Instant after, Instant now);

    /** The next {@code n} fire times after {@code from} (fewer when the schedule ends). */
    default List<Instant> next(Instant from, int n) {
        var out = new ArrayList<Instant>();
        Instant t = from;
        for (int i = 0; i < n; i++) {
            t = next(t);
            if (t == null) break;
            out.add(t);
        }
        return out;
    }

    /**
     * Reads a schedule.
     * @throws IllegalArgumentException with a message for the user
     */
    static Schedule parse(String text, ZoneId zone) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("a schedule is needed");
        String s = text.trim();
        if (s.startsWith("@every")) return Every.parse(s.substring("@every".length()).trim());
        String quartz = switch (s.toLowerCase(Locale.ROOT)) {
            case "@yearly", "@annually" -> "0 0 0 1 1 ?";
            case "@monthly" -> "0 0 0 1 * ?";
            case "@weekly" -> "0 0 0 ? * 1";
            case "@daily", "@midnight" -> "0 0 0 * * ?";
            case "@hourly" -> "0 0 * * * ?";
            default -> {
                if (s.startsWith("@")) {
                    throw new IllegalArgumentException("unknown schedule " + quote(s)
                            + ": expected @hourly, @daily, @weekly, @monthly, @yearly or @every <duration>");
                }
                String[] fields = s.split("\\s+");
                yield switch (fields.length) {
                    case 5 -> CronFields.toQuartz(fields);
                    case 6, 7 -> s;
                    default -> throw new IllegalArgumentException("schedule " + quote(s) + " has " + fields.length
                            + " fields: expected five (minute hour day-of-month month day-of-week), or Quartz's six or seven with seconds");
                };
            }
        };
        return Cron.of(quartz, zone, s);
    }

    private static String quote(String s) {
        return "\"" + (s.length() > 60 ? s.substring(0, 60) + "..." : s) + "\"";
    }

    /** A Quartz cron expression (seconds first) in a zone. */
    record Cron(String expression, ZoneId zone) implements Schedule {
        /** At most this many fire times are walked to find the latest one due (a dense schedule after years down). */
        static final int MAX_STEPS = 1_000_000;

        static Cron of(String quartz, ZoneId zone, String written) {
            Cron c;
            try {
                CronFields.checkRanges(quartz);
                CronExpression.validateExpression(quartz);
                c = new Cron(quartz, zone);
                c.parsed();
            } catch (ParseException | RuntimeException e) {
                throw new IllegalArgumentException("invalid schedule " + quote(written) + ": " + e.getMessage());
            }
            if (c.next(Instant.now()) == null) throw new IllegalArgumentException("schedule " + quote(written) + " never fires again");
            return c;
        }

        private CronExpression parsed() {
            try {
                var c = new CronExpression(expression);
                c.setTimeZone(TimeZone.getTimeZone(zone));
                return c;
            } catch (ParseException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }

        @Override
        public Instant next(Instant after) {
            Date d = parsed().getNextValidTimeAfter(Date.from(after));
            return d == null ? null : d.toInstant();
        }

        /**
         * Quartz has no "previous fire time": the fire times are walked forward over windows that end at {@code now} and
         * grow tenfold (a minute, ten minutes, ...), so that a long downtime costs the fires of the last window only.
         */
        @Override
        public Instant latestDue(Instant after, Instant now) {
            CronExpression c = parsed();
            Instant first = nextOf(c, after);
            if (first == null || first.isAfter(now)) return null;
            int steps = 0;
            for (long window = 60; ; window = Math.multiplyExact(window, 10)) {
                Instant from = now.minusSeconds(window);
                if (!from.isAfter(after)) from = after;
                Instant last = null;
                for (Instant t = nextOf(c, from); t != null && !t.isAfter(now) && steps < MAX_STEPS; t = nextOf(c, t), steps++) last = t;
                if (last != null) return last;
                if (from.equals(after)) return first; // unreachable in practice: first is in the window
            }
        }

        private static Instant nextOf(CronExpression c, Instant after) {
            Date d = c.getNextValidTimeAfter(Date.from(after));
            return d == null ? null : d.toInstant();
        }
    }

    /** {@code @every D}: D after the last scheduled time, whole seconds, at least one. */
    record Every(Duration period) implements Schedule {
        static Every parse(String text) {
            Duration d;
            try {
                d = Units.parseDuration(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid @every duration " + quote(text) + ": " + e.getMessage());
            }
            if (d.compareTo(MIN_EVERY) < 0) throw new IllegalArgumentException("@every " + text + ": must be at least 1s");
            if (d.getNano() != 0) throw new IllegalArgumentException("@every " + text + ": must be whole seconds (run names have the second)");
            return new Every(d);
        }

        @Override
        public Instant next(Instant after) {
            return after.plus(period);
        }

        @Override
        public Instant latestDue(Instant after, Instant now) {
            if (now.isBefore(after.plus(period))) return null;
            long periods = Duration.between(after, now).dividedBy(period);
            return after.plus(period.multipliedBy(periods));
        }
    }
}
