package dev.stackd.controller.plan;

/**
 * The event and condition reasons of restarts and rollouts, in one place (the planner's notices, the status and the
 * reconciler use them; the tests compare with them).
 */
public final class RolloutReasons {
    private RolloutReasons() {}

    /** A notice: a restart holds its next replica back until the one restarted before is ready again. */
    public static final String WAITING_FOR_RESTARTED_REPLICA = "WaitingForRestartedReplica";
    /** A notice: a rollout holds its next batch back until the replicas updated before are a success. */
    public static final String WAITING_FOR_UPDATED_REPLICA = "WaitingForUpdatedReplica";
    /** A notice: a rollout waits for update_config.delay between two batches. */
    public static final String ROLLOUT_DELAY = "RolloutDelay";
    /** A warning: updated replicas failed over max_failure_ratio; no more replicas are updated. */
    public static final String ROLLOUT_PAUSED = "RolloutPaused";
    /** The Progressing condition's reason while a rollout of a new spec has replicas left to update. */
    public static final String ROLLING_OUT = "RollingOut";
    /** The Progressing condition's reason while a restart request has replicas left to restart. */
    public static final String RESTARTING = "Restarting";
}
