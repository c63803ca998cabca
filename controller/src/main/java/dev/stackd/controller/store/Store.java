package dev.stackd.controller.store;

import dev.stackd.controller.event.EventDraft;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * stackd's memory: each stack's desired state, the reconciler's last status of it, and the reconcile events.
 * One SQLite file, {@code <dataDir>/stackd.db}. Safe to use from any number of threads.
 */
public final class Store implements AutoCloseable {
    public static final String FILE_NAME = "stackd.db";
    /** The expected generation of an apply that only needs the stack to exist, whatever its generation. */
    public static final long ANY_GENERATION = -1;
    private static final Logger log = LoggerFactory.getLogger(Store.class);

    private final Database db;
    private final EventRetention retention;
    private final Clock clock;
    private final EventListeners listeners = new EventListeners();
    private int recordedSincePrune;
    /** How many applied generations each stack's history keeps ({@code serve --revisions}). */
    public static final int DEFAULT_REVISIONS = 10;
    public static final int MAX_REVISIONS = 1000;
    private volatile int keepRevisions = DEFAULT_REVISIONS;

    private Store(Database db, EventRetention retention, Clock clock) {
        this.db = db;
        this.retention = retention;
        this.clock = clock;
    }

    public static Store open(Path dataDir) {
        return open(dataDir, EventRetention.defaults(), Clock.systemUTC());
    }

    /**
     * Opens the store in {@code dataDir}, creating the directory (0700) and an empty store (0600) when missing;
     * an existing one is narrowed to those modes, or refused when another user owns it ({@link PrivateFiles}).
     * A store file that is damaged, not stackd's, or from a newer stackd is refused and left untouched.
     */
    public static Store open(Path dataDir, EventRetention retention, Clock clock) {
        var files = PrivateFiles.ofThisProcess();
        files.directory(dataDir);
        Path file = dataDir.resolve(FILE_NAME);
        // created 0600 before SQLite sees it: SQLite would make it 0644, and gives -wal and -shm the mode of the db
        files.file(file);
        files.fileIfExists(dataDir.resolve(FILE_NAME + "-wal"));
        files.fileIfExists(dataDir.resolve(FILE_NAME + "-shm"));
        DatabaseFile.check(file, Migrations.latest());
        Database db = Database.open(file);
        try {
            db.write("upgrading the store's schema", Migrations::migrate);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return new Store(db, retention, clock);
    }

    /** Keeps each stack's last {@code n} revisions (1 to {@link #MAX_REVISIONS}); older ones go at the next apply. */
    public void keepRevisions(int n) {
        if (n < 1 || n > MAX_REVISIONS) {
            throw new IllegalArgumentException("revisions must be between 1 and " + MAX_REVISIONS + ", not " + n);
        }
        keepRevisions = n;
    }

    /** Caps the store's size at {@code pages} (SQLite's max_page_count): how tests fill the disk. */
    public void capPages(long pages) {
        db.capPages(pages);
    }

    public long pageCount() {
        return db.pageCount();
    }

    public Path file() {
        return db.file();
    }

    /**
     * Creates or updates a stack's desired state. The generation grows only when the spec changes.
     *
     * @param expectedGeneration null to apply unconditionally; else the generation the caller based its
     *                           change on (0: the stack must not exist yet; {@link #ANY_GENERATION}: it must exist)
     * @throws StaleGenerationException when {@code expectedGeneration} is not the current generation
     * @throws StackMissingException    when {@code expectedGeneration} is {@link #ANY_GENERATION} and there is no stack
     * @throws StackDeletingException   when the stack is being deleted
     */
    public ApplyResult apply(String name, String specJson, String sourceText, Long expectedGeneration) {
        return apply(name, specJson, sourceText, null, expectedGeneration, false);
    }

    /** The same, with where the spec came from ({@link StackRecord#originJson()}), kept beside the source. */
    public ApplyResult apply(String name, String specJson, String sourceText, String originJson, Long expectedGeneration) {
        return apply(name, specJson, sourceText, originJson, expectedGeneration, false);
    }

    /** As {@link #apply(String, String, String, Long)}, with whether this apply permits adoption ({@code --adopt}). */
    public ApplyResult apply(String name, String specJson, String sourceText, Long expectedGeneration, boolean adopt) {
        return apply(name, specJson, sourceText, null, expectedGeneration, adopt);
    }

    /**
     * Stores the spec with where it came from, and records whether this apply lets the stack take docker compose's
     * objects of its project over ({@code --adopt}): each apply says so anew.
     */
    public ApplyResult apply(String name, String specJson, String sourceText, String originJson, Long expectedGeneration,
                             boolean adopt) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(specJson, "specJson");
        Instant now = now();
        return db.write("applying stack " + name, c -> {
            var result = applyRevision(c, name, specJson, sourceText, originJson, expectedGeneration, now);
            AdoptedTable.setPermitted(c, name, adopt);
            return result;
        });
    }

    /** The apply, and for a new generation its revision; the pauses and rollbacks of the one before are over. */
    private ApplyResult applyRevision(java.sql.Connection c, String name, String specJson, String sourceText, String originJson,
                                      Long expectedGeneration, Instant now) throws java.sql.SQLException {
        String previous = StackTable.find(c, name).map(StackRecord::specJson).orElse(null);
        var result = StackTable.apply(c, name, specJson, sourceText, originJson, expectedGeneration, now);
        if (result.changed()) {
            RevisionTable.record(c, name, result.generation(), specJson, previous, sourceText, originJson, now, keepRevisions);
            RolloutHoldTable.forgetStack(c, name);
        }
        return result;
    }

    /** The stack's kept revisions, newest first; empty for an unknown stack. */
    public List<Revision> revisions(String stack) {
        return db.read("reading the revisions of stack " + stack, c -> RevisionTable.find(c, stack));
    }

    public Optional<Revision> revision(String stack, long generation) {
        return db.read("reading revision " + generation + " of stack " + stack, c -> RevisionTable.find(c, stack, generation));
    }

    /** The revision a rollback from {@code generation} goes to by default: the newest before it that did not roll back. */
    public Optional<Revision> revisionBefore(String stack, long generation) {
        return db.read("reading the revisions of stack " + stack, c -> RevisionTable.before(c, stack, generation));
    }

    /** What a rollback did: the apply of the old spec, and the generation whose spec it was. */
    public record RollbackResult(ApplyResult apply, long toGeneration) {}

    /**
     * Applies a kept revision's spec (and source) as a new generation, as {@code kubectl rollout undo}: {@code
     * toGeneration} null goes to {@link #revisionBefore} the current one. Checked in one transaction.
     *
     * @throws RevisionMissingException when the history does not hold that revision (or none to go back to)
     * @throws StackMissingException    when there is no such stack
     * @throws StackDeletingException   when the stack is being deleted
     * @throws StaleGenerationException when {@code expectedGeneration} is not the current generation
     */
    public RollbackResult rollback(String stack, Long toGeneration, Long expectedGeneration) {
        Instant now = now();
        return db.write("rolling back stack " + stack, c -> {
            var found = StackTable.find(c, stack);
            if (found.isEmpty()) throw new StackMissingException(stack);
            if (found.get().deleting()) throw new StackDeletingException(stack);
            long current = found.get().generation();
            var target = toGeneration == null ? RevisionTable.before(c, stack, current) : RevisionTable.find(c, stack, toGeneration);
            if (target.isEmpty()) {
                throw new RevisionMissingException(toGeneration == null
                        ? "stack " + stack + " keeps no revision before generation " + current + " to roll back to"
                        : "stack " + stack + " keeps no revision " + toGeneration + " (never applied, or pruned: the history keeps "
                                + keepRevisions + ")");
            }
            var r = target.get();
            var result = applyRevision(c, stack, r.specJson(), r.sourceText(), r.originJson(), expectedGeneration, now);
            return new RollbackResult(result, r.generation());
        });
    }

    /**
     * What the reconciler needs of the current rollout: the generation's time and updated services (from its revision),
     * and the holds stored for it.
     */
    public dev.stackd.controller.observe.RolloutState rolloutState(String stack, long generation) {
        return db.read("reading the rollout of stack " + stack, c -> {
            var revision = RevisionTable.find(c, stack, generation);
            var holds = RolloutHoldTable.find(c, stack, generation);
            return new dev.stackd.controller.observe.RolloutState(generation, revision.map(Revision::appliedAt).orElse(null),
                    new java.util.TreeSet<>(revision.map(r -> r.changes().updated()).orElse(List.of())), holds);
        });
    }

    /**
     * Stores a pause or rollback decided for a service of a generation, unless it holds one already; the revision's
     * outcome says so (Paused, RolledBack). Ignored (false) for a generation that is no longer current.
     */
    public boolean holdRollout(String stack, dev.stackd.controller.observe.RolloutHold hold) {
        return db.write("holding the rollout of stack " + stack, c -> {
            var found = StackTable.find(c, stack);
            if (found.isEmpty() || found.get().generation() != hold.generation()) return false;
            if (!RolloutHoldTable.hold(c, stack, hold)) return false;
            if (hold.action() == dev.stackd.controller.observe.RolloutHold.Action.PAUSE) {
                RevisionTable.outcome(c, stack, hold.generation(), Revision.Outcome.Paused, Revision.Outcome.Progressing);
            } else {
                RevisionTable.outcome(c, stack, hold.generation(), Revision.Outcome.RolledBack, Revision.Outcome.Progressing,
                        Revision.Outcome.Paused, Revision.Outcome.Completed);
            }
            return true;
        });
    }

    /** A service's rollback is done; true the first time. */
    public boolean rollbackDone(String stack, String service) {
        Instant now = now();
        return db.write("recording a rollback of stack " + stack, c -> RolloutHoldTable.done(c, stack, service, now));
    }

    /**
     * Resumes the stack's paused rollouts ({@code stackd rollout resume}): the pauses are dropped, the revision is
     * Progressing again. Returns the services that were paused (empty: nothing was).
     */
    public List<String> resumeRollout(String stack) {
        return db.write("resuming the rollout of stack " + stack, c -> {
            var found = StackTable.find(c, stack);
            if (found.isEmpty()) throw new StackMissingException(stack);
            if (found.get().deleting()) throw new StackDeletingException(stack);
            var services = RolloutHoldTable.resume(c, stack);
            if (!services.isEmpty()) {
                RevisionTable.outcome(c, stack, found.get().generation(), Revision.Outcome.Progressing, Revision.Outcome.Paused);
            }
            return services;
        });
    }

    /** The reconciler saw the generation converged: its revision is Completed (once; not after a pause or rollback). */
    public boolean revisionCompleted(String stack, long generation) {
        return db.write("completing revision " + generation + " of stack " + stack,
                c -> RevisionTable.outcome(c, stack, generation, Revision.Outcome.Completed, Revision.Outcome.Progressing));
    }

    /** Whether the stack may adopt, and what it adopted from docker compose; nothing for an unknown stack. */
    public dev.stackd.controller.observe.Adoptions adoptions(String stack) {
        return db.read("reading the adoptions of stack " + stack, c -> AdoptedTable.find(c, stack));
    }

    /** Records an object the stack took over from docker compose. */
    public void adopt(String stack, dev.stackd.controller.observe.AdoptedObject object) {
        Instant now = now();
        db.write("recording an adoption by stack " + stack, c -> {
            AdoptedTable.add(c, stack, object, now);
            return null;
        });
    }

    /** Forgets adopted objects that no longer exist (IDs are never reused, so they will not come back). */
    public void forgetAdopted(String stack, java.util.Collection<dev.stackd.controller.observe.AdoptedObject> gone) {
        if (gone.isEmpty()) return;
        db.write("forgetting adoptions of stack " + stack, c -> AdoptedTable.forget(c, stack, gone));
    }

    /**
     * Records a request to restart a service's replicas, stamped now, and returns the stamp. The stack must exist
     * and not be deleting (checked in the same transaction, so a deletion cannot slip in between). The stamp is
     * rounded up to the millisecond: a replica started earlier in the same millisecond is restarted too.
     */
    public Instant requestRestart(String stack, String service) {
        Instant now = now().plusMillis(1);
        return db.write("requesting a restart of service " + service + " of stack " + stack, c -> {
            var found = StackTable.find(c, stack);
            if (found.isEmpty()) throw new StackMissingException(stack);
            if (found.get().deleting()) throw new StackDeletingException(stack);
            RestartTable.request(c, stack, service, now);
            return now;
        });
    }

    /** The latest restart request of each service of the stack (service -> when), empty when none. */
    public java.util.Map<String, Instant> restartRequests(String stack) {
        return db.read("reading the restart requests of stack " + stack, c -> RestartTable.find(c, stack));
    }

    /** What the store remembers of each of the stack's jobs, by service. */
    public java.util.Map<String, dev.stackd.controller.observe.JobState> jobs(String stack) {
        return db.read("reading the jobs of stack " + stack, c -> JobTable.find(c, stack));
    }

    /** Whether the store remembers any job of the stack (one indexed read: asked on every reconcile of a stack without jobs). */
    public boolean hasJobs(String stack) {
        return db.read("reading the jobs of stack " + stack, c -> JobTable.any(c, stack));
    }

    /** Each job's last status (JSON, null before its first reconcile), by service. */
    public java.util.Map<String, String> jobStatuses(String stack) {
        return db.read("reading the job status of stack " + stack, c -> JobTable.statuses(c, stack));
    }

    /** A job seen for the first time: its schedule counts from {@code since}. */
    public void jobKnown(String stack, String service, Instant since) {
        db.write("recording job " + stack + "/" + service, c -> {
            JobTable.known(c, stack, service, since);
            return null;
        });
    }

    /** A fire time acted on: a run started for it, or it was skipped (counted). */
    public void jobScheduled(String stack, String service, Instant at, boolean skipped) {
        db.write("recording a schedule of job " + stack + "/" + service, c -> {
            JobTable.scheduled(c, stack, service, at, skipped);
            return null;
        });
    }

    /** A run asked for through the API; the next reconcile starts it. */
    public void requestJobRun(String stack, String service, Instant at) {
        db.write("requesting a run of job " + stack + "/" + service, c -> {
            JobTable.requested(c, stack, service, at);
            return null;
        });
    }

    /** The run asked for at {@code requested} (or a later request's) is created. */
    public void jobRequestStarted(String stack, String service, Instant requested) {
        db.write("recording a requested run of job " + stack + "/" + service, c -> {
            JobTable.requestStarted(c, stack, service, requested);
            return null;
        });
    }

    /** A run's end, recorded once. */
    public void jobRunFinished(String stack, String service, String run, boolean succeeded, int exitCode, Instant finished,
                               java.time.Duration took) {
        db.write("recording run " + run, c -> {
            JobTable.finished(c, stack, service, run, succeeded, exitCode, finished, took.toMillis());
            return null;
        });
    }

    /** Stores a job's status when it changed; true when it did. */
    public boolean setJobStatus(String stack, String service, String json) {
        return db.write("storing the status of job " + stack + "/" + service, c -> JobTable.setStatus(c, stack, service, json));
    }

    /** Forgets the jobs a stack no longer has and the records of runs no longer on the engine. */
    public void forgetJobs(String stack, java.util.Collection<String> jobs, java.util.Collection<String> runs) {
        db.write("forgetting jobs of stack " + stack, c -> {
            JobTable.forget(c, stack, jobs, runs);
            return null;
        });
    }

    public Optional<StackRecord> get(String name) {
        return db.read("reading stack " + name, c -> StackTable.find(c, name));
    }

    /** Every stack, by name. */
    public List<StackRecord> list() {
        return db.read("listing stacks", StackTable::all);
    }

    /** Marks a stack for deletion; false when there is no such stack. */
    public boolean markDeleting(String name, boolean volumes) {
        Instant now = now();
        return db.write("deleting stack " + name, c -> StackTable.markDeleting(c, name, volumes, now));
    }

    /** The stacks whose deletion is in progress, by name. */
    public List<StackRecord> deleting() {
        return db.read("listing stacks being deleted", StackTable::deleting);
    }

    /** Forgets a stack marked deleting, once its objects are gone. False when absent or not marked deleting. */
    public boolean remove(String name) {
        return db.write("removing stack " + name, c -> {
            boolean removed = StackTable.remove(c, name);
            if (removed) {
                AdoptedTable.forgetStack(c, name);
                RestartTable.forgetStack(c, name);
                JobTable.forgetStack(c, name);
                RevisionTable.forgetStack(c, name);
                RolloutHoldTable.forgetStack(c, name);
            }
            return removed;
        });
    }

    /**
     * Stores the reconciler's result for {@code observedGeneration}. Ignored (false) when the stack is unknown
     * or a newer generation's status is already stored.
     */
    public boolean setStatus(String name, long observedGeneration, String statusJson) {
        return db.write("storing the status of stack " + name,
                c -> StackTable.setStatus(c, name, observedGeneration, statusJson));
    }

    /**
     * Records an event, folding a repeat seen within the retention's window into the earlier one (which then
     * moves to a new seq, see {@link Event}). Listeners hear of it after the commit, in seq order, on this thread
     * and with the store locked: they must only hand it on.
     */
    public Event record(EventDraft draft) {
        Objects.requireNonNull(draft, "draft");
        return db.exclusive(() -> {
            Instant now = now();
            Event event = db.write("recording an event of stack " + draft.stack(),
                    c -> EventTable.record(c, draft, now, retention.repeatWindow()));
            listeners.publish(event);
            if (++recordedSincePrune >= retention.pruneEvery()) pruneQuietly(now);
            return event;
        });
    }

    /** Up to {@code limit} events after {@code sinceSeqExclusive}, oldest first; of one stack or, for null, all. */
    public List<Event> events(String stackOrNull, long sinceSeqExclusive, int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit must be at least 1, not " + limit);
        return db.read("listing events", c -> EventTable.page(c, stackOrNull, sinceSeqExclusive, limit));
    }

    /** The newest {@code count} events after {@code sinceSeqExclusive}, oldest first; of one stack or, for null, all. */
    public List<Event> tailEvents(String stackOrNull, long sinceSeqExclusive, int count) {
        if (count < 1) throw new IllegalArgumentException("count must be at least 1, not " + count);
        return db.read("listing the latest events", c -> EventTable.tail(c, stackOrNull, sinceSeqExclusive, count));
    }

    /** The highest seq ever recorded (also when pruned since); 0 before the first event. */
    public long lastSeq() {
        return db.read("reading the last event", EventTable::lastSeq);
    }

    /** Drops events older than the retention's max age and all but its newest keepCount. Returns how many. */
    public int prune(Instant now) {
        return db.exclusive(() -> {
            recordedSincePrune = 0;
            return db.write("pruning events",
                    c -> EventTable.prune(c, now, retention.keepCount(), retention.maxAge()));
        });
    }

    /** The event is stored already: a failed housekeeping prune must not turn its recording into a failure. */
    private void pruneQuietly(Instant now) {
        try {
            prune(now);
        } catch (StoreException e) {
            log.warn("pruning old events failed; will try again later: {}", e.getMessage());
        }
    }

    /** Calls {@code listener} with each event recorded from now on; close the result to stop. */
    public EventSubscription onEvent(Consumer<Event> listener) {
        return listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void close() {
        db.close();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
