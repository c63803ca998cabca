package dev.stackd.controller.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * stackd's meters, exposed in the Prometheus text format at {@code GET /metrics}. The HTTP server counts
 * requests; the daemon reports reconciles, operations, events and registers its gauges here.
 */
public final class Metrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger watches = new AtomicInteger();
    private final AtomicLong watchBuffered = new AtomicLong();
    private final AtomicInteger logStreams = new AtomicInteger();
    private final AtomicLong logBuffered = new AtomicLong();
    private final AtomicLong logBufferedPeak = new AtomicLong();

    public Metrics() {
        Gauge.builder("stackd.watches", watches, AtomicInteger::get)
                .description("Open event watches (GET /api/v1/events?watch=true)")
                .register(registry);
        Gauge.builder("stackd.watch.buffered", watchBuffered, AtomicLong::get)
                .description("Bytes of events held for watchers that have not taken them yet, all watches together")
                .baseUnit("bytes")
                .register(registry);
        Gauge.builder("stackd.log.streams", logStreams, AtomicInteger::get)
                .description("Open log streams (GET /api/v1/stacks/{name}/logs)")
                .register(registry);
        Gauge.builder("stackd.log.buffered", logBuffered, AtomicLong::get)
                .description("Bytes of log lines held for clients that have not taken them yet, all streams together")
                .baseUnit("bytes")
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    /**
     * One HTTP request, by route pattern (not the raw path: stack names would explode the series). The method and
     * the status are counted from closed sets ({@link MetricLabels}): a client cannot add series.
     *
     * @param route the route's pattern ("/api/v1/stacks/:name") or "unmatched", never a path a client wrote
     */
    public void httpRequest(String method, String route, int status, Duration duration) {
        Timer.builder("stackd.http.requests")
                .description("HTTP API requests")
                .tags("method", MetricLabels.method(method), "route", route, "status", MetricLabels.status(status))
                .register(registry)
                .record(duration);
    }

    /** One finished reconcile of a stack. */
    public void reconcile(Duration duration, boolean ok) {
        Timer.builder("stackd.reconciles")
                .description("Reconciles, by result")
                .tag("result", result(ok))
                .register(registry)
                .record(duration);
    }

    /**
     * One engine operation of a plan, by verb ("create", "start", ...): counted by result
     * ({@code stackd_operations_total{op,result}}) and timed ({@code stackd_operation_seconds{op}}).
     */
    public void operation(String verb, boolean ok, Duration took) {
        Counter.builder("stackd.operations")
                .description("Engine operations run by the executor, by verb and result")
                .tags("op", verb, "result", result(ok))
                .register(registry)
                .increment();
        Timer.builder("stackd.operation")
                .description("How long the executor's engine operations took, by verb")
                .tag("op", verb)
                .register(registry)
                .record(took);
    }

    /** A Docker engine call that failed, by kind (timeout, unavailable, conflict, ...). */
    public void engineError(String kind) {
        Counter.builder("stackd.engine.errors")
                .description("Failed Docker engine calls, by kind")
                .tag("kind", kind)
                .register(registry)
                .increment();
    }

    /** A recorded reconcile event, by reason (one of {@link MetricLabels#REASONS}, else "Other"). */
    public void event(String reason) {
        Counter.builder("stackd.events")
                .description("Reconcile events recorded, by reason")
                .tag("reason", MetricLabels.reason(reason))
                .register(registry)
                .increment();
    }

    /** The reconcile queue's depth, read at each scrape. */
    public void queueDepth(Supplier<Number> depth) {
        Gauge.builder("stackd.queue.depth", depth)
                .description("Stacks waiting for a reconcile")
                .register(registry);
    }

    /**
     * How many stacks are in each condition ("Ready", "Progressing", "Degraded", ...), read at each scrape.
     * {@code counts} is called once per condition per scrape and must be cheap (an in-memory map).
     */
    public void stacksByCondition(Iterable<String> conditions, Supplier<Map<String, ? extends Number>> counts) {
        for (String condition : conditions) {
            ToDoubleFunction<Supplier<Map<String, ? extends Number>>> read = s -> {
                Number n = s.get().get(condition);
                return n == null ? 0 : n.doubleValue();
            };
            Gauge.builder("stackd.stacks", counts, read)
                    .description("Stacks whose condition is True, by condition")
                    .tag("condition", condition)
                    .strongReference(true) // a gauge holds its object weakly: a method reference would be collected (NaN)
                    .register(registry);
        }
    }

    /** An event watch opened (+1) or ended (-1). */
    public void watches(int delta) {
        watches.addAndGet(delta);
    }

    /** Bytes of events a watch took into its buffer (positive) or handed to its connection (negative). */
    public void watchBuffered(long delta) {
        watchBuffered.addAndGet(delta);
    }

    /** What {@code stackd_watch_buffered_bytes} reads now. */
    public long watchBufferedBytes() {
        return watchBuffered.get();
    }

    /** What {@code stackd_watches} reads now. */
    public int openWatches() {
        return watches.get();
    }

    /** A log stream opened (+1) or ended (-1). */
    public void logStreams(int delta) {
        logStreams.addAndGet(delta);
    }

    /** Bytes of log lines a stream took into its buffer (positive) or handed to its connection (negative). */
    public void logBuffered(long delta) {
        long now = logBuffered.addAndGet(delta);
        logBufferedPeak.accumulateAndGet(now, Math::max);
    }

    /** What {@code stackd_log_streams} reads now. */
    public int openLogStreams() {
        return logStreams.get();
    }

    /** What {@code stackd_log_buffered_bytes} reads now. */
    public long logBufferedBytes() {
        return logBuffered.get();
    }

    /** The most {@code stackd_log_buffered_bytes} has read since the start: what slow log readers cost at worst. */
    public long logBufferedPeakBytes() {
        return logBufferedPeak.get();
    }

    private static String result(boolean ok) {
        return ok ? "ok" : "error";
    }
}
