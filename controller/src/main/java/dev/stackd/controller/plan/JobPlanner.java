package dev.stackd.controller.plan;

import dev.stackd.api.model.JobSpec;
import dev.stackd.api.model.JobSpec.Concurrency;
import dev.stackd.api.model.ServiceSpec;
import dev.stackd.api.model.StackSpec;
import dev.stackd.api.schedule.Schedule;
import dev.stackd.controller.engine.ContainerRequest;
import dev.stackd.controller.engine.Labels;
import dev.stackd.controller.engine.ObservedContainer;
import dev.stackd.controller.engine.ObservedContainer.State;
import dev.stackd.controller.observe.JobState;
import dev.stackd.controller.observe.ObservedState;
import dev.stackd.controller.plan.JobPlan.Decision;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The stack's jobs: desired x observed x the store's memory of each job -> {@link JobPlan}. Pure: observed.takenAt()
 * is "now", and every decision is made again from scratch on each pass (level-triggered).
 * <p>
 * The engine's run containers are the truth about runs: a run is active while its container runs, so Forbid holds
 * across restarts of stackd; the last fire time acted on is the later of the store's and the newest scheduled run's
 * label, so a run created just before stackd died is neither lost nor created again. Of the fire times missed
 * meanwhile only the latest is considered (a run starts once after downtime, never once per missed tick), and it
 * starts only within its starting deadline.
 */
public final class JobPlanner {
    private JobPlanner() {}

    /** A due run never waits less than this (the queue may wake a few milliseconds early). */
    static final Duration MIN_WAIT = Duration.ofMillis(20);

    public static JobPlan plan(StackSpec desired, ObservedState observed, Map<String, JobState> states) {
        var steps = new ArrayList<JobPlan.Step>();
        Duration requeue = null;
        Inventory inventory = null;
        for (ServiceSpec s : desired.services().values()) {
            if (!JobRuns.isJob(s)) continue;
            if (inventory == null) inventory = Inventory.of(desired, observed);
            var step = new StepPlanner(desired, s, observed, states.get(s.name()), inventory).plan();
            steps.add(step.step);
            requeue = min(requeue, step.requeue);
        }
        return new JobPlan(desired.name(), steps, requeue);
    }

    private static Duration min(Duration a, Duration b) {
        if (a == null) return b;
        if (b == null) return a;
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static final class StepPlanner {
        final StackSpec desired;
        final ServiceSpec s;
        final JobSpec job;
        final ObservedState observed;
        final JobState state;
        final Inventory inventory;
        final Instant now;
        final List<Operation> stops = new ArrayList<>(), launch = new ArrayList<>(), removals = new ArrayList<>();
        final List<Decision> decisions = new ArrayList<>();
        Duration requeue;
        String waiting;
        JobPlan.Step step;

        StepPlanner(StackSpec desired, ServiceSpec s, ObservedState observed, JobState state, Inventory inventory) {
            this.desired = desired;
            this.s = s;
            this.job = JobRuns.job(s);
            this.observed = observed;
            this.state = state;
            this.inventory = inventory;
            this.now = observed.takenAt();
        }

        StepPlanner plan() {
            var runs = observed.containers().stream()
                    .filter(c -> ObjectLabels.ownedBy(c.labels(), desired.name()) && s.name().equals(c.service()) && JobRuns.isRun(c))
                    .sorted(Comparator.comparing((ObservedContainer c) -> orEpoch(JobRuns.scheduledFor(c))).thenComparing(ObservedContainer::name))
                    .toList();
            Instant since = state != null ? state.since() : now;
            if (state == null) decisions.add(new Decision.Known(now));

            var active = new ArrayList<ObservedContainer>();
            var finished = new ArrayList<ObservedContainer>();
            for (var c : runs) {
                switch (phase(c)) {
                    case ACTIVE -> active.add(c);
                    case FINISHED -> finished.add(c);
                    case PENDING -> pending(c, active);
                    case GONE -> { }
                }
            }
            for (var c : finished) {
                if (state != null && state.recorded().contains(c.name())) continue;
                Instant end = c.finishedAt() != null && c.finishedAt().isAfter(Instant.EPOCH) ? c.finishedAt() : now;
                Instant start = JobRuns.createdAt(c);
                Duration took = start == null || end.isBefore(start) ? Duration.ZERO : Duration.between(start, end);
                decisions.add(new Decision.Finish(c.name(), succeeded(c), c.exitCode(), took, c.restartCount(), end));
            }
            timeouts(active);

            Instant last = state != null ? state.lastScheduled() : null;
            for (var c : runs) {
                Instant t = JobRuns.scheduledFor(c);
                if (!JobRuns.manual(c) && t != null && (last == null || t.isAfter(last))) last = t;
            }
            Instant anchor = (last != null ? last : since).truncatedTo(ChronoUnit.SECONDS);
            Schedule schedule = job.parsedSchedule();
            Instant acted = anchor;
            Instant held = null; // a due fire time that waits (dependencies, image)
            if (!job.suspend()) {
                Instant due = schedule.latestDue(anchor, now);
                if (due != null && fire(due, active)) acted = due;
                else if (due != null) held = due;
            }
            manual(runs);
            history(finished);

            Instant next = job.suspend() ? null : held != null ? held : schedule.next(acted);
            if (next != null && held == null) requeue = minimum(requeue, wait(next));
            if (waiting != null) requeue = minimum(requeue, Planner.DEPENDENCY_WAIT);
            var ops = new ArrayList<Operation>(stops);
            ops.addAll(launch);
            ops.addAll(removals);
            step = new JobPlan.Step(s.name(), ops, decisions, next, acted.equals(anchor) && last == null ? null : acted, waiting);
            return this;
        }

        private enum Phase { ACTIVE, FINISHED, PENDING, GONE }

        /** A created run that never started is pending; one whose start failed (an exit code) is finished. */
        private static Phase phase(ObservedContainer c) {
            return switch (c.state()) {
                case RUNNING, RESTARTING, PAUSED -> Phase.ACTIVE;
                case EXITED, DEAD -> Phase.FINISHED;
                case CREATED -> c.exitCode() != 0 ? Phase.FINISHED : Phase.PENDING;
                case REMOVING -> Phase.GONE;
            };
        }

        private static boolean succeeded(ObservedContainer c) {
            return c.state() == State.EXITED && c.exitCode() == 0;
        }

        /**
         * A run created but not started (stackd stopped in between, or the engine refused the start): started now
         * within its starting deadline, removed and skipped past it.
         */
        private void pending(ObservedContainer c, List<ObservedContainer> active) {
            Instant scheduled = orEpoch(JobRuns.scheduledFor(c));
            if (job.startingDeadline() != null && now.isAfter(scheduled.plus(job.startingDeadline()))) {
                removals.add(new Operation.RemoveContainer(c.name(), s.name(), "not started within its starting deadline"));
                decisions.add(new Decision.Skip(scheduled, "run " + c.name() + " was created but not started within the starting deadline ("
                        + job.startingDeadline() + ")"));
                return;
            }
            launch.add(new Operation.StartContainer(c.name(), s.name(), "run created, not started yet"));
            decisions.add(new Decision.Start(c.name(), scheduled, JobRuns.manual(c), "created, not started yet"));
            active.add(c);
        }

        /** A run past its timeout is stopped (it counts as failed once it has exited); the others are looked at again then. */
        private void timeouts(List<ObservedContainer> active) {
            if (job.timeout() == null) return;
            for (var it = active.iterator(); it.hasNext(); ) {
                var c = it.next();
                Instant created = JobRuns.createdAt(c);
                if (created == null || c.state() == State.CREATED) continue;
                Instant deadline = created.plus(job.timeout());
                if (!now.isBefore(deadline)) {
                    stops.add(new Operation.StopContainer(c.name(), s.stopGracePeriod(), s.name(), "timed out after " + job.timeout()));
                    decisions.add(new Decision.TimeOut(c.name(), job.timeout()));
                    it.remove();
                } else {
                    requeue = minimum(requeue, wait(deadline));
                }
            }
        }

        /** Acts on the fire time {@code due}: true when it was (started or skipped), false when it still waits. */
        private boolean fire(Instant due, List<ObservedContainer> active) {
            if (job.startingDeadline() != null && now.isAfter(due.plus(job.startingDeadline()))) {
                decisions.add(new Decision.Skip(due, "missed its starting deadline (" + job.startingDeadline() + ") by "
                        + Duration.between(due.plus(job.startingDeadline()), now).truncatedTo(ChronoUnit.SECONDS)));
                return true;
            }
            if (!active.isEmpty() && job.concurrency() == Concurrency.Forbid) {
                decisions.add(new Decision.Skip(due, "concurrency Forbid: run " + active.getFirst().name() + " is still going"));
                return true;
            }
            String name = JobRuns.name(desired.name(), s.name(), due);
            if (taken(name)) {
                decisions.add(new Decision.Skip(due, "the name " + name + " is taken by a container stackd does not own"));
                return true;
            }
            if (!mayLaunch()) return false;
            if (job.concurrency() == Concurrency.Replace) {
                for (var c : active) stops.add(new Operation.StopContainer(c.name(), s.stopGracePeriod(), s.name(), "replaced by run " + name));
            }
            create(name, due, null, "scheduled for " + due);
            return true;
        }

        /** A run asked for through the API: started whatever the concurrency (as kubectl create job --from=cronjob). */
        private void manual(List<ObservedContainer> runs) {
            Instant requested = state == null ? null : state.runRequested();
            if (requested == null) return;
            for (var c : runs) {
                Instant t = JobRuns.scheduledFor(c);
                if (JobRuns.manual(c) && t != null && !t.isBefore(requested.truncatedTo(ChronoUnit.SECONDS))) {
                    decisions.add(new Decision.Start(c.name(), requested, true, "asked for through the API (created before)"));
                    return;
                }
            }
            if (!mayLaunch()) return;
            Instant at = requested.truncatedTo(ChronoUnit.SECONDS);
            while (taken(JobRuns.name(desired.name(), s.name(), at)) || launchesName(JobRuns.name(desired.name(), s.name(), at))) {
                at = at.plusSeconds(1);
            }
            create(JobRuns.name(desired.name(), s.name(), at), at, requested, "asked for through the API");
        }

        private boolean launchesName(String name) {
            return launch.stream().anyMatch(op -> op instanceof Operation.CreateContainer c && c.request().name().equals(name));
        }

        private boolean taken(String name) {
            return observed.containers().stream().anyMatch(c -> c.name().equals(name));
        }

        /** Whether the run's dependencies and image allow it now; says why not otherwise. */
        private boolean mayLaunch() {
            if (Images.unavailable(desired.name(), s, observed)) {
                waiting = "image " + dev.stackd.controller.engine.Names.image(desired.name(), s) + " not present and pull_policy is never";
                return false;
            }
            List<String> unmet = DependencyGate.unmet(desired, s, inventory, Set.of());
            if (unmet.isEmpty()) return true;
            waiting = "waiting for " + String.join(", ", unmet);
            return false;
        }

        /**
         * Pull (when missing, or pull_policy always), create under the run's name, connect the other networks, start.
         * {@code requested}: the API's request a manual run answers, null for a scheduled one.
         */
        private void create(String name, Instant scheduledFor, Instant requested, String cause) {
            boolean manual = requested != null;
            ServiceSpec spec = JobRuns.runSpec(s);
            if (launch.stream().noneMatch(op -> op instanceof Operation.PullImage || op instanceof Operation.BuildImage)) {
                launch.addAll(Images.fetch(desired.name(), List.of(s), observed));
            }
            var base = ContainerRequests.of(desired, spec, name, 0, ServiceHash.of(s), ContainerRequests.sharedNamespace(desired, s.networkMode()));
            var labels = new TreeMap<>(base.labels());
            labels.put(Labels.JOB_RUN, scheduledFor.toString());
            labels.put(Labels.JOB_CREATED, now.toString());
            labels.put(Labels.JOB_TRIGGER, manual ? "manual" : "schedule");
            labels.put(Labels.COMPOSE_ONEOFF, "True");
            var request = new ContainerRequest(base.name(), base.image(), base.service(), labels, base.volumeNames(), base.network(),
                    base.networkAliases(), base.ipv4Address(), base.fileMounts(), base.networkMode(), base.links(), base.pidMode(), base.ipcMode());
            launch.add(new Operation.CreateContainer(request, cause));
            if (s.networkMode() == null) {
                var networks = ContainerRequests.networksInOrder(s);
                for (var e : networks.subList(Math.min(1, networks.size()), networks.size())) {
                    String ipv4 = e.getValue() == null ? null : e.getValue().ipv4Address();
                    launch.add(new Operation.ConnectNetwork(ContainerRequests.networkName(desired, e.getKey()), name,
                            ContainerRequests.aliases(s, e.getValue()), ipv4, s.name(), cause));
                }
            }
            launch.add(new Operation.StartContainer(name, s.name(), cause));
            // a manual run's decision carries the request itself, to the millisecond: the store clears a request only
            // when the run answering it is at or after it, and the second the run is named for is before it (before,
            // the request stayed until the next pass found the run "created before")
            decisions.add(new Decision.Start(name, manual ? requested : scheduledFor, manual, cause));
        }

        /** The newest finished runs are kept, {@code history.succeeded} of those that succeeded and {@code failed} of the others. */
        private void history(List<ObservedContainer> finished) {
            var newestFirst = new ArrayList<>(finished);
            newestFirst.sort(Comparator.comparing((ObservedContainer c) -> orEpoch(JobRuns.scheduledFor(c))).thenComparing(ObservedContainer::name).reversed());
            int ok = 0, failed = 0;
            Set<String> removing = new HashSet<>();
            for (var c : newestFirst) {
                boolean kept = succeeded(c) ? ++ok <= job.history().succeeded() : ++failed <= job.history().failed();
                if (!kept && removing.add(c.name())) {
                    removals.add(new Operation.RemoveContainer(c.name(), s.name(), "history keeps " + job.history().succeeded()
                            + " succeeded and " + job.history().failed() + " failed runs"));
                }
            }
        }

        private Duration wait(Instant at) {
            Duration d = Duration.between(now, at);
            return d.compareTo(MIN_WAIT) < 0 ? MIN_WAIT : d;
        }

        private static Duration minimum(Duration a, Duration b) {
            return min(a, b);
        }

        private static Instant orEpoch(Instant t) {
            return t == null ? Instant.EPOCH : t;
        }
    }
}
