package dev.stackd.controller.testing;

import dev.stackd.api.Manifests;
import dev.stackd.api.compose.ComposeLoader;
import dev.stackd.api.compose.LoadRequest;
import dev.stackd.controller.exec.EventSink;
import dev.stackd.controller.exec.Executor;
import dev.stackd.controller.observe.Observer;
import dev.stackd.controller.plan.Planner;
import dev.stackd.controller.reconcile.JobRunner;
import dev.stackd.controller.reconcile.Reconciler;
import dev.stackd.controller.reconcile.RestartBackoff;
import dev.stackd.controller.store.Store;
import java.io.IOException;
import java.time.Clock;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The reconciler tests' set-up, which each wrote for itself: a real store in a fresh data dir ({@link TempStore}, the
 * system clock), the test's recording fake engine, and a {@link Reconciler} over both (an executor of 2 parallel
 * calls, no engine-event triggers, the store as the event sink), set into the test's {@code Store} and
 * {@code Reconciler} fields before each test. Registered on an instance field, after the engine:
 * {@code @RegisterExtension final ReconcilerExtension fixture = new ReconcilerExtension(engine);}
 */
public final class ReconcilerExtension implements BeforeEachCallback, AfterEachCallback {
    /** The stack {@link #apply} stores. */
    public static final String STACK = "demo";

    private final RecordingEngine engine;
    private final Clock clock;
    private final boolean jobs;
    private final TempStore stores = new TempStore();
    private Reconciler reconciler;

    public ReconcilerExtension(RecordingEngine engine) {
        this(engine, Clock.systemUTC(), false);
    }

    private ReconcilerExtension(RecordingEngine engine, Clock clock, boolean jobs) {
        this.engine = engine;
        this.clock = clock;
        this.jobs = jobs;
    }

    /** The observer and the reconciler read {@code clock} (the store keeps the system clock). */
    public ReconcilerExtension withClock(Clock clock) {
        return new ReconcilerExtension(engine, clock, jobs);
    }

    /** The reconciler runs the stacks' jobs, with a {@link JobRunner} and an executor of its own. */
    public ReconcilerExtension withJobs() {
        return new ReconcilerExtension(engine, clock, true);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        stores.beforeEach(context);
        reconciler = newReconciler();
        Fixtures.inject(context.getRequiredTestInstance(), Reconciler.class, reconciler);
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        reconciler = null;
        stores.afterEach(context);
    }

    public Store store() {
        return stores.store();
    }

    public Reconciler reconciler() {
        return reconciler;
    }

    /** Another reconciler over the same store and engine, wired the same: what a restart of stackd starts with. */
    public Reconciler newReconciler() {
        Store store = stores.store();
        EventSink events = store::record;
        return new Reconciler(store, new Observer(engine, clock), new Planner(), new Executor(engine, events, 2),
                new RestartBackoff(), null, events, clock, jobs ? new JobRunner(store, new Executor(engine, events, 2), events) : null);
    }

    /** Loads the compose text as stack {@value #STACK} and stores it as its desired state, as an apply does. */
    public void apply(String compose) {
        var spec = ComposeLoader.load(LoadRequest.ofText(compose, stores.dir()).withName(STACK)).orThrow();
        stores.store().apply(STACK, Manifests.toCanonicalJson(spec), compose, null);
    }
}
