package dev.stackd.controller.plan;

import dev.stackd.controller.event.Reasons;
import dev.stackd.api.model.ServiceSpec;
import dev.stackd.api.model.StackSpec;
import dev.stackd.api.model.UpdateConfig;
import dev.stackd.controller.engine.Labels;
import dev.stackd.controller.engine.Names;
import dev.stackd.controller.engine.ObservedContainer;
import dev.stackd.controller.engine.ObservedContainer.Health;
import dev.stackd.controller.engine.ObservedContainer.State;
import dev.stackd.controller.observe.ObservedState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How a service's running replicas move to what is asked of them, batch by batch ({@code deploy.update_config}):
 * a new spec or image (each replaced by a recreate), or the user's restart request (each restarted). One mechanism
 * for both: a restart is a rollout with the same spec.
 * <p>
 * Level-triggered: read again on every pass from the containers alone (their spec hash, image and start time), so
 * a restart of stackd goes on where it was. A replica is <em>outdated</em> while it runs an older spec or image or
 * was started before the restart request; <em>in flight</em> once replaced and not yet a success (ready, and running
 * for {@code monitor}); <em>failed</em> when its replacement exited, is unhealthy, or was not healthy within its
 * healthcheck's {@code start_period + interval * retries}. The next batch of {@code parallelism} outdated replicas
 * goes only when none is in flight and {@code delay} has passed since the last one succeeded. Failures (only of
 * replicas this rollout created: {@link #ofThisRollout}) over {@code max_failure_ratio} decide the failure action
 * ({@link Plan.Hold}, which the reconciler stores, so that it stays): {@code pause} (the others keep the previous
 * spec), {@code rollback} (the service runs the previous revision's spec, paced by rollback_config), or {@code
 * continue}. Replicas that are not running (missing, exited, created) are not held back: they are down already.
 *
 * @param outdated the running replicas still to replace, in replica order
 * @param allowed  the replicas this pass may replace
 */
record ServiceRollout(UpdateConfig config, List<ObservedContainer> outdated, Set<Integer> allowed) {

    /** A replaced replica that failed, and why ("exited (code 1)", "unhealthy", "not healthy within 35s"). */
    record Failure(ObservedContainer container, String reason) {}

    /** Whether this replica is outdated and waits for a later batch. */
    boolean holds(int replica) {
        return outdated.stream().anyMatch(c -> c.replica() == replica) && !allowed.contains(replica);
    }

    /** Whether the replica is outdated only because of the restart request (restart it, do not recreate it). */
    static boolean restartOnly(StackSpec desired, ServiceSpec s, ObservedContainer c, String hash, ObservedState observed) {
        return cause(desired, s, c, hash, observed) == null;
    }

    static ServiceRollout of(StackSpec desired, ServiceSpec s, ObservedState observed, Inventory inventory, String hash,
                             Findings findings) {
        var state = observed.rollout();
        var hold = state.hold(s.name());
        // a rollback runs the earlier spec (RollbackSpec put it in desired), paced by the failed spec's rollback_config
        boolean rollingBack = hold != null && hold.rollingBack();
        UpdateConfig config = rollingBack ? hold.config() : s.updateConfig() == null ? UpdateConfig.DEFAULTS : s.updateConfig();
        Instant now = observed.takenAt();
        Instant requested = observed.restartRequests().get(s.name());
        // when this rollout began: a rollback's decision, else the generation's apply (null: not known)
        Instant since = rollingBack ? hold.heldAt() : state.appliedAt();
        int total = ServiceWork.replicas(s);
        var outdated = new ArrayList<ObservedContainer>();
        var inFlight = new ArrayList<ObservedContainer>();
        var failed = new ArrayList<Failure>();
        boolean spec = false;
        int behind = 0;
        Instant lastStart = null;
        for (int r = 1; r <= total; r++) {
            var c = inventory.current(s.name(), r);
            if (c == null || c.state() == State.PAUSED) continue; // a paused one is the user's: neither replaced nor waited for
            if (c.state() == State.RUNNING && cause(desired, s, c, hash, observed) != null) {
                outdated.add(c);
                spec = true;
                continue;
            }
            if (c.state() == State.RUNNING && requested != null && (c.startedAt() == null || c.startedAt().isBefore(requested))) {
                outdated.add(c);
                continue;
            }
            // a rollback's replica that is down on the failed spec: the repair recreates it, the rollback is not over
            if (rollingBack && cause(desired, s, c, hash, observed) != null) behind++;
            String failure = failure(s, c, now);
            if (failure != null) {
                if (ofThisRollout(s, c, config, since, requested, now)) failed.add(new Failure(c, failure));
            } else if (!succeeded(s, c, config, now)) inFlight.add(c);
            if (c.startedAt() != null && (lastStart == null || c.startedAt().isAfter(lastStart))) lastStart = c.startedAt();
        }
        var target = dev.stackd.controller.event.ObjectRef.service(s.name());
        String progress = (rollingBack ? "rollback of generation " + hold.generation() + " to generation " + hold.toGeneration()
                + "'s spec: " + (total - outdated.size() - behind) + "/" + total + " replicas back"
                : spec || requested == null ? "update: " + (total - outdated.size()) + "/" + total + " replicas updated"
                : "restart requested at " + requested + ": " + (total - outdated.size()) + "/" + total + " replicas restarted")
                + " (batches of " + (config.parallelism() == 0 ? "all" : config.parallelism()) + ")";
        if (hold != null && !rollingBack) {
            // stored: the rollout stays paused whatever the failed replica does since, until a resume or a new apply
            findings.notice(Notice.warning(Reasons.ROLLOUT_PAUSED, s.name(), target, progress + "; generation "
                    + hold.generation() + " paused after " + hold.reason() + " (stackd rollout resume, or a new apply, goes on)"));
            return new ServiceRollout(config, outdated, Set.of());
        }
        // a rollout is under way while replicas are left to replace, or its generation changed the service (its last
        // batch may fail too), or it rolls back; else a crash is the repair's, not a failed update
        boolean active = !outdated.isEmpty() || rollingBack || state.updated().contains(s.name());
        if (active && !failed.isEmpty() && failed.size() > config.maxFailureRatio() * total && !config.failureAction().equals("continue")) {
            String reasons = String.join(", ", failed.stream().map(f -> f.container().name() + " " + f.reason()).toList());
            if (rollingBack) {
                // a rollback that fails pauses while it fails (rollback_config cannot say rollback): not stored
                findings.notice(Notice.warning(Reasons.ROLLOUT_PAUSED, s.name(), target, progress + "; the rollback paused after "
                        + reasons + "; the other replicas keep running what they ran"));
            } else if (config.failureAction().equals("rollback")) {
                findings.hold(new Plan.Hold(s.name(), true, reasons));
                findings.notice(Notice.warning(Reasons.ROLLING_BACK, s.name(), target, progress + "; " + generation(state)
                        + " failed: " + reasons + "; rolling back to the previous revision's spec"));
            } else {
                findings.hold(new Plan.Hold(s.name(), false, reasons));
                findings.notice(Notice.warning(Reasons.ROLLOUT_PAUSED, s.name(), target, progress + "; " + generation(state)
                        + " paused after " + reasons
                        + "; the other replicas keep running what they ran (stackd rollout resume, or a new apply, goes on)"));
            }
            return new ServiceRollout(config, outdated, Set.of());
        }
        // a rollback is over once its replicas are back and a success (the reconciler records RolledBack then, once)
        boolean rollbackGoing = rollingBack && hold.doneAt() == null;
        if (outdated.isEmpty() && (!rollbackGoing || (inFlight.isEmpty() && behind == 0))) return new ServiceRollout(config, List.of(), Set.of());
        if (rollbackGoing) {
            findings.notice(Notice.warning(Reasons.ROLLING_BACK, s.name(), target, progress + "; generation "
                    + hold.generation() + " failed: " + hold.reason()));
        }
        if (!inFlight.isEmpty()) {
            var c = inFlight.getFirst();
            findings.notice(Notice.normal(spec || rollingBack ? Reasons.WAITING_FOR_UPDATED_REPLICA : Reasons.WAITING_FOR_RESTARTED_REPLICA,
                    s.name(), target, progress + "; waiting for " + c.name() + " to " + waitingFor(s, c, config, now)));
            findings.requeue(wait(s, c, config, now));
            return new ServiceRollout(config, outdated, Set.of());
        }
        if (lastStart != null && !config.delay().isZero()) {
            Instant next = lastStart.plus(config.monitor()).plus(config.delay());
            if (next.isAfter(now)) {
                findings.notice(Notice.normal(Reasons.ROLLOUT_DELAY, s.name(), target, progress + "; next batch at " + next
                        + " (delay " + config.delay().toSeconds() + "s)"));
                findings.requeue(Duration.between(now, next));
                return new ServiceRollout(config, outdated, Set.of());
            }
        }
        int batch = config.parallelism() == 0 ? outdated.size() : Math.min(config.parallelism(), outdated.size());
        var allowed = new HashSet<Integer>();
        for (var c : outdated.subList(0, batch)) allowed.add(c.replica());
        return new ServiceRollout(config, outdated, allowed);
    }

    private static String generation(dev.stackd.controller.observe.RolloutState state) {
        return state.generation() > 0 ? "generation " + state.generation() : "the update";
    }

    /**
     * Whether a failed replica failed in this rollout: its container was created (or, for a restart request,
     * started) by it, after the rollout began, and failed before it could have been a success (within the old one's
     * stop, its health limit and monitor). A replica that ran longer was a success; its crash is the repair's.
     */
    static boolean ofThisRollout(ServiceSpec s, ObservedContainer c, UpdateConfig config, Instant since, Instant requested,
                                 Instant now) {
        Instant anchor = c.createdAt();
        if (requested != null && (anchor == null || anchor.isBefore(requested))) {
            // not recreated since the request: restarted by it, when it started after it
            anchor = c.startedAt() != null && !c.startedAt().isBefore(requested) ? c.startedAt() : null;
        } else if (anchor == null) {
            anchor = c.startedAt(); // the engine did not say when it was created: its start is the closest
        } else if (since != null && anchor.isBefore(since)) {
            return false; // created before this generation: an earlier rollout's replica
        }
        if (anchor == null) return false;
        Duration limit = healthLimit(s) == null ? Duration.ZERO : healthLimit(s);
        Duration grace = s.stopGracePeriod() == null ? Duration.ofSeconds(10) : s.stopGracePeriod();
        Instant failedAt;
        if (c.state() == State.EXITED || c.state() == State.DEAD) failedAt = c.finishedAt() != null ? c.finishedAt() : now;
        else failedAt = c.startedAt() != null ? c.startedAt().plus(limit) : now; // the earliest its health can have failed
        return !failedAt.isAfter(anchor.plus(grace).plus(config.monitor()).plus(limit));
    }

    /**
     * Why a running replica must be replaced by a recreate that a rollout paces, or null: the spec or the image
     * changed. Other causes (dead, a recreated network or volume, an adopted container that differs) are repairs of
     * something broken or taken over: not paced.
     */
    static String cause(StackSpec desired, ServiceSpec s, ObservedContainer c, String hash, ObservedState observed) {
        String adopted = c.labels().get(Labels.ADOPTED);
        if (adopted != null && !adopted.isEmpty()) return null;
        if (!hash.equals(c.specHash())) return "spec changed";
        String imageId = observed.images().get(Names.image(desired.name(), s));
        if (imageId != null && c.imageId() != null && !imageId.equals(c.imageId())) return "image changed";
        return null;
    }

    /** Why a replaced replica counts as failed, or null. */
    static String failure(ServiceSpec s, ObservedContainer c, Instant now) {
        if (c.state() == State.EXITED && !ServiceWork.completed(s, c)) return "exited (code " + c.exitCode() + ")";
        if (c.state() == State.DEAD) return "dead";
        if (c.health() == Health.UNHEALTHY) return "unhealthy";
        Duration limit = healthLimit(s);
        if (c.state() == State.RUNNING && c.health() == Health.STARTING && limit != null && c.startedAt() != null
                && c.startedAt().plus(limit).isBefore(now)) return "not healthy within " + limit.toSeconds() + "s";
        return null;
    }

    /** A success: ready (running and healthy or unchecked, or a completed one-shot) and running for monitor. */
    static boolean succeeded(ServiceSpec s, ObservedContainer c, UpdateConfig config, Instant now) {
        if (ServiceWork.completed(s, c)) return true;
        return ServiceWork.ready(s, c) && c.startedAt() != null && !c.startedAt().plus(config.monitor()).isAfter(now);
    }

    /** How long a new replica may take to turn healthy: start_period + interval * retries (the engine's defaults 0, 30 s, 3). */
    static Duration healthLimit(ServiceSpec s) {
        var h = s.healthcheck();
        if (h == null || h.disable() || h.test() == null || (!h.test().isEmpty() && h.test().getFirst().equals("NONE"))) return null;
        Duration interval = h.interval() == null ? Duration.ofSeconds(30) : h.interval();
        int retries = h.retries() == null ? 3 : h.retries();
        Duration start = h.startPeriod() == null ? Duration.ZERO : h.startPeriod();
        return start.plus(interval.multipliedBy(retries));
    }

    private static String waitingFor(ServiceSpec s, ObservedContainer c, UpdateConfig config, Instant now) {
        if (!ServiceWork.ready(s, c)) {
            return "be ready (" + (c.state() == State.RUNNING ? "health " + lower(c.health()) : lower(c.state())) + ")";
        }
        return "run " + config.monitor().toSeconds() + "s (monitor)";
    }

    /** Until the replica has run for monitor when it is ready (only time is missing); else soon. */
    private static Duration wait(ServiceSpec s, ObservedContainer c, UpdateConfig config, Instant now) {
        if (ServiceWork.ready(s, c) && c.startedAt() != null) {
            Duration left = Duration.between(now, c.startedAt().plus(config.monitor()));
            return left.isNegative() ? Duration.ZERO : left;
        }
        return Planner.DEPENDENCY_WAIT;
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
