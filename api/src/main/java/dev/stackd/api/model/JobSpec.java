package dev.stackd.api.model;

import dev.stackd.api.schedule.Schedule;
import java.time.Duration;
import java.time.ZoneId;

/**
 * A service's job settings (its x-stackd block has a schedule): the service is not started at apply; each time the
 * schedule fires, stackd runs one container of it to completion. Meanings and defaults as Kubernetes' CronJob.
 *
 * @param schedule         as written: five-field cron, {@code @hourly} and the like, {@code @every 10m}, or Quartz's
 *                         six/seven fields with seconds
 * @param timezone         an IANA zone name; null: the host's zone
 * @param startingDeadline a run not started within this after its time is skipped; null: no deadline
 * @param timeout          a run still going after this is stopped and counts as failed; null: none
 * @param retries          a failed run is restarted (by the engine, with its backoff) up to this many times
 */
public record JobSpec(String schedule, String timezone, Concurrency concurrency, Duration startingDeadline,
                      History history, boolean suspend, Duration timeout, int retries) {

    public enum Concurrency { Allow, Forbid, Replace }

    /** Finished run containers kept, of each outcome; older ones are removed. */
    public record History(int succeeded, int failed) {
        public static final History DEFAULT = new History(3, 1);
    }

    public JobSpec {
        if (concurrency == null) concurrency = Concurrency.Forbid;
        if (history == null) history = History.DEFAULT;
    }

    /** The zone the schedule is read in. Not a component: derived, never serialised. */
    public ZoneId zone() {
        return timezone == null ? ZoneId.systemDefault() : ZoneId.of(timezone);
    }

    /** The parsed schedule (valid: the loader checked it). */
    public Schedule parsedSchedule() {
        return Schedule.parse(schedule, zone());
    }
}
