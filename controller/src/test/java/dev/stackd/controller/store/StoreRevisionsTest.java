package dev.stackd.controller.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.stackd.controller.observe.RolloutHold;
import dev.stackd.controller.store.Revision.Outcome;
import dev.stackd.controller.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Revisions: each stack's last N applied generations with what they changed and how their rollout went; rollbacks
 * apply one as a new generation; the pauses and rollbacks the reconciler decides stay until a new apply or a resume.
 */
class StoreRevisionsTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(T0);
    Store store;

    @BeforeEach
    void open() {
        store = Store.open(dir, EventRetention.defaults(), clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static String spec(String web, String db) {
        return "{\"services\":{" + (web == null ? "" : "\"web\":{\"image\":\"" + web + "\"}")
                + (web != null && db != null ? "," : "") + (db == null ? "" : "\"db\":{\"image\":\"" + db + "\"}") + "}}";
    }

    private void apply(String web, String db) {
        clock.advance(Duration.ofSeconds(10));
        store.apply("demo", spec(web, db), "source " + web + " " + db, null);
    }

    @Test
    void eachNewGenerationIsARevisionWithTheServicesItChangedNewestFirst() {
        apply("nginx:1", null);
        apply("nginx:2", "postgres:16");
        apply("nginx:2", null);
        store.apply("demo", spec("nginx:2", null), "only the source changed", null); // no new generation

        var revisions = store.revisions("demo");

        assertThat(revisions).extracting(Revision::generation).containsExactly(3L, 2L, 1L);
        assertThat(revisions.get(0).changes()).isEqualTo(new Revision.Changes(List.of(), List.of(), List.of("db")));
        assertThat(revisions.get(1).changes()).isEqualTo(new Revision.Changes(List.of("web"), List.of("db"), List.of()));
        assertThat(revisions.get(1).changes().all()).containsExactly("db", "web");
        assertThat(revisions.get(2).changes()).isEqualTo(new Revision.Changes(List.of(), List.of("web"), List.of()));
        assertThat(revisions.get(2).appliedAt()).isEqualTo(T0.plusSeconds(10));
        assertThat(revisions.get(1).sourceText()).isEqualTo("source nginx:2 postgres:16");
        assertThat(revisions.get(1).specJson()).isEqualTo(spec("nginx:2", "postgres:16"));
        // an apply before the one before completed supersedes it
        assertThat(revisions).extracting(Revision::outcome)
                .containsExactly(Outcome.Progressing, Outcome.Superseded, Outcome.Superseded);
    }

    @Test
    void aConvergedGenerationIsCompletedOnceAndStaysSoWhenANewerOneComes() {
        apply("nginx:1", null);

        assertThat(store.revisionCompleted("demo", 1)).isTrue();
        assertThat(store.revisionCompleted("demo", 1)).isFalse();
        apply("nginx:2", null);

        assertThat(store.revisions("demo")).extracting(Revision::generation, Revision::outcome)
                .containsExactly(tuple(2L, Outcome.Progressing), tuple(1L, Outcome.Completed));
    }

    @Test
    void theHistoryKeepsTheLastNPerStack() {
        store.keepRevisions(3);
        for (int i = 1; i <= 6; i++) apply("nginx:" + i, null);
        store.apply("other", spec("a:1", null), null, null);

        assertThat(store.revisions("demo")).extracting(Revision::generation).containsExactly(6L, 5L, 4L);
        assertThat(store.revisions("other")).hasSize(1);
    }

    @Test
    void theNumberKeptIsRangeChecked() {
        assertThatThrownBy(() -> store.keepRevisions(0)).hasMessage("revisions must be between 1 and 1000, not 0");
        assertThatThrownBy(() -> store.keepRevisions(1001)).hasMessage("revisions must be between 1 and 1000, not 1001");
        store.keepRevisions(1000);
    }

    @Test
    void theRevisionsAndHoldsGoWithTheirStack() {
        apply("nginx:1", null);
        apply("nginx:2", null);
        store.holdRollout("demo", RolloutHold.pause("web", 2, "demo-web-1 exited (code 1)", T0));
        store.markDeleting("demo", false);
        store.remove("demo");

        store.apply("demo", spec("nginx:3", null), null, null);

        assertThat(store.revisions("demo")).extracting(Revision::generation).containsExactly(1L);
        assertThat(store.revisions("demo").getFirst().specJson()).isEqualTo(spec("nginx:3", null));
        assertThat(store.rolloutState("demo", 1).holds()).isEmpty();
    }

    @Test
    void aPauseIsStoredOnceMarksTheRevisionAndGoesWithANewApply() {
        apply("nginx:1", null);
        apply("nginx:2", null);

        assertThat(store.holdRollout("demo", RolloutHold.pause("web", 2, "demo-web-1 exited (code 1)", T0))).isTrue();
        assertThat(store.holdRollout("demo", RolloutHold.pause("web", 2, "demo-web-2 unhealthy", T0))).isFalse();
        assertThat(store.holdRollout("demo", RolloutHold.pause("db", 1, "of an older generation", T0))).isFalse();

        var state = store.rolloutState("demo", 2);
        assertThat(state.hold("web").reason()).isEqualTo("demo-web-1 exited (code 1)");
        assertThat(state.hold("web").action()).isEqualTo(RolloutHold.Action.PAUSE);
        assertThat(state.updated()).containsExactly("web");
        assertThat(state.appliedAt()).isEqualTo(T0.plusSeconds(20));
        assertThat(store.revisions("demo").getFirst().outcome()).isEqualTo(Outcome.Paused);

        apply("nginx:3", null);

        assertThat(store.rolloutState("demo", 3).holds()).isEmpty();
        assertThat(store.revisions("demo")).extracting(Revision::outcome)
                .containsExactly(Outcome.Progressing, Outcome.Paused, Outcome.Superseded);
    }

    @Test
    void aResumeDropsThePausesAndTheRevisionProgressesAgain() {
        apply("nginx:1", null);
        apply("nginx:2", null);
        store.holdRollout("demo", RolloutHold.pause("web", 2, "demo-web-1 exited (code 1)", T0));

        assertThat(store.resumeRollout("demo")).containsExactly("web");

        assertThat(store.rolloutState("demo", 2).holds()).isEmpty();
        assertThat(store.revisions("demo").getFirst().outcome()).isEqualTo(Outcome.Progressing);
        assertThat(store.resumeRollout("demo")).isEmpty();
        assertThatThrownBy(() -> store.resumeRollout("nope")).isInstanceOf(StackMissingException.class);
    }

    @Test
    void aRollbackIsStoredItsRevisionIsRolledBackAndItsEndIsRecordedOnce() {
        apply("nginx:1", null);
        apply("nginx:2", null);

        assertThat(store.holdRollout("demo", RolloutHold.rollback("web", 2, "demo-web-1 exited (code 1)", 1, T0))).isTrue();

        var hold = store.rolloutState("demo", 2).hold("web");
        assertThat(hold.toGeneration()).isEqualTo(1L);
        assertThat(hold.doneAt()).isNull();
        assertThat(store.revisions("demo").getFirst().outcome()).isEqualTo(Outcome.RolledBack);
        assertThat(store.rollbackDone("demo", "web")).isTrue();
        assertThat(store.rollbackDone("demo", "web")).isFalse();
        assertThat(store.rolloutState("demo", 2).hold("web").doneAt()).isNotNull();
        // survives a restart of stackd
        store.close();
        store = Store.open(dir, EventRetention.defaults(), clock);
        assertThat(store.rolloutState("demo", 2).hold("web").action()).isEqualTo(RolloutHold.Action.ROLLBACK);
    }

    @Test
    void aRollbackAppliesAnEarlierRevisionAsANewGenerationSkippingOnesThatRolledBack() {
        apply("nginx:1", null);
        apply("nginx:2", null);
        apply("nginx:3", null);
        store.holdRollout("demo", RolloutHold.rollback("web", 3, "demo-web-1 exited (code 1)", 2, T0));

        var result = store.rollback("demo", null, null);

        assertThat(result.toGeneration()).isEqualTo(2L);
        assertThat(result.apply().generation()).isEqualTo(4L);
        assertThat(store.get("demo").orElseThrow().specJson()).isEqualTo(spec("nginx:2", null));
        assertThat(store.get("demo").orElseThrow().sourceText()).isEqualTo("source nginx:2 null");
        assertThat(store.revisions("demo")).extracting(Revision::generation, Revision::outcome).containsExactly(
                tuple(4L, Outcome.Progressing), tuple(3L, Outcome.RolledBack), tuple(2L, Outcome.Superseded),
                tuple(1L, Outcome.Superseded));
        assertThat(store.rolloutState("demo", 4).holds()).isEmpty();

        // from 4, the newest before it that did not roll back is 2 (3 did)
        assertThat(store.revisionBefore("demo", 4).orElseThrow().generation()).isEqualTo(2L);
    }

    @Test
    void aRollbackToAGenerationTheHistoryDoesNotHoldOrOnAChangedStackIsRefused() {
        store.keepRevisions(2);
        apply("nginx:1", null);
        apply("nginx:2", null);
        apply("nginx:3", null);

        assertThatThrownBy(() -> store.rollback("demo", 1L, null)).isInstanceOf(RevisionMissingException.class)
                .hasMessageContaining("keeps no revision 1");
        assertThatThrownBy(() -> store.rollback("demo", 9L, null)).isInstanceOf(RevisionMissingException.class);
        assertThatThrownBy(() -> store.rollback("demo", 2L, 2L)).isInstanceOf(StaleGenerationException.class);
        assertThatThrownBy(() -> store.rollback("nope", null, null)).isInstanceOf(StackMissingException.class);
        store.apply("single", spec("a:1", null), null, null);
        assertThatThrownBy(() -> store.rollback("single", null, null)).isInstanceOf(RevisionMissingException.class)
                .hasMessageContaining("no revision before generation 1");
        assertThat(store.get("demo").orElseThrow().generation()).isEqualTo(3L);
    }
}
