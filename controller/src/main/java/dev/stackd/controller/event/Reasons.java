package dev.stackd.controller.event;

import java.util.Map;
import java.util.Set;

/**
 * Every reason stackd records an event with, in one place (as sample-controller's constants): the executor's for
 * operations that succeeded and failed, the planner's notices, the reconciler's own. The metrics count events by
 * these ({@link #ALL}), so a reason missing here is counted as "Other".
 */
public final class Reasons {
    private Reasons() {}

    // an operation done, one per kind of operation (Operation.reason())
    public static final String NETWORK_CREATED = "NetworkCreated";
    public static final String NETWORK_RECREATED = "NetworkRecreated";
    public static final String NETWORK_REMOVED = "NetworkRemoved";
    public static final String RECONNECTED = "Reconnected";
    public static final String DISCONNECTED = "Disconnected";
    public static final String VOLUME_CREATED = "VolumeCreated";
    public static final String VOLUME_REMOVED = "VolumeRemoved";
    public static final String PULLED = "Pulled";
    public static final String BUILT = "Built";
    public static final String CREATED = "Created";
    public static final String STARTED = "Started";
    public static final String STOPPED = "Stopped";
    public static final String RESTARTED = "Restarted";
    public static final String REMOVED = "Removed";
    public static final String RECREATED = "Recreated";
    public static final String ADOPTED = "Adopted";

    // an operation failed (the executor)
    public static final String ENGINE_UNAVAILABLE = "EngineUnavailable";
    public static final String PULL_FAILED = "PullFailed";
    public static final String BUILD_FAILED = "BuildFailed";
    public static final String CREATE_FAILED = "CreateFailed";
    public static final String FAILED_CREATE = "FailedCreate";
    public static final String FAILED_REMOVE = "FailedRemove";
    public static final String FAILED_CONNECT = "FailedConnect";
    public static final String FAILED_DISCONNECT = "FailedDisconnect";
    public static final String FAILED_START = "FailedStart";
    public static final String FAILED_STOP = "FailedStop";
    public static final String FAILED_RESTART = "FailedRestart";
    public static final String FAILED_RENAME = "FailedRename";
    public static final String FAILED_ADOPT = "FailedAdopt";
    /** A failed operation of a verb {@link #failed} does not know (a test keeps that table complete). */
    public static final String FAILED = "Failed";

    // the planner's notices (an image missing is also a failed create: the engine did not find it)
    public static final String IMAGE_MISSING = "ImageMissing";
    public static final String NAME_CONFLICT = "NameConflict";
    public static final String BACK_OFF = "BackOff";
    public static final String WAITING_FOR_DEPENDENCY = "WaitingForDependency";
    public static final String NETWORK_MISSING = "NetworkMissing";
    public static final String VOLUME_MISSING = "VolumeMissing";
    public static final String VOLUME_CONFIG_DRIFT = "VolumeConfigDrift";
    public static final String COMPOSE_PROJECT_FOUND = "ComposeProjectFound";

    // restarts and rollouts (the planner's notices and the Progressing condition)
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

    // scheduled jobs (JobRunner)
    /** The next fire time, said when a job is first seen and after each fire time is acted on. */
    public static final String JOB_SCHEDULED = "JobScheduled";
    public static final String JOB_STARTED = "JobStarted";
    public static final String JOB_SUCCEEDED = "JobSucceeded";
    /** Warning: a run exited non-zero (after its retries), with its exit code and duration. */
    public static final String JOB_FAILED = "JobFailed";
    /** A fire time not run: a run still going (Forbid), or past its starting deadline. */
    public static final String JOB_SKIPPED = "JobSkipped";
    /** Warning: a run went past its timeout and was stopped. */
    public static final String JOB_TIMED_OUT = "JobTimedOut";

    // rollbacks (failure_action: rollback) and stored pauses
    /** A warning, while it lasts: a generation's updated replicas failed; the service goes back to an earlier revision's spec. */
    public static final String ROLLING_BACK = "RollingBack";
    /** Once, when every replica of the service is back on the earlier spec; the failed generation is not tried again. */
    public static final String ROLLED_BACK = "RolledBack";

    // the reconciler's
    public static final String INVALID_SPEC = "InvalidSpec";
    public static final String DELETED = "Deleted";

    // the reconciler's, from a service's rollout status: each once, from the transitions of the stored status
    /** A rollout of a new spec or image began (its generation, replicas, batches, order). */
    public static final String ROLLOUT_STARTED = "RolloutStarted";
    /** A replica runs the rollout's generation and succeeded (ready, and ran monitor). */
    public static final String REPLICA_UPDATED = "ReplicaUpdated";
    /** Warning: a replica's new container failed (exit code, unhealthy, not healthy within its limit, restarted). */
    public static final String REPLICA_UPDATE_FAILED = "ReplicaUpdateFailed";
    /** Every replica runs the rollout's generation (its duration). */
    public static final String ROLLOUT_COMPLETED = "RolloutCompleted";

    public static final Set<String> ALL = Set.of(
            NETWORK_CREATED, NETWORK_RECREATED, NETWORK_REMOVED, RECONNECTED, DISCONNECTED, VOLUME_CREATED,
            VOLUME_REMOVED, PULLED, BUILT, CREATED, STARTED, STOPPED, RESTARTED, REMOVED, RECREATED, ADOPTED,
            ENGINE_UNAVAILABLE, PULL_FAILED, BUILD_FAILED, CREATE_FAILED, FAILED_CREATE, FAILED_REMOVE, FAILED_CONNECT,
            FAILED_DISCONNECT, FAILED_START, FAILED_STOP, FAILED_RESTART, FAILED_RENAME, FAILED_ADOPT, FAILED,
            IMAGE_MISSING, NAME_CONFLICT, BACK_OFF, WAITING_FOR_DEPENDENCY, NETWORK_MISSING, VOLUME_MISSING,
            VOLUME_CONFIG_DRIFT, COMPOSE_PROJECT_FOUND, INVALID_SPEC, DELETED, WAITING_FOR_RESTARTED_REPLICA,
            WAITING_FOR_UPDATED_REPLICA, ROLLOUT_DELAY, ROLLOUT_PAUSED, JOB_SCHEDULED, JOB_STARTED, JOB_SUCCEEDED, JOB_FAILED,
            JOB_SKIPPED, JOB_TIMED_OUT, ROLLING_BACK, ROLLED_BACK, ROLLOUT_STARTED, REPLICA_UPDATED, REPLICA_UPDATE_FAILED,
            ROLLOUT_COMPLETED);

    private static final Map<String, String> FAILED_BY_VERB = Map.of("create", FAILED_CREATE, "remove", FAILED_REMOVE,
            "connect", FAILED_CONNECT, "disconnect", FAILED_DISCONNECT, "start", FAILED_START, "stop", FAILED_STOP,
            "restart", FAILED_RESTART, "rename", FAILED_RENAME, "adopt", FAILED_ADOPT);

    /** The reason of a failed operation of that verb ("start": FailedStart); pulls, builds and container creates have their own. */
    public static String failed(String verb) {
        return FAILED_BY_VERB.getOrDefault(verb, FAILED);
    }
}
