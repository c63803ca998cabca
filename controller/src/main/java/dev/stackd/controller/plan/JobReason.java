package dev.stackd.controller.plan;

/** The reasons of a job's events, in one place (sample-controller's reason constants). */
public final class JobReason {
    private JobReason() {}

    /** The next fire time, said when a job is first seen and after each fire time is acted on. */
    public static final String SCHEDULED = "JobScheduled";
    public static final String STARTED = "JobStarted";
    public static final String SUCCEEDED = "JobSucceeded";
    /** Warning: a run exited non-zero (after its retries), with its exit code and duration. */
    public static final String FAILED = "JobFailed";
    /** A fire time not run: a run still going (Forbid), or past its starting deadline. */
    public static final String SKIPPED = "JobSkipped";
    /** Warning: a run went past its timeout and was stopped. */
    public static final String TIMED_OUT = "JobTimedOut";
}
