package dev.stackd.controller.plan;

/**
 * The event and condition reasons of restarts and rollouts, in one place (the planner's notices, the status and the
 * reconciler use them; the tests compare with them).
 */
public final class RolloutReasons {
    private RolloutReasons() {}

    /** A notice: a restart holds its next replica back until the one restarted before is ready again. */
    public static final String WAITING_FOR_RESTARTED_REPLICA = "WaitingForRestartedReplica";
    /** The Progressing condition's reason while a restart request has replicas left to restart. */
    public static final String RESTARTING = "Restarting";
}
