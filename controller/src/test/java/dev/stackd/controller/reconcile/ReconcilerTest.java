package dev.stackd.controller.reconcile;

import dev.stackd.controller.loop.Result;
import dev.stackd.controller.status.StackConditions;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.api.Manifests;
import dev.stackd.api.compose.ComposeLoader;
import dev.stackd.api.compose.LoadRequest;
import dev.stackd.controller.exec.EventSink;
import dev.stackd.controller.exec.Executor;
import dev.stackd.controller.metrics.Metrics;
import dev.stackd.controller.engine.EngineException;
import dev.stackd.controller.observe.Observer;
import dev.stackd.controller.plan.Planner;
import dev.stackd.controller.status.StackStatus;
import dev.stackd.controller.event.EventDraft;
import dev.stackd.controller.event.ObjectRef;
import dev.stackd.controller.store.Store;
import dev.stackd.controller.testing.RecordingEngine;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reconciler against a recording fake engine and a real store: every action is asserted as the exact list of writes. */
class ReconcilerTest {
    private static final String COMPOSE = """
            services:
              db:
                image: img
                volumes: [data:/data]
              web:
                image: img
                depends_on: [db]
                networks:
                  default:
                    aliases: [www]
            volumes:
              data: {}
            """;

    @TempDir
    Path dir;
    private Store store;
    private final RecordingEngine engine = new RecordingEngine().withImage("img");
    private Reconciler reconciler;

    @BeforeEach
    void setUp() {
        store = Store.open(dir);
        EventSink events = store::record;
        reconciler = new Reconciler(store, new Observer(engine, Clock.systemUTC()), new Planner(),
                new Executor(engine, events, 2), new RestartBackoff(), null, events, Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private void apply(String compose) {
        var spec = ComposeLoader.load(LoadRequest.ofText(compose, dir).withName("demo")).orThrow();
        store.apply("demo", Manifests.toCanonicalJson(spec), compose, null);
    }

    @Test
    void convergesThenDoesNothing() {
        apply(COMPOSE);

        var first = reconciler.apply("demo");

        assertThat(engine.writes()).containsExactly(
                "create network demo_default",
                "create volume demo_data",
                "create container demo-db-1",
                "start container demo-db-1",
                "create container demo-web-1",
                "start container demo-web-1");
        assertThat(first.requeueAfter()).as("a pass that changed something is verified soon").isEqualTo(Duration.ofSeconds(1));

        engine.clearCalls();
        var second = reconciler.apply("demo");

        assertThat(engine.writes()).as("a converged stack: no engine writes").isEmpty();
        assertThat(second).isEqualTo(Result.done());
        assertThat(store.get("demo").orElseThrow().statusJson()).contains("\"type\":\"Ready\",\"status\":\"True\"");
    }

    @Test
    void repairsAContainerStoppedBehindItsBack() {
        apply(COMPOSE);
        reconciler.apply("demo");
        engine.change("demo-web-1", c -> c.exited(137));
        engine.clearCalls();

        reconciler.apply("demo");

        assertThat(engine.writes()).containsExactly("start container demo-web-1");
        assertThat(store.events("demo", 0, 100)).anySatisfy(e -> {
            assertThat(e.reason()).isEqualTo("Started");
            assertThat(e.object()).isEqualTo("container demo-web-1");
        });
    }

    @Test
    void aSecondCrashWaitsForTheBackoff() {
        apply(COMPOSE);
        reconciler.apply("demo");
        for (int i = 0; i < 2; i++) {
            engine.change("demo-db-1", c -> c.exited(1));
            engine.clearCalls();
            var r = reconciler.apply("demo");
            if (i == 0) {
                assertThat(engine.writes()).containsExactly("start container demo-db-1");
            } else {
                assertThat(engine.writes()).as("the second crash within 10 s is not restarted at once").isEmpty();
                assertThat(r.requeueAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(10));
            }
        }
        assertThat(store.events("demo", 0, 100)).anySatisfy(e -> assertThat(e.reason()).isEqualTo("BackOff"));
    }

    @Test
    void deletionRemovesContainersAndNetworksButKeepsVolumesThenForgetsTheStack() {
        apply(COMPOSE);
        reconciler.apply("demo");
        store.markDeleting("demo", false);
        engine.clearCalls();

        var r = reconciler.apply("demo");
        assertThat(r.requeueAfter()).isEqualTo(Duration.ZERO);
        reconciler.apply("demo");

        assertThat(engine.writes()).contains("remove container demo-web-1", "remove container demo-db-1", "remove network demo_default")
                .doesNotContain("remove volume demo_data");
        assertThat(store.get("demo")).isEmpty();
    }

    @Test
    void deletionStopsWithTheLastSpecsGracePeriodsDependentsFirst() {
        // before, production deletion planned without the stored spec: the engine's default grace, and no order
        apply(COMPOSE.replace("    depends_on: [db]", "    depends_on: [db]\n    stop_grace_period: 42s")
                .replace("    image: img\n    volumes", "    image: img\n    stop_grace_period: 1m30s\n    volumes"));
        reconciler.apply("demo");
        store.markDeleting("demo", false);
        engine.clearCalls();

        reconciler.apply("demo");

        assertThat(engine.stopGrace("demo-web-1")).contains(Duration.ofSeconds(42));
        assertThat(engine.stopGrace("demo-db-1")).contains(Duration.ofSeconds(90));
        var writes = engine.writes();
        assertThat(writes.indexOf("stop container demo-web-1")).as("web depends on db: it stops first")
                .isNotNegative().isLessThan(writes.indexOf("stop container demo-db-1"));
    }

    @Test
    void anEngineThatDoesNotAnswerIsAFailureToRetry() {
        apply(COMPOSE);
        engine.down(true);

        var r = reconciler.apply("demo");

        assertThat(r.isFailure()).isTrue();
        assertThat(r.engineUnavailable()).as("retried with the outage's backoff, not thrown (and logged with a trace)").isTrue();
        assertThat(r.error()).contains("connection refused");
    }

    @Test
    void anEngineErrorWhileObservingIsARetryOfItsKindNotAThrow() {
        // before, an inspect answered 500 escaped the reconciler and the loop logged it with a Java stack trace
        apply(COMPOSE);
        reconciler.apply("demo");
        engine.failWhen(call -> call.startsWith("inspect container"));

        var r = reconciler.apply("demo");

        assertThat(r).isInstanceOf(Result.Retry.class);
        assertThat(((Result.Retry) r).kind()).isEqualTo(Result.Failure.ENGINE_ERROR);
        assertThat(r.error()).contains("injected failure");
    }

    @Test
    void stopsStartingWhenTheEngineBeginsToShutDownMidPlan() {
        // reliability/run chaos: a plan that began before the engine's SIGTERM went on starting containers through
        // its pooled connections; a start during the shutdown left a containerd task behind, and after the engine
        // came back every start of that container failed with "task already exists" for good
        apply(COMPOSE);
        engine.after("start container demo-db-1", () -> engine.listening(false));

        reconciler.apply("demo");

        assertThat(engine.writes()).contains("start container demo-db-1").doesNotContain("start container demo-web-1");
        engine.listening(true);
        engine.clearCalls();
        reconciler.apply("demo");
        assertThat(engine.writes()).as("web was created in the first pass, its start held back").containsExactly("start container demo-web-1");
    }

    @Test
    void aStartTheEngineRefusesBacksOffLikeACrash() {
        // reliability/run chaos: a container the engine could no longer start ("task already exists") was tried
        // again several times a second, each failed start's own events waking the stack past the queue's backoff
        apply(COMPOSE);
        reconciler.apply("demo");
        engine.change("demo-web-1", c -> c.exited(143));
        engine.failWhen(call -> call.equals("start container demo-web-1"),
                call -> new EngineException(call + ": OCI runtime create failed: exec format error", 500, null));
        reconciler.apply("demo");
        reconciler.apply("demo");
        engine.clearCalls();

        var r = reconciler.apply("demo");

        assertThat(engine.writes()).as("held back by the crash-loop backoff, not tried on every wake-up").isEmpty();
        assertThat(r.requeueAfter()).isPositive();
        assertThat(store.events("demo", 0, 100)).anySatisfy(e -> assertThat(e.reason()).isEqualTo("BackOff"));
        assertThat(r).as("a pass held by the backoff is no recovery: the failure's log streak goes on")
                .isInstanceOf(Result.Held.class);
    }

    @Test
    void aContainerWhoseTaskContainerdKeptIsRecreatedNotStartedInVain() {
        apply(COMPOSE);
        reconciler.apply("demo");
        engine.change("demo-web-1", c -> c.exited(143));
        engine.failWhen(call -> call.equals("start container demo-web-1"),
                call -> new EngineException(call + ": task 0123abcd: already exists", 500, null));
        reconciler.apply("demo");
        engine.failWhen(call -> false);
        engine.clearCalls();

        reconciler.apply("demo");

        assertThat(engine.writes()).containsExactly("create container demo-web-1-stackd-new", "remove container demo-web-1",
                "rename container demo-web-1-stackd-new demo-web-1", "start container demo-web-1");
    }

    @Test
    void startsNothingWhileTheEngineShutsDown() {
        apply(COMPOSE);
        reconciler.apply("demo");
        engine.change("demo-web-1", c -> c.exited(143));
        engine.clearCalls();
        // a dockerd that got SIGTERM closes its listener, then stops every container: open connections still work
        engine.listening(false);

        var r = reconciler.apply("demo");

        assertThat(r.engineUnavailable()).isTrue();
        assertThat(engine.writes()).as("no start into a shutting-down engine (it leaves them stuck in removing)").isEmpty();

        engine.listening(true);
        reconciler.apply("demo");
        assertThat(engine.writes()).containsExactly("start container demo-web-1");
    }

    @Test
    void countsTheStackUnderTheConditionsItsLastReconcileFoundTrue() {
        apply(COMPOSE);

        reconciler.apply("demo");
        assertThat(reconciler.conditions().counts()).as("the first pass had work to do").isEqualTo(Map.of("Progressing", 1));
        reconciler.apply("demo");
        assertThat(reconciler.conditions().counts()).isEqualTo(Map.of("Ready", 1));

        for (int i = 0; i < 2; i++) {
            engine.change("demo-db-1", c -> c.exited(1));
            reconciler.apply("demo");
        }
        assertThat(reconciler.conditions().counts()).as("a crash loop backing off").containsEntry("Degraded", 1).doesNotContainKey("Ready");

        store.markDeleting("demo", false);
        reconciler.apply("demo");
        assertThat(reconciler.conditions().counts()).as("a stack being deleted is not counted").isEmpty();
    }

    @Test
    void beforeItsFirstReconcileAStackCountsAsItsStoredStatusSays() {
        apply(COMPOSE);
        reconciler.apply("demo");
        reconciler.apply("demo");
        var restarted = new StackConditions();

        restarted.seed("demo", store.get("demo").orElseThrow().statusJson());
        restarted.seed("never-reconciled", null);

        assertThat(restarted.counts()).isEqualTo(Map.of("Ready", 1));
        restarted.update("demo", new StackStatus(1, null, List.of(StackStatus.Condition.of("Ready", false, "ServicesNotReady", "web")),
                List.of(), List.of()));
        restarted.seed("demo", store.get("demo").orElseThrow().statusJson());
        assertThat(restarted.counts()).as("a reconcile's answer is not overwritten by the stored one").isEmpty();
    }

    @Test
    void theGaugeShowsEveryConditionAtEachScrape() {
        var metrics = new Metrics();
        metrics.stacksByCondition(StackStatus.CONDITION_TYPES, reconciler.conditions()::counts);
        apply(COMPOSE);
        reconciler.apply("demo");
        reconciler.apply("demo");
        System.gc(); // a gauge whose supplier is held only weakly reads NaN once it is collected

        assertThat(metrics.scrape())
                .contains("stackd_stacks{condition=\"Ready\"} 1.0")
                .contains("stackd_stacks{condition=\"Progressing\"} 0.0")
                .contains("stackd_stacks{condition=\"Degraded\"} 0.0");
    }
}
