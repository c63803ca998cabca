package dev.stackd.controller.loop;

import dev.stackd.controller.engine.Engine;
import dev.stackd.controller.engine.Engine.EngineEvent;
import dev.stackd.controller.engine.Labels;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Docker event stream as a trigger: maps each relevant event to a stack key and enqueues it. Events are
 * triggers, never the truth (a container that dies while the engine is down emits nothing): the resync covers
 * what they miss. When the stream breaks, it re-subscribes with backoff and, once back, asks for a full resync.
 */
public final class EngineEvents implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EngineEvents.class);
    private static final Set<String> CONTAINER_ACTIONS =
            Set.of("die", "destroy", "stop", "kill", "oom", "pause", "unpause", "rename", "update", "create");
    private static final Set<String> NETWORK_ACTIONS = Set.of("destroy", "remove", "disconnect");
    private static final Set<String> VOLUME_ACTIONS = Set.of("destroy");
    /** A tag now names another image, or none: the services on it roll out (or cannot be recreated). */
    private static final Set<String> IMAGE_ACTIONS = Set.of("tag", "untag", "pull", "load", "import", "delete");

    /** 0.5 s doubling to 5 s: low, a subscribe attempt is one connect, and the stream's return is what ends an outage (resync, /readyz). */
    private static final CappedBackoff RETRY = new CappedBackoff(Duration.ofMillis(500), Duration.ofSeconds(5));
    /** A stream that lasted this long was a real subscription: the next break retries from the first delay. */
    private static final Duration STABLE = Duration.ofSeconds(10);

    private final Engine engine;
    private final Consumer<String> enqueue;
    private final Runnable resyncAll;
    /** Engine network and volume names -> the stack that wants them, kept by the reconciler. */
    private final Map<String, String> ownerByName = new ConcurrentHashMap<>();
    /** Image references (normalised: {@link #imageKey}) -> the stacks whose services use them, kept by the reconciler. */
    private final Map<String, Set<String>> usersByImage = new ConcurrentHashMap<>();
    private volatile boolean connected;
    private volatile boolean closed;
    private volatile AutoCloseable subscription;
    private Thread reconnector;
    private volatile Consumer<EngineEvent> tap = e -> {};
    private final java.util.List<Consumer<EngineEvent>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public EngineEvents(Engine engine, Consumer<String> enqueue, Runnable resyncAll) {
        this.engine = engine;
        this.enqueue = enqueue;
        this.resyncAll = resyncAll;
    }

    /** Sees every event first (the observation cache invalidates what it concerns). */
    public void tap(Consumer<EngineEvent> tap) {
        this.tap = tap;
    }

    /**
     * Sees every event too, after the tap, until closed: for readers that follow the engine for a while (a followed
     * log stream looks for a recreated container). It runs on the event stream's thread, so it only hands work on.
     */
    public AutoCloseable listen(Consumer<EngineEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** The reconciler tells which network and volume names belong to which stack. */
    public void own(String stack, Iterable<String> names) {
        ownerByName.values().removeIf(stack::equals);
        for (String n : names) ownerByName.put(n, stack);
    }

    public void disown(String stack) {
        ownerByName.values().removeIf(stack::equals);
        useImages(stack, Set.of());
    }

    /** The image references the stack's services run: an image event that names one wakes the stack. */
    public void useImages(String stack, Iterable<String> refs) {
        var keys = new java.util.HashSet<String>();
        for (String ref : refs) keys.add(imageKey(ref));
        // per key atomically (compute), so that a set emptied here is never the one another stack just joined
        for (String key : java.util.List.copyOf(usersByImage.keySet())) {
            if (keys.contains(key)) continue;
            usersByImage.computeIfPresent(key, (k, users) -> {
                users.remove(stack);
                return users.isEmpty() ? null : users;
            });
        }
        for (String key : keys) {
            usersByImage.compute(key, (k, users) -> {
                var u = users == null ? ConcurrentHashMap.<String>newKeySet() : users;
                u.add(stack);
                return u;
            });
        }
    }

    /**
     * A reference as the engine's image events name it: {@code nginx} and {@code docker.io/library/nginx:latest} are
     * {@code nginx:latest}. A digest reference is kept as it is.
     */
    static String imageKey(String ref) {
        String r = ref;
        if (r.startsWith("docker.io/")) r = r.substring("docker.io/".length());
        if (r.startsWith("library/")) r = r.substring("library/".length());
        if (!r.contains("@") && r.lastIndexOf(':') <= r.lastIndexOf('/')) r = r + ":latest";
        return r;
    }

    public boolean connected() {
        return connected;
    }

    public void start() {
        reconnector = Thread.ofPlatform().name("engine-events").daemon(true).start(this::keepSubscribed);
    }

    private void keepSubscribed() {
        int attempt = 1;
        boolean first = true;
        while (!closed) {
            var ended = new java.util.concurrent.CountDownLatch(1);
            try {
                subscription = engine.subscribe(new Engine.EventListener() {
                    @Override
                    public void onEvent(EngineEvent e) {
                        route(e);
                    }

                    @Override
                    public void onClosed(Throwable error) {
                        connected = false;
                        if (error != null && !closed) log.info("engine-events-lost error=\"{}\"", error.toString());
                        ended.countDown();
                    }
                });
                connected = true;
                if (!first) {
                    log.info("engine-events-resubscribed");
                    resyncAll.run();
                }
                first = false;
                long since = System.nanoTime();
                ended.await();
                // only a stream that stayed up starts the backoff again: one the engine drops at once (it is
                // shutting down, or a proxy cuts it) would otherwise be reopened, and everything resynced, twice a second
                if (Duration.ofNanos(System.nanoTime() - since).compareTo(STABLE) >= 0) attempt = 1;
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                connected = false;
                first = false;
                log.debug("engine-events-subscribe-failed error=\"{}\"", e.toString());
            }
            if (closed) return;
            try {
                Thread.sleep(RETRY.delay(attempt));
            } catch (InterruptedException e) {
                return;
            }
            attempt = Math.min(attempt + 1, 64);
        }
    }

    void route(EngineEvent e) {
        tap.accept(e);
        for (var l : listeners) {
            try {
                l.accept(e);
            } catch (RuntimeException failed) {
                log.warn("engine-event-listener-failed error=\"{}\"", failed.toString()); // the trigger goes on
            }
        }
        String action = e.action() == null ? "" : e.action();
        if ("image".equals(e.type())) {
            if (!IMAGE_ACTIONS.contains(action)) return;
            // a tag names its new reference in "name"; a pull names it as its id
            var woken = new java.util.TreeSet<String>();
            for (String ref : new String[] {e.attributes().get("name"), e.id()}) {
                if (ref != null) woken.addAll(usersByImage.getOrDefault(imageKey(ref), Set.of()));
            }
            woken.forEach(enqueue);
            return;
        }
        String stack = switch (e.type() == null ? "" : e.type()) {
            case "container" -> CONTAINER_ACTIONS.contains(action) || action.startsWith("health_status")
                    ? stackOf(e) : null;
            case "network" -> NETWORK_ACTIONS.contains(action) ? networkOwner(e) : null;
            case "volume" -> VOLUME_ACTIONS.contains(action) ? ownerByName.get(e.id()) : null;
            default -> null;
        };
        if (stack != null) enqueue.accept(stack);
    }

    /** stackd's label; else compose's project, which names the stack that adopted the container (if any: else a no-op). */
    private static String stackOf(EngineEvent e) {
        String stack = e.attributes().get(Labels.STACK);
        return stack != null ? stack : e.attributes().get(Labels.COMPOSE_PROJECT);
    }

    private String networkOwner(EngineEvent e) {
        String name = e.attributes().get("name");
        return name == null ? null : ownerByName.get(name);
    }

    @Override
    public void close() {
        closed = true;
        var s = subscription;
        if (s != null) {
            try {
                s.close();
            } catch (Exception ignored) {
                // closing a stream that already broke
            }
        }
        if (reconnector != null) reconnector.interrupt();
    }
}
