package dev.stackd.controller.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An engine that does not answer is an outage (status 0), for calls and for the event stream alike. */
class UnreachableEngineTest {
    private final DockerJavaEngine nowhere = new DockerJavaEngine(URI.create("unix:///nonexistent/docker.sock"));

    @AfterEach
    void close() {
        nowhere.close();
    }

    @Test
    void callsFailAsUnavailable() {
        assertThatThrownBy(nowhere::serverVersion)
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.unavailable()).isTrue());
        assertThatThrownBy(() -> nowhere.listContainers(Labels.STACK, null))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.unavailable()).isTrue())
                .hasMessageStartingWith("list containers dev.stackd.stack");
    }

    @Test
    void theEventStreamEndsWithTheError() {
        var closedWith = new AtomicReference<Throwable>();
        nowhere.subscribe(new Engine.EventListener() {
            @Override
            public void onEvent(Engine.EngineEvent event) {
                throw new AssertionError("no engine, no event: " + event);
            }

            @Override
            public void onClosed(Throwable error) {
                closedWith.set(error);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> closedWith.get() != null);
        assertThat(closedWith.get()).isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.unavailable()).isTrue());
    }
}
