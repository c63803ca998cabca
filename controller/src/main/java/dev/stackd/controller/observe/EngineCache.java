package dev.stackd.controller.observe;

import dev.stackd.controller.engine.ContainerSettings;
import dev.stackd.controller.engine.ObservedContainer;
import dev.stackd.controller.engine.ObservedNetwork;
import dev.stackd.controller.engine.ObservedVolume;
import dev.stackd.controller.engine.Engine;
import dev.stackd.controller.engine.Engine.ContainerSummary;
import dev.stackd.controller.engine.Engine.EngineEvent;
import dev.stackd.controller.engine.Labels;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What the engine said, kept while nothing says it changed: an informer for one host. Lists (stackd's containers,
 * networks, volumes, image IDs) are shared by every stack's reconcile and fetched again after {@code maxAge} or
 * after an engine event that concerns them; a container's inspect is kept until an event names that container.
 * The engine's event stream is what makes this safe: while it is not connected, nothing is trusted and every read
 * goes to the engine, as without a cache. An event that arrives while a read is in flight invalidates that read.
 */
public final class EngineCache {
    private final Engine engine;
    private final Clock clock;
    private final Duration maxAge;
    private final BooleanSupplier trusted;

    private final AtomicLong epoch = new AtomicLong();
    private final Listed<List<ContainerSummary>> containers = new Listed<>();
    private final Listed<List<ContainerSummary>> composeContainers = new Listed<>();
    private final Listed<Map<String, ObservedNetwork>> networks = new Listed<>();
    private final Listed<Map<String, ObservedVolume>> volumes = new Listed<>();
    private final Map<String, Listed<Optional<String>>> images = new ConcurrentHashMap<>();
    private final Map<String, Entry<ObservedContainer>> inspected = new ConcurrentHashMap<>();
    private final Map<String, Long> lastEventFor = new ConcurrentHashMap<>();

    /** @param trusted true while the engine's event stream is connected */
    public EngineCache(Engine engine, Clock clock, Duration maxAge, BooleanSupplier trusted) {
        this.engine = engine;
        this.clock = clock;
        this.maxAge = maxAge;
        this.trusted = trusted;
    }

    /** Without events: every read goes to the engine. */
    public static EngineCache uncached(Engine engine, Clock clock) {
        return new EngineCache(engine, clock, Duration.ZERO, () -> false);
    }

    private record Entry<T>(T value, long epoch, Instant at) {}

    /**
     * One cached read; invalid once an event bumped its version after the read started. Single-flight: while one
     * worker reads, the others wait for that read instead of making the same call (a resync wakes every stack
     * at once, and each would otherwise list the engine's containers itself).
     */
    private final class Listed<T> {
        private volatile Entry<T> entry;
        private volatile long invalidatedAt = -1;

        T get(Supplier<T> read) {
            var e = entry;
            if (e != null && fresh(e) && e.epoch() > invalidatedAt) return e.value();
            synchronized (this) {
                e = entry;
                if (e != null && fresh(e) && e.epoch() > invalidatedAt) return e.value();
                long started = epoch.incrementAndGet();
                T value = read.get();
                entry = new Entry<>(value, started, clock.instant());
                return value;
            }
        }

        void invalidate() {
            invalidatedAt = epoch.incrementAndGet();
        }
    }

    private boolean fresh(Entry<?> e) {
        return trusted.getAsBoolean() && e.at().plus(maxAge).isAfter(clock.instant());
    }

    /** Every container stackd labelled, of every stack. */
    public List<ContainerSummary> containers() {
        return containers.get(() -> engine.listContainerSummaries(Labels.STACK, null));
    }

    /** Every container docker compose labelled (stackd's included: it sets compose's labels too), of every project. */
    public List<ContainerSummary> composeContainers() {
        return composeContainers.get(() -> engine.listContainerSummaries(Labels.COMPOSE_PROJECT, null));
    }

    /** A container's settings, for adoption: never cached (read only while a stack adopts). */
    public Optional<ContainerSettings> settings(String id) {
        return engine.containerSettings(id);
    }

    /** The full container: kept from an earlier inspect while no event named it and its state word is the same. */
    public Optional<ObservedContainer> container(ContainerSummary summary) {
        var cached = inspected.get(summary.id());
        if (cached != null && trusted.getAsBoolean() && cached.epoch() > lastEventFor.getOrDefault(summary.id(), -1L)
                && cached.value().state() == ObservedContainer.State.parse(summary.state())) {
            return Optional.of(cached.value());
        }
        long started = epoch.incrementAndGet();
        var fresh = engine.inspectContainer(summary.id());
        fresh.ifPresentOrElse(c -> inspected.put(summary.id(), new Entry<>(c, started, clock.instant())),
                () -> inspected.remove(summary.id()));
        return fresh;
    }

    public Map<String, ObservedNetwork> networks() {
        return networks.get(() -> engine.listNetworks().stream()
                .collect(Collectors.toMap(ObservedNetwork::name, Function.identity(), (a, b) -> a)));
    }

    public Map<String, ObservedVolume> volumes() {
        return volumes.get(() -> engine.listVolumes().stream()
                .collect(Collectors.toMap(ObservedVolume::name, Function.identity(), (a, b) -> a)));
    }

    /**
     * Image IDs are re-read after an image event (a tag moved by docker tag, pull or load), and after maxAge: a tag
     * moved while the event stream was cut is seen within that time.
     */
    public Optional<String> imageId(String ref) {
        return images.computeIfAbsent(ref, r -> new Listed<>()).get(() -> engine.imageId(ref));
    }

    /** Every engine event passes here first: it invalidates what it concerns. */
    public void onEvent(EngineEvent e) {
        switch (e.type() == null ? "" : e.type()) {
            case "container" -> {
                // a healthcheck runs as an exec every interval: exec_* events change nothing stackd observes
                if (e.action() != null && e.action().startsWith("exec_")) return;
                lastEventFor.put(e.id(), epoch.incrementAndGet());
                containers.invalidate();
                composeContainers.invalidate();
            }
            case "network" -> {
                String container = e.attributes().get("container");
                if (container != null) lastEventFor.put(container, epoch.incrementAndGet());
                networks.invalidate();
            }
            case "volume" -> volumes.invalidate();
            // a tag moved (tag, pull, load) or gone (untag, delete): only the image IDs are read again
            case "image" -> images.values().forEach(Listed::invalidate);
            default -> invalidateAll();
        }
        if (lastEventFor.size() > 10_000) lastEventFor.clear(); // forget old ids; entries older than a clear re-read
    }

    /**
     * The periodic resync: lists are read again (an event missed while the stream was cut shows as a changed state
     * word, and only that container is inspected again); inspects and image IDs are kept.
     */
    public void refreshLists() {
        containers.invalidate();
        composeContainers.invalidate();
        networks.invalidate();
        volumes.invalidate();
    }

    /** After stackd changed something itself, or when the event stream came back: read everything again. */
    public void invalidateAll() {
        containers.invalidate();
        composeContainers.invalidate();
        networks.invalidate();
        volumes.invalidate();
        images.values().forEach(Listed::invalidate);
        inspected.clear();
    }
}
