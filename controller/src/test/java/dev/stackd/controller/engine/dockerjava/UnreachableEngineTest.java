package dev.stackd.controller.engine.dockerjava;

import dev.stackd.controller.engine.Engine;
import dev.stackd.controller.engine.EngineException;
import dev.stackd.controller.engine.Labels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
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
    void aStreamThatNeverStartedIsNotASubscription() {
        // before, subscribe returned as if subscribed and then told the listener the stream had ended: its caller
        // counted that as a connection, and resubscribed and resynced every stack at its fastest pace
        var told = new AtomicReference<Throwable>();
        assertThatThrownBy(() -> nowhere.subscribe(new Engine.EventListener() {
            @Override
            public void onEvent(Engine.EngineEvent event) {
                throw new AssertionError("no engine, no event: " + event);
            }

            @Override
            public void onClosed(Throwable error) {
                told.set(error);
            }
        })).isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.unavailable()).isTrue());
        assertThat(told.get()).as("the listener is not told of a stream it never had").isNull();
    }

    @Test
    void noSocketTakesNoConnection() {
        assertThat(nowhere.acceptsConnections()).isFalse();
    }
}
