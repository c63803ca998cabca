package dev.stackd.controller.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.controller.observe.AdoptedObject;
import dev.stackd.controller.testing.MutableClock;
import dev.stackd.controller.testing.TempStore;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a stack took over from docker compose: kept across restarts, forgotten with the objects or the stack. */
class StoreAdoptionTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    @RegisterExtension
    final TempStore stores = new TempStore(clock);
    Store store; // opened by TempStore

    static final AdoptedObject DB = new AdoptedObject(AdoptedObject.Kind.CONTAINER, "c1", "p_db_1", "db", 1, "abc", "");
    static final AdoptedObject WEB = new AdoptedObject(AdoptedObject.Kind.CONTAINER, "c2", "p_web_1", "web", 1, null, "command [a] -> [b]");

    @Test
    void eachApplySaysWhetherItAdopts() {
        assertThat(store.adoptions("p").permitted()).isFalse();
        store.apply("p", "{}", "", null, true);
        assertThat(store.adoptions("p").permitted()).isTrue();
        store.apply("p", "{}", "", null); // the same spec, without --adopt: the permission goes, the generation stays
        assertThat(store.adoptions("p").permitted()).isFalse();
        assertThat(store.get("p").orElseThrow().generation()).isEqualTo(1);
    }

    @Test
    void adoptedObjectsAreKeptAcrossARestartAndForgottenWhenGone() {
        store.apply("p", "{}", "", null, true);
        store.adopt("p", DB);
        store.adopt("p", WEB);
        store.adopt("p", AdoptedObject.network("n1", "p_default"));
        store.adopt("p", AdoptedObject.volume("p_data"));
        store.adopt("p", DB); // again: replaced, not doubled
        store = stores.reopen();

        assertThat(store.adoptions("p").objects()).containsExactly(DB, WEB, AdoptedObject.network("n1", "p_default"),
                AdoptedObject.volume("p_data"));
        assertThat(store.adoptions("other").objects()).isEmpty();

        store.forgetAdopted("p", List.of(WEB));
        assertThat(store.adoptions("p").objects()).doesNotContain(WEB).hasSize(3);
    }

    @Test
    void aRemovedStackForgetsWhatItAdopted() {
        store.apply("p", "{}", "", null, true);
        store.adopt("p", DB);
        store.markDeleting("p", false);
        store.remove("p");
        store.apply("p", "{}", "", null);
        assertThat(store.adoptions("p").objects()).isEmpty();
    }
}
