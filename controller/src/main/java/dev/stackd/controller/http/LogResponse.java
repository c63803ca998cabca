package dev.stackd.controller.http;

import dev.stackd.controller.logs.LogEntry;
import dev.stackd.controller.logs.LogSink;
import dev.stackd.controller.metrics.Metrics;
import io.vertx.core.Context;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One client's log stream: server-sent events ({@code event: log}, heartbeats) or NDJSON, one JSON object per line.
 * The stream's thread offers lines; they wait in a buffer capped in bytes; the event loop hands them to the
 * connection only while its write queue has room. A full buffer makes the stream's thread wait (so the merge, and
 * the engine's streams behind it, are not read): what the server holds for a slow client is at most the buffer, the
 * merge's per-container queues and the connection's write queue. A buffer that stays full for the write timeout
 * ends the stream with an overflow message and closes the connection.
 */
final class LogResponse implements LogSink {
    private final HttpServerResponse response;
    private final HttpConnection connection;
    private final Context context;
    private final LogParams params;
    private final HttpOptions options;
    private final Metrics metrics;
    private final Runnable onEnd;

    // guarded by this: filled by the stream's thread, emptied on the event loop
    private final ArrayDeque<String> buffer = new ArrayDeque<>();
    private long buffered;
    private boolean finished; // no more lines will be taken (ended, overflowed, or the client went)
    private boolean endQueued;
    private String endReason;
    private boolean started;
    private boolean drainScheduled;

    // the event loop's
    private long heartbeatTimer = -1;
    private boolean released;

    LogResponse(RoutingContext ctx, LogParams params, HttpOptions options, Metrics metrics, Runnable onEnd) {
        this.response = ctx.response();
        this.connection = ctx.request().connection();
        this.context = ctx.vertx().getOrCreateContext();
        this.params = params;
        this.options = options;
        this.metrics = metrics;
        this.onEnd = onEnd;
        metrics.logStreams(1);
        response.closeHandler(v -> clientGone());
    }

    /** On the event loop, once the stream is open: the headers, and what was offered meanwhile. */
    void start() {
        if (response.closed()) {
            clientGone();
            return;
        }
        response.setChunked(true)
                .putHeader("Content-Type", params.stream() ? "text/event-stream; charset=utf-8" : "application/x-ndjson; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        response.drainHandler(v -> drain());
        if (params.stream()) {
            response.write(": logs\n\n");
            heartbeatTimer = context.owner().setPeriodic(options.heartbeat().toMillis(), id -> {
                if (!response.writeQueueFull() && !response.ended()) response.write(": hb\n\n");
            });
        }
        synchronized (this) {
            started = true;
        }
        drain();
    }

    @Override
    public boolean offer(LogEntry entry) throws InterruptedException {
        String text = render(entry);
        long size = bytes(text);
        long deadline = System.nanoTime() + options.watchWriteTimeout().toNanos();
        synchronized (this) {
            // one line always fits: a line longer than the cap is still handed on, alone
            while (!finished && !buffer.isEmpty() && buffered + size > options.logBufferBytes()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    finished = true;
                    context.runOnContext(v -> overflow());
                    return false;
                }
                wait(Math.max(1, left / 1_000_000));
            }
            if (finished) return false;
            buffer.add(text);
            buffered += size;
            metrics.logBuffered(size);
            scheduleDrain();
        }
        return true;
    }

    @Override
    public void end(String reason) {
        synchronized (this) {
            if (finished) return;
            finished = true;
            endQueued = true;
            endReason = reason;
            scheduleDrain();
        }
    }

    private void scheduleDrain() {
        if (started && !drainScheduled) {
            drainScheduled = true;
            context.runOnContext(v -> drain());
        }
    }

    /** On the event loop: hands buffered lines on while the connection takes them; then the end, if it came. */
    private void drain() {
        boolean end;
        String reason;
        synchronized (this) {
            drainScheduled = false;
            while (!buffer.isEmpty() && !response.writeQueueFull() && !response.closed()) {
                String text = buffer.poll();
                long size = bytes(text);
                buffered -= size;
                metrics.logBuffered(-size);
                response.write(text);
            }
            notifyAll(); // room for the stream's thread
            end = endQueued && buffer.isEmpty();
            reason = endReason;
        }
        if (end && !response.ended() && !response.closed()) {
            if (reason != null) {
                response.write(params.stream() ? "event: end\ndata: " + Json.write(Map.of("reason", reason)) + "\n\n"
                        : Json.write(Map.of("end", reason)) + "\n");
            }
            response.end();
            release();
        }
    }

    /** On the event loop: the client took nothing for the write timeout. */
    private void overflow() {
        dropBuffer();
        if (!response.ended() && !response.closed()) {
            String error = "this client took no log lines for " + options.watchWriteTimeout().toSeconds()
                    + " s while " + options.logBufferBytes() + " bytes waited for it; the stream is cut";
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", error);
            body.put("hint", "read faster, or ask again with since= the last line's time");
            response.write(params.stream() ? "event: overflow\ndata: " + Json.write(body) + "\n\n"
                    : Json.write(Map.of("overflow", true, "error", error)) + "\n");
            long hardClose = context.owner().setTimer(options.watchWriteTimeout().toMillis(), id -> connection.close());
            response.end().onComplete(done -> {
                context.owner().cancelTimer(hardClose);
                connection.close();
            });
        }
        release();
    }

    private void clientGone() {
        synchronized (this) {
            finished = true;
            notifyAll();
        }
        dropBuffer();
        release();
    }

    private void dropBuffer() {
        synchronized (this) {
            metrics.logBuffered(-buffered);
            buffered = 0;
            buffer.clear();
            notifyAll();
        }
    }

    /** Once, on the event loop: the stream holds nothing more and its slot is free. */
    private void release() {
        if (released) return;
        released = true;
        if (heartbeatTimer >= 0) context.owner().cancelTimer(heartbeatTimer);
        metrics.logStreams(-1);
        onEnd.run();
    }

    /** The answer could not start (the engine failed): the slot goes, and nothing was written. */
    void abandon() {
        synchronized (this) {
            finished = true;
        }
        dropBuffer();
        release();
    }

    private String render(LogEntry e) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("container", e.container());
        v.put("service", e.service());
        v.put("stream", e.line().stream().label());
        v.put("time", params.timestamps() && e.line().time() != null ? e.line().time().toString() : null);
        v.put("line", e.line().text());
        if (e.line().partial()) v.put("partial", true);
        String json = Json.write(v);
        return params.stream() ? "event: log\ndata: " + json + "\n\n" : json + "\n";
    }

    static long bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
