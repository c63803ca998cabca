package dev.stackd.controller.engine.dockerjava;

import dev.stackd.controller.engine.EngineException;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Event;
import dev.stackd.controller.engine.Engine.EngineEvent;
import dev.stackd.controller.engine.Engine.EventListener;
import java.time.Duration;

/** One subscription to the engine's event stream; tells its listener exactly once that the stream ended. */
final class DockerJavaEvents extends DockerJavaStream<Event> {
    private final EventListener listener;

    private DockerJavaEvents(EventListener listener) {
        super("event stream");
        this.listener = listener;
    }

    /**
     * Subscribes and waits (a few seconds at most) until the engine has accepted the stream, so no later event is
     * missed. A stream that failed before it started (no engine) throws: it was never a subscription, and a caller
     * that took it for one would resubscribe, and resync everything, at its fastest pace.
     */
    static AutoCloseable subscribe(DockerClient client, EventListener listener) {
        var events = new DockerJavaEvents(listener);
        client.eventsCmd().withEventTypeFilter("container", "network", "volume").exec(events);
        events.awaitStart(Duration.ofSeconds(10));
        events.handOut();
        return events::closeByCaller;
    }

    @Override
    public void onNext(Event e) {
        var actor = e.getActor();
        String id = actor != null && actor.getId() != null ? actor.getId() : e.getId();
        String type = e.getType() == null ? null : e.getType().getValue();
        String action = e.getAction() != null ? e.getAction() : e.getStatus();
        listener.onEvent(new EngineEvent(type, action, id, actor == null ? null : actor.getAttributes()));
    }

    @Override
    public void onComplete() {
        try {
            super.onComplete();
        } finally {
            completed(new EngineException("event stream: the engine ended it", 0, null));
        }
    }

    @Override
    void closed(Throwable error) {
        listener.onClosed(error);
    }
}
