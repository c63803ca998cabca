package dev.stackd.controller.observe;

import java.time.Instant;
import java.util.Set;

/**
 * What the store remembers of one job between reconciles; the engine's run containers tell the rest (which runs
 * exist, which are going), so nothing here can disagree with them for long.
 *
 * @param since          when stackd first saw the job: the first fire time counts from there, not from the epoch
 * @param lastScheduled  the last fire time acted on, started or skipped (null: none yet)
 * @param lastSuccessful when the last successful run finished (null: none yet)
 * @param skipped        fire times skipped so far (concurrency, starting deadline)
 * @param runRequested   a run asked for through the API and not started yet, or null
 * @param recorded       the run containers whose end is recorded (each run's outcome is recorded once)
 */
public record JobState(String service, Instant since, Instant lastScheduled, Instant lastSuccessful, long skipped,
                       Instant runRequested, Set<String> recorded) {
    public JobState {
        recorded = Set.copyOf(recorded);
    }
}
