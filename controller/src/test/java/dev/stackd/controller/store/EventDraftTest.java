package dev.stackd.controller.store;

import dev.stackd.controller.event.EventDraft;
import dev.stackd.controller.event.ObjectRef;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventDraftTest {
    private static int utf8Bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void aLongMessageIsCutToTheCapWithAMarkerThatSaysHowLongItWas() {
        var draft = EventDraft.warning("demo", "web", ObjectRef.container("demo-web-1"), "CreateFailed", "x".repeat(100_000));

        assertThat(utf8Bytes(draft.message())).isLessThanOrEqualTo(EventDraft.MAX_MESSAGE_BYTES);
        assertThat(draft.message()).startsWith("xxxx").endsWith("... (truncated: 100000 bytes)");
    }

    @Test
    void theCutNeverSplitsACharacter() {
        String wide = "é€😀".repeat(2000); // 2, 3 and 4 bytes
        var draft = EventDraft.normal("demo", null, ObjectRef.stack("demo"), "Created", wide);

        assertThat(utf8Bytes(draft.message())).isLessThanOrEqualTo(EventDraft.MAX_MESSAGE_BYTES);
        String kept = draft.message().substring(0, draft.message().indexOf("... (truncated"));
        assertThat(wide).startsWith(kept);
        assertThat(new String(kept.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(kept);
    }

    @Test
    void aMessageWithinTheCapIsKeptAsIs() {
        String exact = "y".repeat(EventDraft.MAX_MESSAGE_BYTES);

        assertThat(EventDraft.normal("demo", null, ObjectRef.stack("demo"), "Created", exact).message()).isEqualTo(exact);
    }

    @Test
    void theStoreKeepsTheCutMessage(@TempDir Path dir) {
        try (Store store = Store.open(dir)) {
            store.record(EventDraft.warning("demo", "web", ObjectRef.container("demo-web-1"), "PullFailed", "z".repeat(1_000_000)));

            assertThat(utf8Bytes(store.events("demo", 0, 10).getFirst().message()))
                    .isLessThanOrEqualTo(EventDraft.MAX_MESSAGE_BYTES);
        }
    }
}
