package dev.stackd.controller.store;

import dev.stackd.controller.event.EventType;
import dev.stackd.controller.event.EventDraft;
import dev.stackd.controller.event.ObjectRef;
import dev.stackd.controller.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLogTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final EventDraft BACK_OFF =
            EventDraft.warning("demo", "web", ObjectRef.container("demo-web-1"), "BackOff", "restarting in 10s");

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(T0);
    Store store;

    @AfterEach
    void close() {
        if (store != null) store.close();
    }

    private Store open(EventRetention retention) {
        store = Store.open(dir, retention, clock);
        return store;
    }

    private Store open() {
        return open(EventRetention.defaults());
    }

    private static EventDraft started(String stack, int n) {
        return EventDraft.normal(stack, "web", ObjectRef.container(stack + "-web-" + n), "Started", "started");
    }

    @Test
    void aFirstEventIsStoredWithCountOne() {
        var event = open().record(BACK_OFF);

        assertThat(event).isEqualTo(new Event(1, T0, T0, EventType.Warning, "BackOff", "demo", "web",
                "container demo-web-1", "restarting in 10s", 1));
        assertThat(store.events(null, 0, 10)).containsExactly(event);
        assertThat(store.lastSeq()).isEqualTo(1);
    }

    @Test
    void aRepeatWithinTheWindowIsFoldedAndMovesToANewSeq() {
        open();
        var first = store.record(BACK_OFF);
        store.record(started("demo", 2));
        clock.advance(Duration.ofMinutes(9));

        var repeat = store.record(BACK_OFF);

        assertThat(repeat.count()).isEqualTo(2);
        assertThat(repeat.seq()).isEqualTo(3);
        assertThat(repeat.firstTime()).isEqualTo(T0);
        assertThat(repeat.lastTime()).isEqualTo(T0.plus(Duration.ofMinutes(9)));
        assertThat(store.events(null, 0, 10)).extracting(Event::seq).containsExactly(2L, 3L);
        assertThat(store.events(null, first.seq(), 10)).last().isEqualTo(repeat);
    }

    @Test
    void theWindowRunsFromTheLastRepeat() {
        open();
        store.record(BACK_OFF);
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofMinutes(8));
            store.record(BACK_OFF);
        }

        assertThat(store.events(null, 0, 10)).singleElement()
                .satisfies(e -> assertThat(e.count()).isEqualTo(4));
    }

    @Test
    void aRepeatOutsideTheWindowIsANewEvent() {
        open();
        store.record(BACK_OFF);
        clock.advance(Duration.ofMinutes(10).plusSeconds(1));

        var later = store.record(BACK_OFF);

        assertThat(later.count()).isEqualTo(1);
        assertThat(later.firstTime()).isEqualTo(clock.instant());
        assertThat(store.events(null, 0, 10)).hasSize(2);
    }

    @Test
    void theWindowIsConfigurable() {
        open(new EventRetention(Duration.ofSeconds(30), 100, Duration.ofDays(1), 100));
        store.record(BACK_OFF);
        clock.advance(Duration.ofSeconds(31));

        assertThat(store.record(BACK_OFF).count()).isEqualTo(1);
    }

    @Test
    void onlyTheSameObjectReasonTypeAndMessageAreFolded() {
        open();
        store.record(BACK_OFF);
        store.record(EventDraft.warning("demo", "web", ObjectRef.container("demo-web-1"), "BackOff", "restarting in 20s"));
        store.record(EventDraft.warning("demo", null, ObjectRef.container("demo-web-1"), "BackOff", "restarting in 10s"));
        store.record(EventDraft.normal("demo", "web", ObjectRef.container("demo-web-1"), "BackOff", "restarting in 10s"));
        store.record(EventDraft.warning("other", "web", ObjectRef.container("demo-web-1"), "BackOff", "restarting in 10s"));
        var nullServiceRepeat =
                store.record(EventDraft.warning("demo", null, ObjectRef.container("demo-web-1"), "BackOff", "restarting in 10s"));

        assertThat(nullServiceRepeat.count()).isEqualTo(2);
        assertThat(store.events(null, 0, 10)).hasSize(5);
    }

    @Test
    void eventsFilterByStackAndSeqAndLimit() {
        open();
        for (int i = 1; i <= 3; i++) {
            store.record(started("a", i));
            store.record(started("b", i));
        }

        assertThat(store.events("a", 0, 10)).extracting(Event::seq).containsExactly(1L, 3L, 5L);
        assertThat(store.events("a", 1, 10)).extracting(Event::seq).containsExactly(3L, 5L);
        assertThat(store.events(null, 2, 3)).extracting(Event::seq).containsExactly(3L, 4L, 5L);
        assertThat(store.events("nobody", 0, 10)).isEmpty();
    }

    @Test
    void pruneKeepsTheNewestByCount() {
        open(new EventRetention(Duration.ofMinutes(10), 3, Duration.ofDays(7), 1_000));
        for (int i = 1; i <= 10; i++) store.record(started("demo", i));

        assertThat(store.prune(clock.instant())).isEqualTo(7);

        assertThat(store.events(null, 0, 100)).extracting(Event::seq).containsExactly(8L, 9L, 10L);
    }

    /** A long repeat window lets one event span the max age: its last occurrence is what counts. */
    @Test
    void pruneDropsEventsLastSeenBeforeTheMaxAge() {
        open(new EventRetention(Duration.ofDays(8), 100, Duration.ofDays(7), 1_000));
        store.record(started("demo", 1));
        store.record(BACK_OFF);
        clock.advance(Duration.ofDays(7).minusMinutes(5));
        store.record(BACK_OFF);
        store.record(started("demo", 2));
        clock.advance(Duration.ofMinutes(6));

        assertThat(store.prune(clock.instant())).isEqualTo(1);

        assertThat(store.events(null, 0, 100)).extracting(Event::object, Event::count).containsExactly(
                tuple("container demo-web-1", 2),
                tuple("container demo-web-2", 1));
    }

    @Test
    void seqsAreNeverReusedAfterPruning() {
        open(new EventRetention(Duration.ofMinutes(10), 100, Duration.ofDays(1), 1_000));
        for (int i = 1; i <= 5; i++) store.record(started("demo", i));
        clock.advance(Duration.ofDays(2));

        assertThat(store.prune(clock.instant())).isEqualTo(5);
        assertThat(store.events(null, 0, 100)).isEmpty();
        assertThat(store.lastSeq()).isEqualTo(5);
        assertThat(store.record(started("demo", 6)).seq()).isEqualTo(6);
    }

    @Test
    void theStorePrunesByItselfEveryNEvents() {
        open(new EventRetention(Duration.ofMinutes(10), 2, Duration.ofDays(7), 5));
        for (int i = 1; i <= 4; i++) store.record(started("demo", i));
        assertThat(store.events(null, 0, 100)).hasSize(4);

        store.record(started("demo", 5));

        assertThat(store.events(null, 0, 100)).extracting(Event::seq).containsExactly(4L, 5L);
    }

    @Test
    void listenersHearEachEventInSeqOrderUntilTheyUnsubscribe() {
        open();
        var heard = new ArrayList<Event>();
        var subscription = store.onEvent(heard::add);
        var first = store.record(started("demo", 1));
        var repeat = store.record(started("demo", 1));
        subscription.close();
        store.record(started("demo", 2));

        assertThat(heard).containsExactly(first, repeat);
        assertThat(repeat.count()).isEqualTo(2);
    }

    @Test
    void aFailingListenerDoesNotStopTheOthersNorTheRecording() {
        open();
        List<Long> heard = new ArrayList<>();
        store.onEvent(e -> {
            throw new IllegalStateException("listener bug");
        });
        store.onEvent(e -> heard.add(e.seq()));

        var event = store.record(BACK_OFF);

        assertThat(heard).containsExactly(event.seq());
        assertThat(store.events(null, 0, 10)).containsExactly(event);
    }

    @Test
    void aListenerSeesTheEventAlreadyCommitted() {
        open();
        List<List<Event>> seenFromListener = new ArrayList<>();
        try (var otherConnection = Store.open(dir)) {
            store.onEvent(e -> seenFromListener.add(otherConnection.events(null, 0, 10)));

            var event = store.record(BACK_OFF);

            assertThat(seenFromListener).containsExactly(List.of(event));
        }
    }
}
