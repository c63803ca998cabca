package dev.stackd.controller.engine.dockerjava;

import dev.stackd.controller.engine.EngineException;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import dev.stackd.controller.engine.Engine.EngineEvent;
import dev.stackd.controller.engine.Engine.EventListener;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** One subscription to the engine's event stream; tells its listener exactly once that the stream ended. */
final class DockerJavaEvents extends ResultCallback.Adapter<Event> {
    private final EventListener listener;
    private final AtomicBoolean closedByCaller = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile boolean streaming;
    private volatile Throwable endedWith;
    private boolean handedOut;

    private DockerJavaEvents(EventListener listener) {
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
        try {
            events.started.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (events) {
            if (!events.streaming && events.endedWith instanceof RuntimeException e) throw e;
            events.handedOut = true;
        }
        return events::closeByCaller;
    }

    @Override
    public void onStart(java.io.Closeable stream) {
        super.onStart(stream);
        streaming = true;
        started.countDown();
    }

    @Override
    public void onNext(Event e) {
        var actor = e.getActor();
        String id = actor != null && actor.getId() != null ? actor.getId() : e.getId();
        String type = e.getType() == null ? null : e.getType().getValue();
        String action = e.getAction() != null ? e.getAction() : e.getStatus();
        listener.onEvent(new EngineEvent(type, action, id, actor == null ? null : actor.getAttributes()));
    }

    /** Not the template's onError, which logs every end of the stream (a close by the caller too) as an ERROR. */
    @Override
    public void onError(Throwable error) {
        try {
            close();
        } catch (IOException | RuntimeException ignored) {
            // the stream is over either way
        } finally {
            end(closedByCaller.get() ? null : DockerJavaErrors.translate("event stream", error));
            started.countDown();
        }
    }

    @Override
    public void onComplete() {
        try {
            super.onComplete();
        } finally {
            end(closedByCaller.get() ? null : new EngineException("event stream: the engine ended it", 0, null));
            started.countDown();
        }
    }

    private void closeByCaller() throws IOException {
        closedByCaller.set(true);
        try {
            close();
        } finally {
            end(null);
        }
    }

    private void end(Throwable error) {
        if (!ended.compareAndSet(false, true)) return;
        boolean tell;
        synchronized (this) {
            endedWith = error;
            tell = streaming || handedOut; // else subscribe() throws it
        }
        if (tell) listener.onClosed(error);
    }
}
