package dev.stackd.controller.engine;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * An engine behind a circuit breaker: when the engine stops answering (not when it refuses: a 404 or 409 is an
 * answer), calls fail fast for a while instead of hammering a socket nobody listens on; then a few trial calls
 * decide whether it is back.
 *
 * <p>Every failed call is reported once to {@code onFailure} by kind: {@link EngineException#kind()}, or
 * {@code circuit_open} for a call the open breaker refused without asking the engine. Answers the {@link Engine}
 * contract turns into values (an empty inspect of a container that is gone) are not failures and are not reported.
 */
public final class GuardedEngine implements Engine {
    /** The kind reported for calls the open breaker failed fast: they never reached the engine. */
    public static final String CIRCUIT_OPEN = "circuit_open";

    private final Engine engine;
    private final CircuitBreaker breaker;
    private final Consumer<String> onFailure;
    private final OutageLog outage;
    private final AtomicBoolean probing = new AtomicBoolean();

    /**
     * @param onFailure told the kind of each failed call ({@code not_found}, {@code timeout}, ...)
     * @param outage    told of every call that did not reach the engine and of every answer: the only log of an outage
     */
    public GuardedEngine(Engine engine, Duration openFor, Consumer<String> onFailure, OutageLog outage) {
        this.engine = engine;
        this.onFailure = onFailure;
        this.outage = outage;
        this.breaker = CircuitBreaker.of("engine", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(10)
                .minimumNumberOfCalls(3)
                .failureRateThreshold(50)
                .waitDurationInOpenState(openFor)
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordException(e -> e instanceof EngineException ee && ee.unavailable())
                .build());
    }

    public GuardedEngine(Engine engine, Duration openFor, Consumer<String> onFailure) {
        this(engine, openFor, onFailure, new OutageLog());
    }

    public GuardedEngine(Engine engine, Consumer<String> onFailure) {
        this(engine, Duration.ofSeconds(5), onFailure);
    }

    public GuardedEngine(Engine engine) {
        this(engine, kind -> {});
    }

    /** False while the breaker is open: the engine has not been answering. */
    public boolean available() {
        return breaker.getState() != CircuitBreaker.State.OPEN && breaker.getState() != CircuitBreaker.State.FORCED_OPEN;
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    private <T> T guard(Supplier<T> call) {
        long call0 = calls.incrementAndGet();
        try {
            T result = breaker.executeSupplier(call);
            answered(call0);
            return result;
        } catch (CallNotPermittedException e) {
            onFailure.accept(CIRCUIT_OPEN);
            outage.failed(CIRCUIT_OPEN, "circuit open");
            throw new EngineException("the Docker engine is not answering (circuit open; retrying)", 0, e);
        } catch (EngineException e) {
            onFailure.accept(e.kind());
            // a call made before one that was answered says nothing of the engine now (a slow ping, a timeout)
            if (e.unavailable()) {
                if (lastAnswered.get() < call0) outage.failed(e.kind(), e.getMessage());
            } else {
                answered(call0); // a refusal is an answer
            }
            throw e;
        }
    }

    /** Calls made, numbered as they start; the number of the newest that was answered. */
    private final java.util.concurrent.atomic.AtomicLong calls = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong lastAnswered = new java.util.concurrent.atomic.AtomicLong();

    /**
     * An answer ends an outage only when the engine also takes a new connection: while it shuts down, calls on
     * connections it had already accepted are still answered, and the outage would flap with each of them.
     */
    private void answered(long call) {
        if (outage.down() && !engine.acceptsConnections()) return;
        lastAnswered.accumulateAndGet(call, Math::max);
        outage.answered();
    }

    private void guardRun(Runnable call) {
        guard(() -> {
            call.run();
            return null;
        });
    }

    public OutageLog outage() {
        return outage;
    }

    /**
     * Readiness must not rest on the last call of an idle daemon (an outage while nothing calls the engine would
     * go unseen): when no call has reached the engine, nor failed to, for {@code quiet}, one ping on a new
     * connection finds out, on a thread of its own (the caller does not wait) and at most one at a time. It counts
     * like any call: in the breaker and the outage log.
     */
    public void probeIfQuiet(Duration quiet) {
        if (!outage.quietFor(quiet) || !probing.compareAndSet(false, true)) return;
        Thread.ofVirtual().name("engine-probe").start(() -> {
            try {
                acceptsConnections();
            } catch (RuntimeException counted) {
                // the guard has counted and logged it
            } finally {
                probing.set(false);
            }
        });
    }

    @Override public String serverVersion() { return guard(engine::serverVersion); }
    /** A closed listener is an outage like a refused call: counted by the breaker, logged once. */
    @Override public boolean acceptsConnections() {
        return guard(() -> {
            if (!engine.acceptsConnections()) {
                throw new EngineException("the engine takes no new connections (shutting down, or gone)", 0, null);
            }
            return true;
        });
    }
    @Override public List<ContainerSummary> listContainerSummaries(String k, String v) { return guard(() -> engine.listContainerSummaries(k, v)); }
    @Override public Optional<ObservedContainer> inspectContainer(String id) { return guard(() -> engine.inspectContainer(id)); }
    @Override public Optional<ContainerSettings> containerSettings(String id) { return guard(() -> engine.containerSettings(id)); }
    @Override public List<ObservedNetwork> listNetworks() { return guard(engine::listNetworks); }
    @Override public List<ObservedVolume> listVolumes() { return guard(engine::listVolumes); }
    @Override public Optional<String> imageId(String ref) { return guard(() -> engine.imageId(ref)); }
    @Override public String createContainer(ContainerRequest r) { return guard(() -> engine.createContainer(r)); }
    @Override public void startContainer(String c) { guardRun(() -> engine.startContainer(c)); }
    @Override public void stopContainer(String c, Duration g) { guardRun(() -> engine.stopContainer(c, g)); }
    @Override public void restartContainer(String c, Duration g) { guardRun(() -> engine.restartContainer(c, g)); }
    @Override public void removeContainer(String c, boolean f) { guardRun(() -> engine.removeContainer(c, f)); }
    @Override public void renameContainer(String c, String n) { guardRun(() -> engine.renameContainer(c, n)); }
    @Override public String createNetwork(NetworkRequest r) { return guard(() -> engine.createNetwork(r)); }
    @Override public void removeNetwork(String n) { guardRun(() -> engine.removeNetwork(n)); }
    @Override public void connectNetwork(String n, String c, List<String> a, String ip) { guardRun(() -> engine.connectNetwork(n, c, a, ip)); }
    @Override public void connectNetwork(String n, String c, List<String> a, String ip, List<String> l) { guardRun(() -> engine.connectNetwork(n, c, a, ip, l)); }
    @Override public void disconnectNetwork(String n, String c) { guardRun(() -> engine.disconnectNetwork(n, c)); }
    @Override public void createVolume(VolumeRequest r) { guardRun(() -> engine.createVolume(r)); }
    @Override public void removeVolume(String n) { guardRun(() -> engine.removeVolume(n)); }
    @Override public void pullImage(String ref, Duration t) { guardRun(() -> engine.pullImage(ref, t)); }
    @Override public String buildImage(BuildRequest r, Duration t) { return guard(() -> engine.buildImage(r, t)); }
    /** The event stream has its own reconnect loop; it is not guarded. */
    @Override public AutoCloseable subscribe(EventListener l) { return engine.subscribe(l); }
    /** Opening the stream is guarded (an engine that does not answer fails fast); the stream itself, like events, is not. */
    @Override public AutoCloseable logs(String c, LogRequest r, LogListener l) { return guard(() -> engine.logs(c, r, l)); }
    @Override public void close() { engine.close(); }
}
