package dev.stackd.controller.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stackd.controller.testing.MutableClock;
import dev.stackd.controller.testing.TempStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Restart requests: desired state per service, a time; they go with their stack. */
class StoreRestartRequestsTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00.000500Z");
    private static final String SPEC = "{\"services\":{\"web\":{\"image\":\"nginx:1\"}}}";

    final MutableClock clock = new MutableClock(T0);
    @RegisterExtension
    final TempStore stores = new TempStore(clock);
    Store store; // opened by TempStore

    @BeforeEach
    void applyDemo() {
        store.apply("demo", SPEC, null, null);
    }

    @Test
    void aRequestIsStampedRoundedUpToTheMillisecondAndALaterOneReplacesIt() {
        var first = store.requestRestart("demo", "web");
        // a replica started in the same millisecond, before the request, still counts as started before it
        assertThat(first).isEqualTo(Instant.parse("2025-03-01T10:00:00.001Z")).isAfter(T0);

        clock.advance(Duration.ofSeconds(5));
        var second = store.requestRestart("demo", "web");

        assertThat(store.restartRequests("demo")).isEqualTo(Map.of("web", second));
        assertThat(second).isAfter(first);
        assertThat(store.restartRequests("other")).isEmpty();
    }

    @Test
    void aRequestOfAMissingOrDeletingStackIsRefused() {
        assertThatThrownBy(() -> store.requestRestart("nope", "web")).isInstanceOf(StackMissingException.class);
        store.markDeleting("demo", false);

        assertThatThrownBy(() -> store.requestRestart("demo", "web")).isInstanceOf(StackDeletingException.class);
        assertThat(store.restartRequests("demo")).isEmpty();
    }

    @Test
    void theRequestsGoWithTheirStackAndDoNotComeBackWithANewOne() {
        store.requestRestart("demo", "web");
        store.markDeleting("demo", false);

        store.remove("demo");
        store.apply("demo", SPEC, null, null);

        assertThat(store.restartRequests("demo")).isEmpty();
    }

    @Test
    void theRequestsSurviveAReopen() {
        var at = store.requestRestart("demo", "web");

        store = stores.reopen();

        assertThat(store.restartRequests("demo")).isEqualTo(Map.of("web", at));
    }
}
