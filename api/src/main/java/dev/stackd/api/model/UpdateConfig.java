package dev.stackd.api.model;

import java.time.Duration;

/**
 * deploy.update_config or deploy.rollback_config: how a service's replicas are replaced when its spec changes (or it
 * is restarted, or rolled back), as Swarm reads them.
 *
 * @param parallelism     replicas replaced at once; 0: all at once
 * @param delay           the wait between two batches, after the first one's replicas succeeded
 * @param failureAction   {@code pause}, {@code continue} or (update_config only) {@code rollback}: back to the previous
 *                        revision's spec of the service, paced by rollback_config
 * @param monitor         how long a new replica must stay running (and healthy, with a healthcheck) to count as a success
 * @param maxFailureRatio the share of failed replicas tolerated (0 to 1) before the failure action
 * @param order           {@code stop-first}: the old one stops before the new one starts ({@code start-first} is
 *                        refused until it is implemented)
 */
public record UpdateConfig(int parallelism, Duration delay, String failureAction, Duration monitor, double maxFailureRatio,
                           String order) {
    /** Swarm's defaults, which the keys fill in. */
    public static final UpdateConfig DEFAULTS = new UpdateConfig(1, Duration.ZERO, "pause", Duration.ofSeconds(5), 0, "stop-first");
}
