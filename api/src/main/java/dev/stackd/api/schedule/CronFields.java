package dev.stackd.api.schedule;

import java.util.Locale;
import java.util.StringJoiner;
import java.util.TreeSet;

/**
 * The classic five-field cron (minute hour day-of-month month day-of-week) in Quartz's terms: a seconds field of 0
 * first, "?" for the day field left open, and the days of the week renumbered (cron's 0 and 7 are Sunday, Quartz's
 * Sunday is 1). Cron runs on either day field when both are restricted; Quartz cannot say that, so it is refused.
 */
final class CronFields {
    private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

    private CronFields() {}

    static String toQuartz(String[] f) {
        String dom = f[2], dow = f[4];
        boolean domOpen = dom.equals("*") || dom.equals("?");
        boolean dowOpen = dow.equals("*") || dow.equals("?");
        if (!domOpen && !dowOpen) {
            throw new IllegalArgumentException("day-of-month (" + dom + ") and day-of-week (" + dow + ") are both set: cron runs on"
                    + " either, which Quartz cannot express; set one of them to *, or use the six-field form");
        }
        String quartzDom = domOpen && !dowOpen ? "?" : domOpen ? "*" : dom;
        String quartzDow = dowOpen ? "?" : daysOfWeek(dow);
        return String.join(" ", "0", f[0], f[1], quartzDom, f[3], quartzDow);
    }

    /** A day-of-week list (0-7 or SUN-SAT, ranges, steps) as the explicit list of Quartz's day numbers (1-7). */
    static String daysOfWeek(String field) {
        var days = new TreeSet<Integer>();
        for (String item : field.split(",", -1)) {
            String range = item;
            int step = 1;
            int slash = item.indexOf('/');
            if (slash >= 0) {
                range = item.substring(0, slash);
                step = number(item.substring(slash + 1), field, 1, 7);
            }
            int from, to;
            if (range.equals("*")) {
                from = 0;
                to = 6;
            } else if (range.contains("-")) {
                String[] ends = range.split("-", -1);
                if (ends.length != 2) throw invalid(field);
                from = day(ends[0], field);
                to = day(ends[1], field);
                if (to < from) throw new IllegalArgumentException("day-of-week range " + range + " runs backwards");
            } else {
                from = day(range, field);
                to = slash >= 0 ? 6 : from; // "1/2": from Monday on, every other day (as cron reads it)
            }
            for (int d = from; d <= to; d += step) days.add(d % 7);
        }
        var out = new StringJoiner(",");
        days.forEach(d -> out.add(Integer.toString(d + 1)));
        return out.toString();
    }

    /** 0-7 (7 is Sunday again, kept as 7 so that a range 5-7 reads) or a day's three letters. */
    private static int day(String s, String field) {
        String upper = s.toUpperCase(Locale.ROOT);
        for (int i = 0; i < DAYS.length; i++) if (DAYS[i].equals(upper)) return i;
        return number(s, field, 0, 7);
    }

    private static int number(String s, String field, int min, int max) {
        if (s.isEmpty() || s.length() > 2 || !s.chars().allMatch(Character::isDigit)) throw invalid(field);
        int v = Integer.parseInt(s);
        if (v < min || v > max) throw new IllegalArgumentException("day-of-week " + field + ": " + v + " is not between " + min + " and " + max);
        return v;
    }

    private static final String[] NAMES = {"second", "minute", "hour", "day-of-month", "month", "day-of-week", "year"};
    private static final int[][] RANGES = {{0, 59}, {0, 59}, {0, 23}, {1, 31}, {1, 12}, {1, 7}, {1970, 2199}};
    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("(?<![#\\d])\\d+");

    /**
     * Every number of a Quartz expression within its field's range: Quartz itself lets some through (a minute of
     * 99 parses, and then never fires). The n of {@code 6#3} (the third Friday) is Quartz's to check.
     */
    static void checkRanges(String quartz) {
        String[] f = quartz.trim().split("\\s+");
        for (int i = 0; i < f.length && i < NAMES.length; i++) {
            var m = NUMBER.matcher(f[i]);
            while (m.find()) {
                if (m.group().length() > 4) throw new IllegalArgumentException(NAMES[i] + " " + m.group() + " is out of range");
                int v = Integer.parseInt(m.group());
                boolean step = m.start() > 0 && f[i].charAt(m.start() - 1) == '/';
                int min = step ? 1 : RANGES[i][0];
                if (v < min || v > RANGES[i][1]) {
                    throw new IllegalArgumentException(NAMES[i] + (step ? " step " : " ") + v + " is not between " + min + " and " + RANGES[i][1]);
                }
            }
        }
    }

    private static IllegalArgumentException invalid(String field) {
        return new IllegalArgumentException("invalid day-of-week \"" + (field.length() > 40 ? field.substring(0, 40) + "..." : field)
                + "\": expected 0-7 or SUN-SAT, with ranges (1-5), lists (1,3) and steps (*/2)");
    }
}
