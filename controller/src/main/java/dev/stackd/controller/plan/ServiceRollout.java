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
import java.util.Map;
import java.util.TreeMap;
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
 * replicas this rollout created: {@link #ofThisRollout}; a start-first replacement is by definition) over {@code
 * max_failure_ratio} decide the failure action ({@link Plan.Hold}, which the reconciler stores, so that it stays):
 * {@code pause} (the others keep the previous spec; in-flight start-first replacements finish or go, no new one
 * starts, no failed one is tried again), {@code rollback} (the service runs the previous revision's spec, paced by
 * rollback_config, by the same steps), or {@code continue}. Replicas that are not running (missing, exited,
 * created) are not held back: they are down already.
 * <p>
 * {@code order: start-first} (a new spec or image; a restart request restarts in place): the replica's new container
 * is created under the temporary name and started beside the old one, on the same networks with the same aliases;
 * the old one serves until the new one is a success, then it is stopped and removed and the new one takes the
 * replica's name ({@link Step#FINISH}). The temporary container running the desired spec beside the outdated one is
 * the replica's update in flight, read again from the containers on every pass (see {@link Inventory#pending}). A new
 * container that fails is removed and the old one keeps running ({@link Step#ABANDON}); the removal is a step of the
 * replica's crash loop ({@code RestartBackoff}), so the replica counts as failed under this spec and is tried again
 * once its back-off has passed.
 *
 * @param outdated the running replicas still to replace, in replica order
 * @param allowed  the replicas this pass may replace
 * @param beside   the start-first steps of this pass, by replica
 * @param progress where a rollout of a new spec or image stands (null: none under way), for the status
 */
record ServiceRollout(UpdateConfig config, List<ObservedContainer> outdated, Set<Integer> allowed, Map<Integer, Beside> beside,
                      RolloutProgress progress) {

    /** A replaced replica that failed, and why ("exited (code 1)", "unhealthy", "not healthy within 35s"). */
    record Failure(ObservedContainer container, String reason) {}

    /** What start-first does with a replica this pass. */
    enum Step {
        /** Create the new container under the temporary name and start it beside the old one. */
        CREATE,
        /** Start the new container that waits under the temporary name (a pass was interrupted after creating it). */
        START,
        /** The new one runs and is no success yet: nothing to do, the old one serves. */
        WAIT,
        /** The new one is a success: stop and remove the old one, the new one takes the replica's name. */
        FINISH,
        /** The new one failed: remove it, the old one keeps running. */
        ABANDON
    }

    /**
     * A start-first step.
     *
     * @param old    the outdated container that serves meanwhile
     * @param temp   the new one under the temporary name (null for CREATE)
     * @param reason why the new one failed (ABANDON), else null
     */
    record Beside(Step step, ObservedContainer old, ObservedContainer temp, String reason) {}


    /** Whether this replica is outdated and waits for a later batch. */
    boolean holds(int replica) {
        return outdated.stream().anyMatch(c -> c.replica() == replica) && !allowed.contains(replica);
    }

    /** The replica's start-first step this pass, or null (not start-first, or nothing beside it). */
    Beside beside(int replica) {
        return beside.get(replica);
    }

    /**
     * What paces the service's replicas now: a rollback's is the failed spec's rollback_config (RollbackSpec put the
     * earlier spec, with its own update_config, in desired), else the service's update_config, else Swarm's defaults.
     */
    static UpdateConfig config(ServiceSpec s, dev.stackd.controller.observe.RolloutState state) {
        var hold = state.hold(s.name());
        if (hold != null && hold.rollingBack()) return hold.config();
        return s.updateConfig() == null ? UpdateConfig.DEFAULTS : s.updateConfig();
    }

    static boolean startFirst(UpdateConfig config) {
        return "start-first".equals(config.order());
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
        UpdateConfig config = config(s, state);
        Instant now = observed.takenAt();
        Instant requested = observed.restartRequests().get(s.name());
        // when this rollout began: a rollback's decision, else the generation's apply (null: not known)
        Instant since = rollingBack ? hold.heldAt() : state.appliedAt();
        int total = ServiceWork.replicas(s);
        var outdated = new ArrayList<ObservedContainer>();
        var inFlight = new ArrayList<ObservedContainer>();
        var failed = new ArrayList<Failure>();
        var updated = new ArrayList<Integer>();
        int remembered = 0; // start-first replicas whose new container failed before (RestartBackoff)
        boolean spec = false;
        int behind = 0;
        Instant lastStart = null;
        boolean startFirst = startFirst(config);
        var beside = new TreeMap<Integer, Beside>();
        var retries = new ArrayList<ObservedContainer>(); // start-first replicas whose back-off has passed
        Instant retryAt = null;
        for (int r = 1; r <= total; r++) {
            var c = inventory.current(s.name(), r);
            if (c == null || c.state() == State.PAUSED) continue; // a paused one is the user's: neither replaced nor waited for
            if (c.state() == State.RUNNING && cause(desired, s, c, hash, observed) != null) {
                spec = true;
                var temp = startFirst ? inventory.pending(s.name(), r) : null;
                if (temp == null) {
                    outdated.add(c);
                    var record = startFirst ? observed.restartsOf(c) : null;
                    if (record != null) {
                        // its new container failed under this spec and was removed: a failure while it backs off, then
                        // tried again (after a resume too: a failure that is over does not pause the rollout anew)
                        if (record.nextRetryAt() == null || !record.nextRetryAt().isAfter(now)) retries.add(c);
                        else {
                            remembered++;
                            if (retryAt == null || record.nextRetryAt().isBefore(retryAt)) retryAt = record.nextRetryAt();
                        }
                    }
                    continue;
                }
                // a replacement beside the old one is this rollout's by definition: its failure counts
                String failure = temp.state() == State.CREATED ? null : replacementFailure(s, temp, now);
                if (failure != null) {
                    failed.add(new Failure(temp, failure));
                    beside.put(r, new Beside(Step.ABANDON, c, temp, failure));
                } else if (temp.state() == State.CREATED) {
                    inFlight.add(temp);
                    beside.put(r, new Beside(Step.START, c, temp, null));
                } else if (succeeded(s, temp, config, now)) {
                    beside.put(r, new Beside(Step.FINISH, c, temp, null));
                    updated.add(r);
                    if (temp.startedAt() != null && (lastStart == null || temp.startedAt().isAfter(lastStart))) lastStart = temp.startedAt();
                } else {
                    inFlight.add(temp);
                    beside.put(r, new Beside(Step.WAIT, c, temp, null));
                }
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
            else if (hash.equals(c.specHash())) updated.add(r);
            if (c.startedAt() != null && (lastStart == null || c.startedAt().isAfter(lastStart))) lastStart = c.startedAt();
        }
        int batchSize = config.parallelism() == 0 ? Math.max(1, total) : config.parallelism();
        int inProgress = (int) beside.values().stream().filter(b -> b.step() != Step.FINISH).count()
                + (int) inFlight.stream().filter(c -> !Names.isTemp(c.name())).count();
        var failures = failed.stream().map(f -> new RolloutProgress.ReplicaFailure(f.container().replica(), f.container().id(), f.reason())).toList();
        java.util.function.Function<String, RolloutProgress> progress = st -> new RolloutProgress(total, List.copyOf(updated), failures,
                Math.min(ceil(total, batchSize), ceil(updated.size() + Math.max(1, inProgress), batchSize)), ceil(total, batchSize),
                st, config.order());
        String going = rollingBack ? RolloutProgress.ROLLING_BACK : RolloutProgress.PROGRESSING;
        var target = dev.stackd.controller.event.ObjectRef.service(s.name());
        int notOutdated = total - outdated.size() - (int) beside.values().stream().filter(b -> b.step() != Step.FINISH && b.temp() != null).count();
        String progressText = (rollingBack ? "rollback of generation " + hold.generation() + " to generation " + hold.toGeneration()
                + "'s spec: " + (notOutdated - behind) + "/" + total + " replicas back"
                : spec || requested == null ? "update: " + notOutdated + "/" + total + " replicas updated"
                : "restart requested at " + requested + ": " + (total - outdated.size()) + "/" + total + " replicas restarted")
                + " (batches of " + (config.parallelism() == 0 ? "all" : config.parallelism()) + (startFirst && (spec || rollingBack) ? ", start-first" : "") + ")";
        if (hold != null && !rollingBack) {
            // stored: the rollout stays paused whatever the failed replica does since, until a resume or a new apply;
            // replacements already beside finish or go (no temporary container stays), none starts, none is retried
            findings.notice(Notice.warning(Reasons.ROLLOUT_PAUSED, s.name(), target, progressText + "; generation "
                    + hold.generation() + " paused after " + hold.reason() + " (stackd rollout resume, or a new apply, goes on)"));
            return new ServiceRollout(config, outdated, Set.of(), beside, spec ? progress.apply(RolloutProgress.PAUSED) : null);
        }
        // the retries of failed start-first replicas go once their back-off passed, whatever the batches wait for
        var retrying = new HashSet<Integer>();
        for (var c : retries) {
            retrying.add(c.replica());
            beside.put(c.replica(), new Beside(Step.CREATE, c, null, null));
        }
        if (retryAt != null) findings.requeue(Duration.between(now, retryAt));
        // a rollout is under way while replicas are left to replace, or its generation changed the service (its last
        // batch may fail too), or it rolls back; else a crash is the repair's, not a failed update
        boolean active = !outdated.isEmpty() || !beside.isEmpty() || rollingBack || state.updated().contains(s.name());
        int failing = failed.size() + remembered;
        if (active && failing > 0 && failing > config.maxFailureRatio() * total && !config.failureAction().equals("continue")) {
            var all = new ArrayList<>(failed.stream().map(f -> f.container().name() + " " + f.reason()).toList());
            if (remembered > 0) all.add(remembered + (remembered == 1 ? " replica whose" : " replicas whose")
                    + " new container failed before" + (retryAt == null ? "" : " (next try at " + retryAt + ")"));
            String reasons = String.join(", ", all);
            // no new replacement starts and none is tried again; failed ones go (ABANDON), succeeded ones finish
            beside.values().removeIf(b -> b.step() == Step.CREATE);
            if (rollingBack) {
                // a rollback that fails pauses while it fails (rollback_config cannot say rollback): not stored
                findings.notice(Notice.warning(Reasons.ROLLOUT_PAUSED, s.name(), target, progressText + "; the rollback paused after "
                        + reasons + "; the other replicas keep running what they ran"));
                return new ServiceRollout(config, outdated, Set.of(), beside, progress.apply(RolloutProgress.PAUSED));
            } else if (config.failureAction().equals("rollback")) {
                findings.hold(new Plan.Hold(s.name(), true, reasons));
                findings.notice(Notice.warning(Reasons.ROLLING_BACK, s.name(), target, progressText + "; " + generation(state)
                        + " failed: " + reasons + "; rolling back to the previous revision's spec"));
                return new ServiceRollout(config, outdated, Set.of(), beside, spec ? progress.apply(RolloutProgress.PROGRESSING) : null);
            }
            findings.hold(new Plan.Hold(s.name(), false, reasons));
            findings.notice(Notice.warning(Reasons.ROLLOUT_PAUSED, s.name(), target, progressText + "; " + generation(state)
                    + " paused after " + reasons
                    + "; the other replicas keep running what they ran (stackd rollout resume, or a new apply, goes on)"));
            return new ServiceRollout(config, outdated, Set.of(), beside, spec ? progress.apply(RolloutProgress.PAUSED) : null);
        }
        // a rollback is over once its replicas are back and a success (the reconciler records RolledBack then, once)
        boolean rollbackGoing = rollingBack && hold.doneAt() == null;
        if (outdated.isEmpty() && beside.isEmpty() && (!rollbackGoing || (inFlight.isEmpty() && behind == 0))) {
            // only the last batch's replicas may still be on their way: a rollout under way goes on until they succeed.
            // It says so (Progressing stays True, so the revision is not Completed and a failure of the last batch
            // still triggers failure_action) and is looked at again when their monitor ends. Not for a repair's start
            // or a new service's first containers: no rollout waits for them
            boolean settling = !inFlight.isEmpty() || !failed.isEmpty();
            boolean rollout = rollingBack || requested != null || state.updated().contains(s.name());
            if (rollout && !inFlight.isEmpty()) {
                // no replica is outdated any more (spec is false): an update unless only a restart was requested
                waitFor(inFlight, rollingBack || requested == null, s, config, now, target, progressText, findings);
            }
            return new ServiceRollout(config, List.of(), Set.of(), Map.of(), settling ? progress.apply(RolloutProgress.SETTLING) : null);
        }
        if (rollbackGoing) {
            findings.notice(Notice.warning(Reasons.ROLLING_BACK, s.name(), target, progressText + "; generation "
                    + hold.generation() + " failed: " + hold.reason()));
        }
        var now_ = spec || rollingBack ? progress.apply(going) : null;
        if (!inFlight.isEmpty()) {
            waitFor(inFlight, spec || rollingBack, s, config, now, target, progressText, findings);
            return new ServiceRollout(config, outdated, retrying, beside, now_);
        }
        if (lastStart != null && !config.delay().isZero()) {
            Instant next = lastStart.plus(config.monitor()).plus(config.delay());
            if (next.isAfter(now)) {
                findings.notice(Notice.normal(Reasons.ROLLOUT_DELAY, s.name(), target, progressText + "; next batch at " + next
                        + " (delay " + config.delay().toSeconds() + "s)"));
                findings.requeue(Duration.between(now, next));
                return new ServiceRollout(config, outdated, retrying, beside, now_);
            }
        }
        // start-first replicas that failed before go as retries (above), and take their places in the batch
        var fresh = outdated.stream().filter(c -> !startFirst || observed.restartsOf(c) == null).toList();
        int batch = config.parallelism() == 0 ? fresh.size() : Math.max(0, Math.min(config.parallelism() - retrying.size(), fresh.size()));
        var allowed = new HashSet<>(retrying);
        for (var c : fresh.subList(0, batch)) {
            allowed.add(c.replica());
            if (startFirst && cause(desired, s, c, hash, observed) != null) beside.put(c.replica(), new Beside(Step.CREATE, c, null, null));
        }
        return new ServiceRollout(config, outdated, allowed, beside, now_);
    }

    /**
     * A batch on its way: says which replica it waits for (an update's or a requested restart's) and asks for a
     * revisit when the first of them is due (its monitor's end once ready, else soon).
     */
    private static void waitFor(List<ObservedContainer> inFlight, boolean update, ServiceSpec s, UpdateConfig config, Instant now,
                                dev.stackd.controller.event.ObjectRef target, String progressText, Findings findings) {
        var c = inFlight.getFirst();
        findings.notice(Notice.normal(update ? Reasons.WAITING_FOR_UPDATED_REPLICA : Reasons.WAITING_FOR_RESTARTED_REPLICA,
                s.name(), target, progressText + "; waiting for " + c.name() + " to " + waitingFor(s, c, config, now)));
        for (var f : inFlight) findings.requeue(wait(s, f, config, now));
    }

    private static String generation(dev.stackd.controller.observe.RolloutState state) {
        return state.generation() > 0 ? "generation " + state.generation() : "the update";
    }

    private static int ceil(int a, int b) {
        return (a + b - 1) / b;
    }

    /**
     * Whether a failed replica failed in this rollout: its container was created (or, for a restart request,
     * started) by it, after the rollout began, and failed before it could have been a success since its last start
     * (within its health limit and monitor). The window is counted from the start, not the create: on a busy engine
     * the old one's stop and the new one's start take seconds (bench/rollout saw a rollback not trigger when it was
     * counted from the create). A replica that ran longer was a success; its crash is the repair's, and once the
     * generation Completed none is counted (RolloutState.updated is empty then): no pause or rollback days later.
     */
    static boolean ofThisRollout(ServiceSpec s, ObservedContainer c, UpdateConfig config, Instant since, Instant requested,
                                 Instant now) {
        Instant created = c.createdAt();
        if (requested != null && (created == null || created.isBefore(requested))) {
            // not recreated since the request: restarted by it, when it started after it
            if (c.startedAt() == null || c.startedAt().isBefore(requested)) return false;
        } else if (created != null && since != null && created.isBefore(since)) {
            return false; // created before this generation: an earlier rollout's replica
        } else if (created == null && c.startedAt() == null) {
            return false; // the engine says neither when it was made nor when it ran: not known to be this rollout's
        }
        if (c.startedAt() == null) return true; // made by this rollout and never started: it could not be started
        Duration limit = healthLimit(s) == null ? Duration.ZERO : healthLimit(s);
        Instant failedAt;
        if (c.state() == State.EXITED || c.state() == State.DEAD) failedAt = c.finishedAt() != null ? c.finishedAt() : now;
        else failedAt = c.startedAt().plus(limit); // the earliest its health can have failed
        Duration monitor = config.monitor().compareTo(FAILS_TO_START) < 0 ? FAILS_TO_START : config.monitor();
        return !failedAt.isAfter(c.startedAt().plus(monitor).plus(limit));
    }

    /**
     * An exit this soon after the start fails the update whatever {@code monitor} says (even 0s): the container did
     * not really start.
     */
    static final Duration FAILS_TO_START = Duration.ofSeconds(2);

    /**
     * Why a start-first replacement failed, or null: as {@link #failure}, and a new container the engine restarted
     * (its restart policy) did not stay running, even when it runs again now.
     */
    static String replacementFailure(ServiceSpec s, ObservedContainer temp, Instant now) {
        String failure = failure(s, temp, now);
        if (failure != null) return failure;
        if (temp.state() == State.RESTARTING || temp.restartCount() > 0)
            return "restarted by the engine (" + Math.max(1, temp.restartCount()) + (temp.restartCount() > 1 ? " times)" : " time)");
        return null;
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
