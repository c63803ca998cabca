package dev.stackd.controller.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.controller.metrics.Metrics;
import dev.stackd.controller.plan.Operation;
import dev.stackd.controller.plan.Operation.RemoveContainer;
import dev.stackd.controller.plan.Operation.RemoveNetwork;
import dev.stackd.controller.plan.Operation.StartContainer;
import dev.stackd.controller.plan.Plan;
import dev.stackd.controller.testing.RecordingEngine;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExecutorTest {
    private final RecordingEngine engine = new RecordingEngine();
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final Executor executor = new Executor(engine,
            e -> events.add(e.type() + " " + e.reason() + " " + e.object().render() + ": " + e.message()), 4);

    private static Plan.ServiceStep step(String service, Set<String> after, Operation... ops) {
        return new Plan.ServiceStep(service, after, List.of(ops));
    }

    private static Plan plan(List<Operation> prune, List<Plan.ServiceStep> services, List<Operation> cleanup) {
        return new Plan("demo", prune, List.of(), services, cleanup, List.of(), null);
    }

    @Test
    void runsOneEngineCallPerOperationInPlanOrder() {
        engine.failWhen(c -> false);
        var p = plan(List.of(new RemoveContainer("demo-old-1", "old", "orphan")),
                List.of(step("db", Set.of(), new StartContainer("demo-db-1", "db", "exited (code 1)")),
                        step("web", Set.of("db"), new StartContainer("demo-web-1", "web", "exited (code 137)"))),
                List.of(new RemoveNetwork("demo_old", "not in spec")));

        var result = executor.execute(p);

        // the fake has none of these containers: every call is made and fails with 404, in order, and what
        // depends on a failure is skipped
        assertThat(engine.writes()).containsExactly("remove container demo-old-1");
        assertThat(result.failed()).hasSize(1);
        assertThat(result.skipped()).hasSize(3);
        assertThat(events).containsExactly("Warning FailedRemove container demo-old-1: remove failed: no such container: demo-old-1");
    }

    @Test
    void aFailedServiceSkipsItsDependentsButNotIndependentServices() {
        var p = plan(List.of(),
                List.of(step("db", Set.of(), new StartContainer("demo-db-1", "db", "missing")),
                        step("web", Set.of("db"), new StartContainer("demo-web-1", "web", "missing")),
                        step("cache", Set.of(), new StartContainer("demo-cache-1", "cache", "missing"))),
                List.of());

        var result = executor.execute(p);

        assertThat(engine.writes()).containsExactlyInAnyOrder("start container demo-db-1", "start container demo-cache-1");
        assertThat(result.skipped()).extracting(Operation::target).containsExactly("container demo-web-1");
        assertThat(result.failed()).extracting(f -> f.operation().target())
                .containsExactlyInAnyOrder("container demo-db-1", "container demo-cache-1");
    }

    @Test
    void successfulOperationsAreNormalEventsWithTheirReasonAndCause() {
        engine.withImage("img");
        var net = new dev.stackd.api.model.NetworkSpec("demo_default", null, null, false, false, false, null, null, null);
        var p = new Plan("demo", List.of(),
                List.of(new Operation.CreateNetwork(new dev.stackd.controller.engine.NetworkRequest(net, java.util.Map.of()), "missing")),
                List.of(), List.of(new RemoveNetwork("demo_default", "not in spec")), List.of(), Duration.ofSeconds(1));

        var result = executor.execute(p);

        assertThat(result.succeeded()).isTrue();
        assertThat(engine.writes()).containsExactly("create network demo_default", "remove network demo_default");
        assertThat(events).containsExactly("Normal NetworkCreated network demo_default: missing",
                "Normal NetworkRemoved network demo_default: not in spec");
    }

    @Test
    void anUnansweringEngineIsReportedAsEngineUnavailable() {
        engine.down(true);
        var result = executor.execute(plan(List.of(new RemoveContainer("demo-web-1", "web", "orphan")), List.of(), List.of()));
        assertThat(result.succeeded()).isFalse();
        assertThat(events).singleElement().asString().startsWith("Warning EngineUnavailable container demo-web-1");
    }

    @Test
    void countsAndTimesEveryEngineCallByVerbAndResultInTheMetricsRegistry() {
        var metrics = new Metrics();
        var measured = new Executor(engine, EventSink.NONE, 4, metrics::operation);
        engine.withImage("img");
        var net = new dev.stackd.api.model.NetworkSpec("demo_default", null, null, false, false, false, null, null, null);
        var p = new Plan("demo", List.of(),
                List.of(new Operation.CreateNetwork(new dev.stackd.controller.engine.NetworkRequest(net, java.util.Map.of()), "missing")),
                List.of(step("web", Set.of(), new StartContainer("demo-web-1", "web", "exited (code 1)"))),
                List.of(new RemoveNetwork("demo_default", "not in spec")), List.of(), null);

        measured.execute(p);

        // create network ok; start fails (the fake has no such container); the cleanup still runs
        MeterRegistry r = metrics.registry();
        assertThat(r.get("stackd.operations").tags("op", "create", "result", "ok").counter().count()).isEqualTo(1.0);
        assertThat(r.get("stackd.operations").tags("op", "start", "result", "error").counter().count()).isEqualTo(1.0);
        assertThat(r.get("stackd.operations").tags("op", "remove", "result", "ok").counter().count()).isEqualTo(1.0);
        assertThat(r.find("stackd.operations").tags("op", "start", "result", "ok").counter()).isNull();
        assertThat(r.get("stackd.operation").tags("op", "start").timer().count()).isEqualTo(1);
        assertThat(r.get("stackd.operation").tags("op", "create").timer().count()).isEqualTo(1);
        assertThat(metrics.scrape())
                .contains("stackd_operations_total{op=\"create\",result=\"ok\"} 1.0")
                .contains("stackd_operations_total{op=\"start\",result=\"error\"} 1.0")
                .contains("stackd_operation_seconds_count{op=\"start\"} 1");
    }
}
