package dev.stackd.controller.engine;

/** The labels stackd puts on what it creates; compose's labels too, so docker compose ls/ps show stackd's stacks. */
public final class Labels {
    private Labels() {}

    public static final String STACK = "dev.stackd.stack";
    public static final String SERVICE = "dev.stackd.service";
    public static final String REPLICA = "dev.stackd.replica";
    /** On containers, the service's hash; on networks, their settings' hash (absent on those made before stackd wrote it). */
    public static final String SPEC_HASH = "dev.stackd.spec-hash";
    public static final String NETWORK = "dev.stackd.network";
    public static final String VOLUME = "dev.stackd.volume";
    /**
     * Never on an engine object: the observer adds it, with stackd's other labels, to a container or network stackd
     * adopted from docker compose (whose labels cannot change); on a container its value says what differed from the
     * spec, empty when nothing did.
     */
    public static final String ADOPTED = "dev.stackd.adopted";

    /** On a job's run container: the time it was scheduled for (ISO-8601, UTC); a run has no replica. */
    public static final String JOB_RUN = "dev.stackd.job-run";
    /** On a run: when stackd created it (ISO-8601): its timeout and duration count from there. */
    public static final String JOB_CREATED = "dev.stackd.job-created";
    /** On a run: "schedule", or "manual" for a run asked for through the API (it does not move the schedule). */
    public static final String JOB_TRIGGER = "dev.stackd.job-trigger";

    public static final String COMPOSE_PROJECT = "com.docker.compose.project";
    public static final String COMPOSE_SERVICE = "com.docker.compose.service";
    public static final String COMPOSE_CONTAINER_NUMBER = "com.docker.compose.container-number";
    public static final String COMPOSE_ONEOFF = "com.docker.compose.oneoff";
    public static final String COMPOSE_CONFIG_HASH = "com.docker.compose.config-hash";
    public static final String COMPOSE_NETWORK = "com.docker.compose.network";
    public static final String COMPOSE_VOLUME = "com.docker.compose.volume";
}
