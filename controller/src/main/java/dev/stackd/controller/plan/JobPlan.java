package dev.stackd.controller.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What one reconcile does for a stack's jobs: per job, engine operations (run by the {@code Executor} as a plan's
 * service step, in order) and the decisions the store and the events must hear of. Made by {@link JobPlanner}.
 *
 * @param requeueAfter when to look again: the next fire time, a timeout, a dependency (null: never for jobs)
 */
public record JobPlan(String stack, List<Step> steps, Duration requeueAfter) {
    public JobPlan {
        steps = List.copyOf(steps);
    }

    /**
     * One job's part.
     *
     * @param nextFire the next fire time after those acted on (null: suspended, or the schedule ends)
     * @param lastScheduled the last fire time acted on, this pass's included
     * @param waiting  why a due run does not start yet (its dependencies), or null
     */
    public record Step(String service, List<Operation> operations, List<Decision> decisions, Instant nextFire, Instant lastScheduled,
                       String waiting) {
        public Step {
            operations = List.copyOf(operations);
            decisions = List.copyOf(decisions);
        }
    }

    /** What a step decided besides its engine calls. */
    public sealed interface Decision {
        String render();

        /** The job is new to the store: its schedule counts from {@code since}. */
        record Known(Instant since) implements Decision {
            public String render() { return "known since " + since; }
        }

        /** A run starts (its create and start are operations); once started, {@code scheduledFor} is acted on. */
        record Start(String run, Instant scheduledFor, boolean manual, String cause) implements Decision {
            public String render() { return "start " + run + " for " + scheduledFor + (manual ? " (manual)" : "") + ": " + cause; }
        }

        record Skip(Instant scheduledFor, String why) implements Decision {
            public String render() { return "skip " + scheduledFor + ": " + why; }
        }

        /** A run ended: recorded once. {@code restarts}: the engine's retries of it. */
        record Finish(String run, boolean succeeded, int exitCode, Duration duration, int restarts, Instant finishedAt) implements Decision {
            public String render() {
                return "record " + run + " " + (succeeded ? "succeeded" : "failed (exit code " + exitCode + ")") + " after " + duration
                        + (restarts > 0 ? ", " + restarts + " retries" : "");
            }
        }

        record TimeOut(String run, Duration timeout) implements Decision {
            public String render() { return "time out " + run + " after " + timeout; }
        }
    }

    public boolean hasOperations() {
        return steps.stream().anyMatch(s -> !s.operations().isEmpty());
    }

    /** Stable text, for tests and logs. */
    public String render() {
        var b = new StringBuilder("jobs of stack ").append(stack).append('\n');
        for (var s : steps) {
            b.append("job ").append(s.service()).append(":\n");
            for (var op : s.operations()) b.append("  ").append(op.render()).append('\n');
            for (var d : s.decisions()) b.append("  ").append(d.render()).append('\n');
            if (s.waiting() != null) b.append("  waiting: ").append(s.waiting()).append('\n');
            b.append("  next ").append(s.nextFire()).append('\n');
        }
        if (requeueAfter != null) b.append("requeue after ").append(requeueAfter.toMillis()).append("ms\n");
        return b.toString();
    }
}
