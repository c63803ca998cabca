package dev.stackd.controller.http;

import dev.stackd.controller.store.Event;
import dev.stackd.controller.store.EventSubscription;
import dev.stackd.controller.store.Store;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One watcher's server-sent event stream: the backlog after its seq, then live events as the store records
 * them. The store's listener only queues into a bounded buffer and never waits; the event loop drains the
 * buffer as fast as the client reads. A client so slow that the buffer overflows gets an {@code overflow}
 * message telling it to re-list, and the stream ends: a watcher can never slow the controller down.
 */
final class EventStream {
    private static final int BACKLOG_PAGE = 1000;

    private final HttpServerResponse response;
    private final Context context;
    private final Store store;
    private final EventQuery query;
    private final HttpOptions options;
    private final ArrayBlockingQueue<Event> buffer;
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private volatile boolean overflowed;

    // the fields below are touched only on the event loop
    private boolean live;
    private boolean ended;
    private long lastSent;
    private long heartbeatTimer = -1;
    private EventSubscription subscription;

    EventStream(RoutingContext ctx, Store store, EventQuery query, HttpOptions options) {
        this.response = ctx.response();
        this.context = ctx.vertx().getOrCreateContext();
        this.store = store;
        this.query = query;
        this.options = options;
        this.buffer = new ArrayBlockingQueue<>(options.watchBuffer());
        this.lastSent = query.since();
    }

    void start() {
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        response.closeHandler(v -> stop());
        response.drainHandler(v -> drain());
        response.write(": watching events after " + query.since() + "\n\n");
        // listen before reading the backlog, so that nothing recorded in between is missed (duplicates are skipped)
        subscription = store.onEvent(this::offer);
        context.owner().executeBlocking(this::backlog, false).onComplete(done -> {
            if (ended) return;
            if (done.failed()) {
                response.write("event: error\ndata: " + Json.write(Map.of("error", "cannot read events: "
                        + done.cause().getMessage())) + "\n\n");
                finish();
                return;
            }
            for (Event e : done.result()) send(e);
            live = true;
            heartbeatTimer = context.owner().setPeriodic(options.heartbeat().toMillis(), id -> heartbeat());
            drain();
        });
    }

    /** The store's listener: runs with the store locked, so it only queues. */
    private void offer(Event e) {
        if (query.stack() != null && !query.stack().equals(e.stack())) return;
        if (!buffer.offer(e)) overflowed = true;
        if (drainScheduled.compareAndSet(false, true)) context.runOnContext(v -> drain());
    }

    private List<Event> backlog() {
        List<Event> all = new ArrayList<>();
        long after = query.since();
        while (true) {
            List<Event> page = store.events(query.stack(), after, BACKLOG_PAGE);
            all.addAll(page);
            if (page.size() < BACKLOG_PAGE) return all;
            after = page.getLast().seq();
        }
    }

    private void drain() {
        drainScheduled.set(false);
        if (ended || !live) return;
        if (overflowed) {
            for (Event e; (e = buffer.poll()) != null; ) send(e);
            response.write("event: overflow\ndata: " + Json.write(Map.of(
                    "error", "this watch fell more than " + options.watchBuffer() + " events behind and missed some",
                    "lastSeq", lastSent,
                    "hint", "list the events after lastSeq, then watch again from the last one you saw")) + "\n\n");
            finish();
            return;
        }
        while (!response.writeQueueFull()) {
            Event e = buffer.poll();
            if (e == null) return;
            send(e);
        }
    }

    private void send(Event e) {
        if (e.seq() <= lastSent) return;
        lastSent = e.seq();
        response.write("id: " + e.seq() + "\ndata: " + Json.write(EventView.of(e)) + "\n\n");
    }

    private void heartbeat() {
        if (!ended && !response.writeQueueFull()) response.write(": hb\n\n");
    }

    private void finish() {
        stop();
        if (!response.ended() && !response.closed()) response.end();
    }

    private void stop() {
        if (ended) return;
        ended = true;
        if (subscription != null) subscription.close();
        if (heartbeatTimer >= 0) context.owner().cancelTimer(heartbeatTimer);
    }
}
