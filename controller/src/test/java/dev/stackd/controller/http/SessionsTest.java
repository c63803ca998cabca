package dev.stackd.controller.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stackd.controller.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-02T03:04:05Z"));

    @Test
    void aSessionExpiresItsLifetimeAfterItWasOpenedHoweverOftenItIsUsed() {
        var sessions = new Sessions(clock, Duration.ofHours(12), 8);
        var s = sessions.open();
        assertThat(s.expires()).isEqualTo(clock.instant().plus(Duration.ofHours(12)));

        clock.advance(Duration.ofHours(11));
        assertThat(sessions.expiry(s.id())).contains(s.expires());
        clock.advance(Duration.ofMinutes(59).plusSeconds(59));
        assertThat(sessions.expiry(s.id())).isPresent();
        clock.advance(Duration.ofSeconds(1));

        assertThat(sessions.expiry(s.id())).isEmpty();
        assertThat(sessions.size()).isZero();
    }

    @Test
    void pastTheCapacityTheOldestSessionEndsAndNoMoreAreHeld() {
        var sessions = new Sessions(clock, Duration.ofHours(12), 3);
        List<Sessions.Session> opened = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            opened.add(sessions.open());
            clock.advance(Duration.ofSeconds(1));
            assertThat(sessions.size()).isLessThanOrEqualTo(3);
        }

        assertThat(sessions.expiry(opened.get(0).id())).isEmpty();
        assertThat(sessions.expiry(opened.get(1).id())).isEmpty();
        assertThat(opened.subList(2, 5)).allSatisfy(s -> assertThat(sessions.expiry(s.id())).isPresent());
    }

    @Test
    void expiredSessionsMakeRoomBeforeALiveOneIsPushedOut() {
        var sessions = new Sessions(clock, Duration.ofMinutes(10), 2);
        sessions.open();
        clock.advance(Duration.ofMinutes(9));
        var live = sessions.open();
        clock.advance(Duration.ofMinutes(2)); // the first has expired, the second has 7 minutes left

        var next = sessions.open();

        assertThat(sessions.expiry(live.id())).isPresent();
        assertThat(sessions.expiry(next.id())).isPresent();
    }

    @Test
    void idsAreRandom256BitAndUnknownOrClosedOnesAreRefused() {
        var sessions = new Sessions(clock, Duration.ofHours(1), 64);
        var ids = new HashSet<String>();
        for (int i = 0; i < 50; i++) ids.add(sessions.open().id());
        assertThat(ids).hasSize(50).allSatisfy(id -> assertThat(java.util.Base64.getUrlDecoder().decode(id)).hasSize(32));

        String one = ids.iterator().next();
        sessions.close(one);
        assertThat(sessions.expiry(one)).isEmpty();
        assertThat(sessions.expiry(null)).isEmpty();
        assertThat(sessions.expiry("")).isEmpty();
        assertThat(sessions.expiry("x".repeat(10_000))).isEmpty();
        var logged = sessions.open();
        assertThat(logged.toString()).doesNotContain(logged.id()); // never the ID in a log line
    }

    @Test
    void aLifetimeAndACapacityMustBePositive() {
        assertThatThrownBy(() -> new Sessions(clock, Duration.ZERO, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Sessions(clock, Duration.ofHours(1), 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
