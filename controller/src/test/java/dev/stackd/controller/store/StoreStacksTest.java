package dev.stackd.controller.store;

import dev.stackd.controller.event.EventDraft;
import dev.stackd.controller.event.ObjectRef;
import dev.stackd.controller.testing.MutableClock;
import dev.stackd.controller.testing.TempStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StoreStacksTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final String SPEC_1 = "{\"services\":{\"web\":{\"image\":\"nginx:1\"}}}";
    private static final String SPEC_2 = "{\"services\":{\"web\":{\"image\":\"nginx:2\"}}}";
    private static final String SOURCE_1 = "services:\n  web:\n    image: nginx:1\n";
    private static final String SOURCE_1_COMMENTED = "# the front\nservices:\n  web:\n    image: nginx:1\n";

    final MutableClock clock = new MutableClock(T0);
    @RegisterExtension
    final TempStore stores = new TempStore(clock);
    Store store; // opened by TempStore

    @Test
    void applyingANewStackCreatesGenerationOne() {
        var result = store.apply("demo", SPEC_1, SOURCE_1, null);

        assertThat(result).isEqualTo(new ApplyResult("demo", 1, true, true));
        assertThat(store.get("demo")).contains(
                new StackRecord("demo", SPEC_1, SOURCE_1, 1, 0, T0, T0, false, false, null, null));
    }

    @Test
    void theOriginIsKeptAndAChangeOfItAloneIsNoNewGeneration() {
        store.apply("demo", SPEC_1, SOURCE_1, "{\"files\":[\"/a/compose.yaml\"],\"profiles\":[]}", null);
        assertThat(store.get("demo").orElseThrow().originJson()).isEqualTo("{\"files\":[\"/a/compose.yaml\"],\"profiles\":[]}");

        var again = store.apply("demo", SPEC_1, SOURCE_1, "{\"files\":[\"/a/compose.yaml\"],\"profiles\":[\"debug\"]}", null);

        assertThat(again.changed()).isFalse();
        assertThat(store.get("demo").orElseThrow().generation()).isEqualTo(1);
        assertThat(store.get("demo").orElseThrow().originJson()).contains("debug");
    }

    @Test
    void applyingTheSameSpecAgainChangesNothing() {
        store.apply("demo", SPEC_1, SOURCE_1, null);
        var before = store.get("demo").orElseThrow();
        clock.advance(Duration.ofMinutes(1));

        var result = store.apply("demo", SPEC_1, SOURCE_1, null);

        assertThat(result).isEqualTo(new ApplyResult("demo", 1, false, false));
        assertThat(store.get("demo")).contains(before);
    }

    @Test
    void aNewSpecBumpsTheGeneration() {
        store.apply("demo", SPEC_1, SOURCE_1, null);
        clock.advance(Duration.ofMinutes(1));

        var result = store.apply("demo", SPEC_2, "image: nginx:2", null);

        assertThat(result).isEqualTo(new ApplyResult("demo", 2, false, true));
        var stack = store.get("demo").orElseThrow();
        assertThat(stack.generation()).isEqualTo(2);
        assertThat(stack.specJson()).isEqualTo(SPEC_2);
        assertThat(stack.sourceText()).isEqualTo("image: nginx:2");
        assertThat(stack.createdAt()).isEqualTo(T0);
        assertThat(stack.updatedAt()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
    }

    @Test
    void aChangedSourceWithTheSameSpecKeepsTheGeneration() {
        store.apply("demo", SPEC_1, SOURCE_1, null);
        clock.advance(Duration.ofMinutes(1));

        var result = store.apply("demo", SPEC_1, SOURCE_1_COMMENTED, null);

        assertThat(result).isEqualTo(new ApplyResult("demo", 1, false, false));
        var stack = store.get("demo").orElseThrow();
        assertThat(stack.generation()).isEqualTo(1);
        assertThat(stack.sourceText()).isEqualTo(SOURCE_1_COMMENTED);
        assertThat(stack.updatedAt()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
    }

    @Test
    void aStaleExpectedGenerationChangesNothing() {
        store.apply("demo", SPEC_1, SOURCE_1, null);
        store.apply("demo", SPEC_2, SOURCE_1, null);
        var before = store.get("demo").orElseThrow();

        assertThatThrownBy(() -> store.apply("demo", SPEC_1, SOURCE_1, 1L))
                .isInstanceOfSatisfying(StaleGenerationException.class, e -> {
                    assertThat(e.expected()).isEqualTo(1);
                    assertThat(e.current()).isEqualTo(2);
                })
                .hasMessageContaining("stack demo is at generation 2, not 1");
        assertThat(store.get("demo")).contains(before);
    }

    @Test
    void theCurrentExpectedGenerationApplies() {
        store.apply("demo", SPEC_1, SOURCE_1, null);

        assertThat(store.apply("demo", SPEC_2, SOURCE_1, 1L).generation()).isEqualTo(2);
    }

    @Test
    void expectedGenerationZeroMeansCreateOnly() {
        assertThat(store.apply("demo", SPEC_1, SOURCE_1, 0L).created()).isTrue();

        assertThatThrownBy(() -> store.apply("demo", SPEC_2, SOURCE_1, 0L))
                .isInstanceOf(StaleGenerationException.class);
        assertThat(store.get("demo").orElseThrow().specJson()).isEqualTo(SPEC_1);
    }

    @Test
    void anExpectedGenerationForAMissingStackCreatesNothing() {
        assertThatThrownBy(() -> store.apply("ghost", SPEC_1, SOURCE_1, 3L))
                .isInstanceOfSatisfying(StaleGenerationException.class, e -> assertThat(e.current()).isZero());
        assertThat(store.get("ghost")).isEmpty();
    }

    @Test
    void listIsSortedByName() {
        store.apply("zeta", SPEC_1, SOURCE_1, null);
        store.apply("alpha", SPEC_1, SOURCE_1, null);
        store.apply("mid", SPEC_1, SOURCE_1, null);

        assertThat(store.list()).extracting(StackRecord::name).containsExactly("alpha", "mid", "zeta");
        assertThat(store.get("nope")).isEmpty();
    }

    @Test
    void markDeletingFlagsTheStackAndRemembersVolumes() {
        store.apply("keep", SPEC_1, SOURCE_1, null);
        store.apply("demo", SPEC_1, SOURCE_1, null);

        assertThat(store.markDeleting("demo", true)).isTrue();
        assertThat(store.markDeleting("demo", false)).isTrue();
        assertThat(store.markDeleting("ghost", false)).isFalse();

        assertThat(store.deleting()).singleElement().satisfies(stack -> {
            assertThat(stack.name()).isEqualTo("demo");
            assertThat(stack.deleting()).isTrue();
            assertThat(stack.deleteVolumes()).isTrue();
        });
        assertThat(store.get("keep").orElseThrow().deleting()).isFalse();
    }

    @Test
    void applyingToAStackBeingDeletedIsRefused() {
        store.apply("demo", SPEC_1, SOURCE_1, null);
        store.markDeleting("demo", false);
        var before = store.get("demo").orElseThrow();

        assertThatThrownBy(() -> store.apply("demo", SPEC_2, SOURCE_1, null))
                .isInstanceOf(StackDeletingException.class)
                .hasMessageContaining("stack demo is being deleted");
        assertThat(store.get("demo")).contains(before);
    }

    @Test
    void removeForgetsOnlyAStackMarkedDeleting() {
        store.apply("demo", SPEC_1, SOURCE_1, null);

        assertThat(store.remove("demo")).isFalse();
        assertThat(store.get("demo")).isPresent();

        store.markDeleting("demo", false);
        assertThat(store.remove("demo")).isTrue();
        assertThat(store.get("demo")).isEmpty();
        assertThat(store.deleting()).isEmpty();
        assertThat(store.remove("demo")).isFalse();
    }

    @Test
    void aRemovedStackCanBeAppliedAnewAtGenerationOne() {
        store.apply("demo", SPEC_1, SOURCE_1, null);
        store.apply("demo", SPEC_2, SOURCE_1, null);
        store.markDeleting("demo", false);
        store.remove("demo");

        assertThat(store.apply("demo", SPEC_2, SOURCE_1, null)).isEqualTo(new ApplyResult("demo", 1, true, true));
    }

    @Test
    void setStatusStoresTheObservedGenerationAndStatus() {
        store.apply("demo", SPEC_1, SOURCE_1, null);

        assertThat(store.setStatus("demo", 1, "{\"phase\":\"Running\"}")).isTrue();

        var stack = store.get("demo").orElseThrow();
        assertThat(stack.observedGeneration()).isEqualTo(1);
        assertThat(stack.statusJson()).isEqualTo("{\"phase\":\"Running\"}");
        assertThat(store.setStatus("ghost", 1, "{}")).isFalse();
    }

    @Test
    void aStatusForAnOlderGenerationIsIgnored() {
        store.apply("demo", SPEC_1, SOURCE_1, null);
        store.apply("demo", SPEC_2, SOURCE_1, null);
        store.setStatus("demo", 2, "{\"phase\":\"Running\"}");

        assertThat(store.setStatus("demo", 1, "{\"phase\":\"Stale\"}")).isFalse();

        var stack = store.get("demo").orElseThrow();
        assertThat(stack.observedGeneration()).isEqualTo(2);
        assertThat(stack.statusJson()).isEqualTo("{\"phase\":\"Running\"}");
    }

    @Test
    void theEventsOfARemovedStackStay() {
        store.apply("demo", SPEC_1, SOURCE_1, null);
        store.record(EventDraft.normal("demo", "web", ObjectRef.container("demo-web-1"), "Created", "created"));
        store.markDeleting("demo", false);
        store.remove("demo");

        assertThat(store.events("demo", 0, 10)).hasSize(1);
    }
}
