package dev.stackd.controller.plan;

import dev.stackd.controller.testing.RecordingEngine;
import dev.stackd.controller.status.StackStatus;
import static dev.stackd.controller.testing.Specs.service;
import static dev.stackd.controller.testing.Specs.stack;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.api.model.StackSpec;
import dev.stackd.controller.engine.ObservedContainer.Health;
import dev.stackd.controller.status.StackStatus.Condition;
import org.junit.jupiter.api.Test;

class PlannerStatusTest {
    private final Planner planner = new Planner();

    private StackStatus status(StackSpec desired, RecordingEngine world) {
        var observed = world.state();
        return StackStatus.of(desired, observed, planner.plan(desired, observed));
    }

    @Test
    void aConvergedHealthyStackIsReadyAndStable() {
        var desired = PlannerGoldenTest.demo();
        var status = status(desired, RecordingEngine.converged(desired).change("demo-db-1", c -> c.health = Health.HEALTHY));
        assertThat(status.conditions()).containsExactly(
                Condition.of("Ready", true, "AllServicesReady", "every service has its replicas ready or completed"),
                Condition.of("Progressing", false, "Converged", "nothing to do"),
                Condition.of("Degraded", false, "AsExpected", "no warnings"));
        var db = status.services().get(0);
        assertThat(db.name()).isEqualTo("db");
        assertThat(db.desired()).isEqualTo(1);
        assertThat(db.running()).isEqualTo(1);
        assertThat(db.healthy()).isEqualTo(1);
        assertThat(status.containers("db")).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("demo-db-1");
            assertThat(c.state()).isEqualTo("running");
            assertThat(c.health()).isEqualTo("healthy");
            assertThat(c.exitCode()).isNull();
        });
    }

    @Test
    void aStackWaitingForAHealthyDependencyIsProgressingNotReady() {
        var desired = PlannerGoldenTest.demo();
        var status = status(desired, RecordingEngine.converged(desired).withoutContainer("demo-web-1")
                .change("demo-db-1", c -> c.health = Health.STARTING));
        assertThat(status.condition("Ready").isTrue()).isFalse();
        assertThat(status.condition("Ready").message()).isEqualTo("not ready: db (0/1), web (0/1)");
        assertThat(status.condition("Progressing")).isEqualTo(
                Condition.of("Progressing", true, "WaitingForDependency", "web waiting for db (service_healthy)"));
        assertThat(status.condition("Degraded").isTrue()).isFalse();
        assertThat(status.services().get(1).running()).isZero();
    }

    @Test
    void aCrashLoopIsDegradedWithItsBackoffAndExitCode() {
        var desired = stack("demo").service(service("api").image("api:1").restart("always")).spec();
        var world = RecordingEngine.converged(desired)
                .change("demo-api-1", c -> c.exited(3)).restarts("demo-api-1", 4, RecordingEngine.NOW.plusSeconds(80));
        var api = status(desired, world);
        assertThat(api.condition("Degraded").isTrue()).isTrue();
        assertThat(api.condition("Degraded").reason()).isEqualTo("BackOff");
        assertThat(api.condition("Progressing").isTrue()).isFalse();
        var s = api.services().get(0);
        assertThat(s.backoffUntil()).isEqualTo(RecordingEngine.NOW.plusSeconds(80));
        assertThat(s.restarts()).isEqualTo(4);
        assertThat(s.running()).isZero();
        assertThat(api.containers("api").get(0).exitCode()).isEqualTo(3);
    }

    @Test
    void lastExitCodeIsTheMostRecentlyFinished() {
        var desired = stack("demo").service(service("api").image("api:1").restart("always").replicas(2)).spec();
        var world = RecordingEngine.converged(desired)
                .change("demo-api-1", c -> {
                    c.exited(1);
                    c.finishedAt = RecordingEngine.NOW.minusSeconds(60);
                })
                .change("demo-api-2", c -> {
                    c.exited(2);
                    c.finishedAt = RecordingEngine.NOW.minusSeconds(5);
                });
        assertThat(status(desired, world).services().get(0).lastExitCode()).isEqualTo(2);
    }

    @Test
    void aCompletedOneShotIsReady() {
        var desired = stack("demo").service(service("migrate").image("migrate:1").restart("no")).spec();
        var status = status(desired, RecordingEngine.converged(desired).change("demo-migrate-1", c -> c.exited(0)));
        assertThat(status.condition("Ready").isTrue()).isTrue();
        assertThat(status.services().get(0).completed()).isTrue();
        assertThat(status.services().get(0).lastExitCode()).isNull(); // no finishedAt observed
    }

    @Test
    void theSummaryCountsServicesReadyByTheRuleOfTheReadyCondition() {
        // before, the summary (stackd get's SERVICES column) had its own rule, running >= desired: a completed
        // one-shot made the stack Ready while get showed 1/2 services ready
        var desired = stack("demo").service(service("migrate").image("migrate:1").restart("no"))
                .service(service("web").image("web:1")).spec();
        var status = status(desired, RecordingEngine.converged(desired).change("demo-migrate-1", c -> c.exited(0)));
        var stored = dev.stackd.controller.status.StatusJson.write(status.observed(1, null, RecordingEngine.NOW));

        var summary = dev.stackd.controller.http.StatusSummary.of(dev.stackd.controller.status.StatusJson.read(stored));

        assertThat(summary.ready()).isEqualTo(StackStatus.ConditionStatus.True);
        assertThat(summary.servicesReady()).isEqualTo(2);
        assertThat(status.services()).extracting(StackStatus.ServiceStatus::ready).containsExactly(1, 1);
    }

    @Test
    void anUnhealthyContainerDegradesTheStackEvenWhenStackdLeavesItAlone() {
        var desired = stack("demo").service(service("legacy").image("legacy:1").healthcheck().restartUnhealthy(false)).spec();
        var status = status(desired, RecordingEngine.converged(desired).change("demo-legacy-1", c -> c.health = Health.UNHEALTHY));
        assertThat(status.condition("Degraded")).isEqualTo(Condition.of("Degraded", true, "Unhealthy", "unhealthy: demo-legacy-1"));
        assertThat(status.condition("Ready").isTrue()).isFalse();
        assertThat(status.condition("Progressing").isTrue()).isFalse();
        assertThat(status.services().get(0).healthy()).isZero();
    }
}
