package dev.stackd.controller.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.controller.store.StackRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The store's disk full: an apply is a 503 saying so (before: a 500 quoting SQLite and the store's path), nothing
 * is half-written, and applies succeed again once there is room. The file system is filled by capping the
 * database's size (SQLite's max_page_count gives the same SQLITE_FULL as a full disk).
 */
@ExtendWith(ApiServerExtension.class)
class HttpStoreFullTest {
    /** A server per test, on a data dir of its own: {@link ApiServerExtension}. */
    ApiServer api;

    @Test
    void aFullStoreIsA503WithoutTheStoresInternalsAndRecovers() {
        assertThat(api.putYaml("small", "services:\n  web:\n    image: img\n").statusCode()).isEqualTo(201);
        long generation = api.store.get("small").orElseThrow().generation();
        api.store.capPages(api.store.pageCount()); // no page more: the disk is full

        var big = "services:\n  web:\n    image: img\n    environment:\n" + "      X%d: \"%s\"\n".repeat(1).formatted(1, "x".repeat(200_000));
        var r = api.putYaml("big", big);
        var update = api.putYaml("small", big);

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        assertThat(r.body()).contains("no space").doesNotContain("SQLITE").doesNotContain(api.dataDir.toString());
        assertThat(update.statusCode()).isEqualTo(503);
        assertThat(api.store.get("big")).as("nothing half-written").isEmpty();
        assertThat(api.store.get("small")).map(StackRecord::generation).contains(generation);

        api.store.capPages(1_000_000);
        assertThat(api.putYaml("big", big).statusCode()).isEqualTo(201);
    }
}
