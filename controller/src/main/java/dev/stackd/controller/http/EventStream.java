package dev.stackd.controller.http;

import dev.stackd.controller.metrics.Metrics;
import dev.stackd.controller.store.Event;
import dev.stackd.controller.store.EventSubscription;
import dev.stackd.controller.store.Store;
import io.vertx.core.Context;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One watcher's server-sent event stream: the backlog after its seq, then live events as the store records
 * them. The store's listener only queues into a buffer bounded in events and in bytes, and never waits; the
 * event loop hands events to the connection only while its write queue has room, and reads the backlog a
 * page at a time as the client takes it. So what the server holds for one watcher is at most the buffer, one
 * page and the connection's write queue, however slow the client.
 *
 * <p>A client so slow that the buffer overflows gets an {@code overflow} message telling it to re-list, and
 * the stream ends; one whose connection takes nothing for the write timeout is ended the same way and its
 * connection closed. A watcher can never slow the controller down, nor make it hold memory for long.
 */
final class EventStream {
    static final int BACKLOG_PAGE = 100;
    /** What an event costs beyond its text: the object, its fields, the queue's node (an estimate). */
    private static final int EVENT_OVERHEAD = 128;

    private final HttpServerResponse response;
    private final HttpConnection connection;
    private final Context context;
    private final Store store;
    private final EventQuery query;
    private final HttpOptions options;
    private final Metrics metrics;
    private final ConcurrentLinkedQueue<Event> live = new ConcurrentLinkedQueue<>();
    private final AtomicInteger liveCount = new AtomicInteger();
    /** Bytes of the events held: the live queue and the backlog page not yet written. */
    private final AtomicLong buffered = new AtomicLong();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private volatile boolean overflowed;

    // the fields below are touched only on the event loop
    private final ArrayDeque<Event> backlog = new ArrayDeque<>();
    private long backlogRead;
    private boolean backlogDone;
    private boolean reading;
    private boolean ended;
    private long lastSent;
    private long heartbeatTimer = -1;
    private long writeTimer = -1;
    private EventSubscription subscription;

    EventStream(RoutingContext ctx, Store store, EventQuery query, HttpOptions options, Metrics metrics) {
        this.response = ctx.response();
        this.connection = ctx.request().connection();
        this.context = ctx.vertx().getOrCreateContext();
        this.store = store;
        this.query = query;
        this.options = options;
        this.metrics = metrics;
        this.lastSent = query.since();
        this.backlogRead = query.since();
    }

    void start() {
        metrics.watches(1);
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        response.closeHandler(v -> stop());
        response.drainHandler(v -> {
            cancelWriteTimer();
            drain();
        });
        response.write(": watching events after " + query.since() + "\n\n");
        // listen before reading the backlog, so that nothing recorded in between is missed (duplicates are skipped)
        subscription = store.onEvent(this::offer);
        heartbeatTimer = context.owner().setPeriodic(options.heartbeat().toMillis(), id -> heartbeat());
        drain();
    }

    /** The store's listener: runs with the store locked (so one at a time), so it only queues. */
    private void offer(Event e) {
        if (query.stack() != null && !query.stack().equals(e.stack())) return;
        if (overflowed) return;
        if (liveCount.get() >= options.watchBuffer() || !hold(sizeOf(e))) {
            overflowed = true;
        } else {
            liveCount.incrementAndGet();
            live.add(e);
        }
        if (drainScheduled.compareAndSet(false, true)) context.runOnContext(v -> drain());
    }

    /** Takes {@code bytes} into the buffer if they fit under the cap. */
    private boolean hold(long bytes) {
        long now;
        do {
            now = buffered.get();
            if (now + bytes > options.watchBufferBytes()) return false;
        } while (!buffered.compareAndSet(now, now + bytes));
        metrics.watchBuffered(bytes);
        return true;
    }

    private void release(Event e) {
        long bytes = sizeOf(e);
        buffered.addAndGet(-bytes);
        metrics.watchBuffered(-bytes);
    }

    static long sizeOf(Event e) {
        return EVENT_OVERHEAD + length(e.type().name()) + length(e.reason()) + length(e.stack()) + length(e.service())
                + length(e.object()) + length(e.message());
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    /** Hands held events to the connection while it has room: the backlog's first, page by page, then live ones. */
    private void drain() {
        drainScheduled.set(false);
        if (ended) {
            releaseAll(); // an offer that raced with stop()
            return;
        }
        while (!response.writeQueueFull()) {
            Event e = backlog.poll();
            if (e != null) {
                release(e);
                send(e);
                continue;
            }
            if (!backlogDone) {
                if (overflowed) break; // live events would leave a gap after the unread backlog
                readBacklog();
                return;
            }
            e = live.poll();
            if (e == null) break;
            liveCount.decrementAndGet();
            release(e);
            send(e);
        }
        if (response.writeQueueFull()) {
            startWriteTimer();
        } else if (overflowed) {
            overflow("this watch fell more than " + options.watchBuffer() + " events or " + options.watchBufferBytes()
                    + " bytes behind and missed some");
        }
    }

    /** Reads the next page of the backlog off the event loop, then goes on draining. */
    private void readBacklog() {
        if (reading) return;
        reading = true;
        long after = backlogRead;
        context.owner().executeBlocking(() -> store.events(query.stack(), after, BACKLOG_PAGE), false)
                .onComplete(done -> {
                    reading = false;
                    if (ended) return;
                    if (done.failed()) {
                        response.write("event: error\ndata: " + Json.write(Map.of("error", "cannot read events: "
                                + done.cause().getMessage())) + "\n\n");
                        finish();
                        return;
                    }
                    List<Event> page = done.result();
                    int taken = 0;
                    for (Event e : page) {
                        if (!hold(sizeOf(e))) break; // the rest of the page is read again once these are sent
                        backlog.add(e);
                        backlogRead = e.seq();
                        taken++;
                    }
                    if (taken == 0 && !page.isEmpty()) {
                        overflowed = true; // live events fill the whole buffer: this watcher is too far behind
                    } else if (page.size() < BACKLOG_PAGE && taken == page.size()) {
                        backlogDone = true;
                    }
                    drain();
                });
    }

    private void send(Event e) {
        if (e.seq() <= lastSent) return;
        lastSent = e.seq();
        response.write("id: " + e.seq() + "\ndata: " + Json.write(EventView.of(e)) + "\n\n");
    }

    private void heartbeat() {
        if (!ended && !response.writeQueueFull()) response.write(": hb\n\n");
    }

    /** The connection stopped taking bytes: it gets the write timeout to take some again. */
    private void startWriteTimer() {
        if (writeTimer >= 0) return;
        writeTimer = context.owner().setTimer(options.watchWriteTimeout().toMillis(), id -> {
            writeTimer = -1;
            if (ended) return;
            overflow("this watch's connection took no data for " + options.watchWriteTimeout().toSeconds()
                    + " s and missed some");
            connection.close(); // it takes nothing: what is queued for it would stay until it does
        });
    }

    private void cancelWriteTimer() {
        if (writeTimer >= 0) context.owner().cancelTimer(writeTimer);
        writeTimer = -1;
    }

    private void overflow(String error) {
        response.write("event: overflow\ndata: " + Json.write(Map.of(
                "error", error,
                "lastSeq", lastSent,
                "hint", "list the events after lastSeq, then watch again from the last one you saw")) + "\n\n");
        finish();
    }

    /**
     * Ends the response, then closes the connection once the client has taken it (the client watches again on a
     * new one), or after the write timeout if it never does: an ended stream holds nothing on the server.
     */
    private void finish() {
        stop();
        if (response.ended() || response.closed()) return;
        long hardClose = context.owner().setTimer(options.watchWriteTimeout().toMillis(), id -> connection.close());
        response.end().onComplete(done -> {
            context.owner().cancelTimer(hardClose);
            connection.close();
        });
    }

    private void stop() {
        if (ended) return;
        ended = true;
        metrics.watches(-1);
        if (subscription != null) subscription.close();
        if (heartbeatTimer >= 0) context.owner().cancelTimer(heartbeatTimer);
        cancelWriteTimer();
        overflowed = true; // refuses later offers; one already under way schedules a drain, which releases it
        releaseAll();
    }

    /** Nothing will take what is still held: let it go, and the gauge forget it. */
    private void releaseAll() {
        for (Event e; (e = backlog.poll()) != null; ) release(e);
        for (Event e; (e = live.poll()) != null; ) {
            liveCount.decrementAndGet();
            release(e);
        }
    }
}
