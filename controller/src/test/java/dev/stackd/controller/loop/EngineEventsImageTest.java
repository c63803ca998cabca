package dev.stackd.controller.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.controller.engine.Engine.EngineEvent;
import dev.stackd.controller.testing.RecordingEngine;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * An image event (docker tag, pull, load, rmi) wakes the stacks whose services use that reference: a tag moved to
 * another image rolls them out now, not at the next resync.
 */
class EngineEventsImageTest {
    private final List<String> queued = new CopyOnWriteArrayList<>();
    private final EngineEvents events = new EngineEvents(new RecordingEngine(), queued::add, () -> {});

    @Test
    void aTagWakesEveryStackUsingTheReferenceAndNoOther() {
        events.useImages("shop", List.of("stackd-test/x:1", "nginx"));
        events.useImages("blog", List.of("stackd-test/x:1"));
        events.useImages("other", List.of("stackd-test/y:1"));

        events.route(new EngineEvent("image", "tag", "sha256:0123", Map.of("name", "stackd-test/x:1")));

        assertThat(queued).containsExactly("blog", "shop");
    }

    @Test
    void theEnginesSpellingOfAReferenceMatchesTheSpecs() {
        events.useImages("shop", List.of("nginx"));
        events.useImages("blog", List.of("docker.io/library/redis:7"));

        events.route(new EngineEvent("image", "pull", "nginx:latest", Map.of("name", "nginx")));
        events.route(new EngineEvent("image", "untag", "sha256:0123", Map.of("name", "redis:7")));

        assertThat(queued).containsExactly("shop", "blog");
    }

    @Test
    void aStackThatNoLongerUsesAnImageOrIsGoneIsNotWoken() {
        events.useImages("shop", List.of("stackd-test/x:1"));
        events.useImages("shop", List.of("stackd-test/x:2"));
        events.useImages("blog", List.of("stackd-test/x:2"));
        events.disown("blog");

        events.route(new EngineEvent("image", "tag", "sha256:1", Map.of("name", "stackd-test/x:1")));
        events.route(new EngineEvent("image", "tag", "sha256:2", Map.of("name", "stackd-test/x:2")));

        assertThat(queued).containsExactly("shop");
    }

    @Test
    void otherImageActionsWakeNothing() {
        events.useImages("shop", List.of("stackd-test/x:1"));

        events.route(new EngineEvent("image", "inspect", "stackd-test/x:1", Map.of("name", "stackd-test/x:1")));
        events.route(new EngineEvent("image", "prune", "", Map.of()));

        assertThat(queued).isEmpty();
    }
}
