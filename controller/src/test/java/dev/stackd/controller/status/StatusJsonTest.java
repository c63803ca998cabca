package dev.stackd.controller.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stackd.controller.http.StatusSummary;
import dev.stackd.controller.status.StackStatus.Condition;
import dev.stackd.controller.status.StackStatus.ConditionStatus;
import dev.stackd.controller.status.StackStatus.ContainerStatus;
import dev.stackd.controller.status.StackStatus.ServiceStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusJsonTest {
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.100Z");
    private static final Instant T1 = Instant.parse("2026-01-02T03:05:00Z");

    /**
     * A status exactly as the stackd before the typed model wrote it (StatusJson built it node by node): the store
     * holds such documents, and the API showed this shape.
     */
    private static final String PREVIOUS_FORMAT = """
            {"observedGeneration":3,"observedAt":"2026-01-02T03:05:00Z","conditions":[\
            {"type":"Ready","status":"False","reason":"ServicesNotReady","message":"not ready: api (0/1)","lastTransitionTime":"2026-01-02T03:04:05.100Z"},\
            {"type":"Progressing","status":"False","reason":"Converged","message":"nothing to do","lastTransitionTime":"2026-01-02T03:04:05.100Z"},\
            {"type":"Degraded","status":"True","reason":"BackOff","message":"container demo-api-1: back-off","lastTransitionTime":"2026-01-02T03:05:00Z"}],\
            "services":[{"name":"api","desired":1,"running":0,"healthy":0,"ready":0,"restarts":4,"completed":false,"lastExitCode":3,"backoffUntil":"2026-01-02T03:06:20Z"},\
            {"name":"web","desired":2,"running":2,"healthy":2,"ready":2,"restarts":0,"completed":false,"lastExitCode":null,"backoffUntil":null}],\
            "containers":[{"id":"a1","name":"demo-api-1","service":"api","replica":1,"state":"exited","health":"none","restartCount":0,"exitCode":3},\
            {"id":"w1","name":"demo-web-1","service":"web","replica":1,"state":"running","health":"healthy","restartCount":0},\
            {"id":"w2","name":"demo-web-2","service":"web","replica":2,"state":"running","health":"healthy","restartCount":0}]}""";

    @Test
    void aStatusOfThePreviousFormatReadsAsTheRecordAndWritesBackByteForByte() {
        StackStatus status = StatusJson.read(PREVIOUS_FORMAT);

        assertThat(status.observedGeneration()).isEqualTo(3);
        assertThat(status.condition("Degraded")).isEqualTo(new Condition("Degraded", ConditionStatus.True, "BackOff",
                "container demo-api-1: back-off", T1));
        assertThat(status.condition("Ready").lastTransitionTime()).isEqualTo(T0);
        assertThat(status.services().getFirst()).isEqualTo(
                new ServiceStatus("api", 1, 0, 0, 0, 4, false, 3, Instant.parse("2026-01-02T03:06:20Z"), null));
        assertThat(status.containers("web")).extracting(ContainerStatus::name).containsExactly("demo-web-1", "demo-web-2");
        assertThat(status.containers("api").getFirst().exitCode()).isEqualTo(3);
        assertThat(StatusJson.write(status)).isEqualTo(PREVIOUS_FORMAT);
    }

    @Test
    void aStatusWrittenBeforeReadyWasCountedReadsWithTheOldRule() {
        // no ready count, healthy null, no containers, conditions without message or transition time
        var old = StatusJson.read("""
                {"observedGeneration":1,"conditions":[{"type":"Ready","status":"True","reason":"AllRunning"}],
                 "services":[{"name":"web","desired":1,"running":1,"healthy":null},{"name":"db","desired":2,"running":1}]}""");

        assertThat(old.containers()).isEmpty();
        assertThat(old.condition("Ready").message()).isNull();
        assertThat(old.services()).extracting(ServiceStatus::isReady).containsExactly(true, false);
        assertThat(StatusSummary.of(old)).isEqualTo(new StatusSummary(ConditionStatus.True, "AllRunning", null, 1, 2, ConditionStatus.Unknown, null));
    }

    @Test
    void whatANewerStackdWroteStillReads() {
        var newer = StatusJson.read("""
                {"observedGeneration":2,"rollout":{"service":"web"},"conditions":[{"type":"Ready","status":"Maybe","reason":"X"}],
                 "services":[{"name":"web","desired":1,"running":1,"healthy":1,"ready":1,"restartRequestedAt":"2026-01-02T03:04:05Z"}]}""");

        assertThat(newer.condition("Ready").status()).isEqualTo(ConditionStatus.Unknown);
        assertThat(newer.isTrue("Ready")).isFalse();
        assertThat(newer.services().getFirst().isReady()).isTrue();
    }

    @Test
    void aConditionKeepsItsTransitionTimeWhileItKeepsItsValue() {
        var first = computed(true, false).observed(1, null, T0);
        var same = computed(true, false).observed(1, first, T1);
        var changed = computed(false, false).observed(2, same, T1);

        assertThat(first.conditions()).extracting(Condition::lastTransitionTime).containsOnly(T0);
        assertThat(same.conditions()).extracting(Condition::lastTransitionTime).containsOnly(T0);
        assertThat(changed.condition("Ready").lastTransitionTime()).isEqualTo(T1);
        assertThat(changed.condition("Degraded").lastTransitionTime()).isEqualTo(T0);
        assertThat(changed.observedGeneration()).isEqualTo(2);
    }

    @Test
    void theSameStateIgnoresOnlyTheTimeOfObservation() {
        var a = computed(true, false).observed(1, null, T0);
        var later = new StackStatus(1, T1, a.conditions(), a.services(), a.containers());

        assertThat(later.sameState(a)).isTrue();
        assertThat(a.sameState(null)).isFalse();
        assertThat(computed(true, true).observed(1, a, T1).sameState(a)).isFalse();
        assertThat(computed(true, false).observed(2, a, T1).sameState(a)).as("another generation").isFalse();
    }

    @Test
    void aStampedStatusRoundTrips() {
        var status = computed(true, false).observed(7, null, T0);

        assertThat(StatusJson.read(StatusJson.write(status))).isEqualTo(status);
    }

    @Test
    void aStoredStatusThatDoesNotReadCountsAsNone() {
        assertThat(StatusJson.stored(null)).isEmpty();
        assertThat(StatusJson.stored("")).isEmpty();
        assertThat(StatusJson.stored("{\"conditions\":7")).isEmpty();
        assertThatThrownBy(() -> StatusJson.read("[1]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a stack status");
    }

    @Test
    void theConditionsSeededFromAStoredStatusAreItsTrueOnes() {
        var conditions = new StackConditions();

        conditions.seed("demo", PREVIOUS_FORMAT);
        conditions.seed("broken", "not json");

        assertThat(conditions.counts()).containsExactly(java.util.Map.entry("Degraded", 1));
    }

    private static StackStatus computed(boolean ready, boolean degraded) {
        return new StackStatus(0, T0,
                List.of(Condition.of("Ready", ready, "R", "r"), Condition.of("Progressing", false, "Converged", "nothing to do"),
                        Condition.of("Degraded", degraded, "D", "d")),
                List.of(new ServiceStatus("web", 1, 1, 1, ready ? 1 : 0, 0, false, null, null, null)),
                List.of(new ContainerStatus("w1", "demo-web-1", "web", 1, "running", "none", 0, null)));
    }
}
