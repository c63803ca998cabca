package dev.stackd.api.schedule;

import dev.stackd.api.model.JobSpec;
import dev.stackd.api.model.ServiceSpec;
import dev.stackd.api.model.StackSpec;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The next fire times of a stack's jobs, as {@code validate} and a dry run show them. */
public final class NextFires {
    /** How many fire times are shown. */
    public static final int SHOWN = 5;

    private NextFires() {}

    /** One job's: its schedule, its zone, and the next fire times after {@code now} ({@code @every}: counted from now). */
    public record Job(String service, String schedule, String zone, boolean suspended, List<Instant> next) {
        public Job {
            next = List.copyOf(next);
        }

        /** "job backup: "0 3 * * *" in Europe/Berlin, next 2025-01-02T03:00+01:00, ..." */
        public String line() {
            String times = next.stream().map(t -> ZonedDateTime.ofInstant(t, java.time.ZoneId.of(zone))
                    .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).collect(Collectors.joining(", "));
            return "job " + service + ": \"" + schedule + "\" in " + zone + (suspended ? " (suspended)" : "")
                    + (next.isEmpty() ? ", never fires again" : ", next " + times);
        }
    }

    public static List<Job> of(StackSpec stack, Instant now) {
        var out = new ArrayList<Job>();
        for (ServiceSpec s : stack.services().values()) {
            JobSpec j = s.stackd().job();
            if (j == null) continue;
            out.add(new Job(s.name(), j.schedule(), j.zone().getId(), j.suspend(), j.parsedSchedule().next(now, SHOWN)));
        }
        return out;
    }
}
