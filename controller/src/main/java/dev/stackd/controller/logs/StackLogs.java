package dev.stackd.controller.logs;

import dev.stackd.controller.event.Reasons;
import dev.stackd.controller.engine.Engine;
import dev.stackd.controller.engine.Engine.ContainerSummary;
import dev.stackd.controller.engine.Engine.EngineEvent;
import dev.stackd.controller.engine.EngineException;
import dev.stackd.controller.engine.Labels;
import dev.stackd.controller.engine.LogLine;
import dev.stackd.controller.engine.LogListener;
import dev.stackd.controller.engine.LogRequest;
import dev.stackd.controller.observe.AdoptedObject;
import dev.stackd.controller.store.EventSubscription;
import dev.stackd.controller.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stack's logs: its containers' output from the engine, merged in time order ({@link LogMerge}). A followed stream
 * follows the services, not container IDs: a container that appears later (a recreate, a scale-up) is read from its
 * start, one that restarts in place is read again from its last line. Engine events say when to look (a container of
 * the stack was created or started); a re-list every {@code relist} covers events the stream missed. A followed
 * stream ends when the client goes or the stack is deleted (its {@code Deleted} event).
 */
public final class StackLogs {
    private static final Logger log = LoggerFactory.getLogger(StackLogs.class);
    private static final Set<String> LOOK_AGAIN = Set.of("create", "start", "restart", "rename");
    /** What one container's queue in the merge may hold before its engine stream waits. */
    static final long SOURCE_BYTES = 64 * 1024;

    private final Engine engine;
    private final Store store;
    private final Function<Consumer<EngineEvent>, AutoCloseable> events;
    private final Clock clock;
    private final Duration window;
    private final Duration relist;

    /**
     * @param events subscribes a listener to the engine's events (every event, as the control loop sees them)
     * @param window how long a followed line waits for an earlier one from a quiet container ({@link LogMerge})
     * @param relist how often a followed stream lists the stack's containers again, besides the events
     */
    public StackLogs(Engine engine, Store store, Function<Consumer<EngineEvent>, AutoCloseable> events, Clock clock,
                     Duration window, Duration relist) {
        this.engine = engine;
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.window = window;
        this.relist = relist;
    }

    public StackLogs(Engine engine, Store store, Function<Consumer<EngineEvent>, AutoCloseable> events) {
        this(engine, store, events, Clock.systemUTC(), Duration.ofMillis(100), Duration.ofSeconds(10));
    }

    /**
     * Lists the stack's containers and opens their streams (engine failures here are thrown: nothing was sent yet),
     * then hands the merged lines to {@code sink} on a thread of its own until the end. Close the session to stop.
     */
    public Session open(String stack, LogQuery query, LogSink sink) {
        var session = new Session(stack, query, sink);
        try {
            session.start();
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
        return session;
    }

    /** One client's stream. */
    public final class Session implements AutoCloseable {
        private final String stack;
        private final LogQuery query;
        private final LogSink sink;
        private final LogMerge merge;
        private final Map<String, Reader> readers = new HashMap<>();
        private final AtomicBoolean closed = new AtomicBoolean();
        private final AtomicBoolean relistPending = new AtomicBoolean();
        private AutoCloseable engineEvents;
        private EventSubscription storeEvents;
        private Thread pump;
        private Thread relister;
        private volatile String endReason;
        /** Until the first containers are open, a look would open them without their backlog: it waits. */
        private volatile boolean started;
        private volatile boolean lookAfterStart;

        private Session(String stack, LogQuery query, LogSink sink) {
            this.stack = stack;
            this.query = query;
            this.sink = sink;
            this.merge = new LogMerge(query.follow(), window, SOURCE_BYTES, System::nanoTime);
        }

        private void start() {
            if (query.follow()) {
                // listen before listing, so that no container created in between is missed
                storeEvents = store.onEvent(e -> {
                    if (stack.equals(e.stack()) && Reasons.DELETED.equals(e.reason())) {
                        endReason = "stack " + stack + " was deleted";
                        merge.endWhenDrained();
                    }
                });
                engineEvents = events.apply(this::onEngineEvent);
            }
            for (var c : containers()) open(c, false);
            pump = Thread.ofVirtual().name("logs-" + stack).start(this::pump);
            if (query.follow()) {
                relister = Thread.ofVirtual().name("logs-relist-" + stack).start(this::relistEvery);
                started = true;
                if (lookAfterStart) lookAgain(); // an event came while the containers were first opened
            }
        }

        private void pump() {
            try {
                for (LogEntry e; (e = merge.take()) != null; ) {
                    if (!sink.offer(e)) break;
                }
                if (!closed.get()) sink.end(endReason);
            } catch (InterruptedException e) {
                // closed
            } catch (RuntimeException e) {
                log.warn("logs-stream-failed stack={} error=\"{}\"", stack, e.toString());
            } finally {
                close();
            }
        }

        /** The stack's containers of the asked services, stackd's and those adopted from docker compose, by name. */
        private List<Container> containers() {
            var out = new ArrayList<Container>();
            for (var c : engine.listContainerSummaries(Labels.STACK, stack)) {
                String service = c.labels().get(Labels.SERVICE);
                if (wanted(service)) out.add(new Container(c.id(), c.name(), service, running(c)));
            }
            var adopted = store.adoptions(stack).of(AdoptedObject.Kind.CONTAINER);
            if (!adopted.isEmpty()) {
                for (var c : engine.listContainerSummaries(Labels.COMPOSE_PROJECT, stack)) {
                    var a = adopted.get(c.id());
                    if (a != null && wanted(a.service()) && c.labels().get(Labels.STACK) == null) {
                        out.add(new Container(c.id(), c.name(), a.service(), running(c)));
                    }
                }
            }
            out.sort(Comparator.comparing(Container::name));
            return out;
        }

        private boolean wanted(String service) {
            return service != null && (query.services().isEmpty() || query.services().contains(service));
        }

        private static boolean running(ContainerSummary c) {
            return "running".equals(c.state()) || "restarting".equals(c.state());
        }

        /**
         * Opens a container's stream: at the start, its backlog as asked and then (following) what comes; found
         * later, everything since its start (it is new); known and ended (it stopped, and is running again), what
         * came after its last line. The engine is called outside the session's lock.
         */
        private void open(Container c, boolean later) {
            Reader r;
            boolean fresh;
            synchronized (this) {
                if (closed.get()) return;
                r = readers.get(c.id());
                fresh = r == null;
                if (fresh) {
                    r = new Reader(c);
                    readers.put(c.id(), r);
                } else if (!r.ended || !c.running()) {
                    return;
                }
                r.ended = false; // claimed: a second look does not open it twice
            }
            if (fresh && !later) r.backlog();
            else r.follow();
        }

        private void onEngineEvent(EngineEvent e) {
            if (!"container".equals(e.type()) || !LOOK_AGAIN.contains(e.action())) return;
            String owner = e.attributes().get(Labels.STACK);
            if (owner == null) owner = e.attributes().get(Labels.COMPOSE_PROJECT);
            if (!stack.equals(owner)) return;
            if (relistPending.compareAndSet(false, true)) Thread.ofVirtual().name("logs-look-" + stack).start(this::lookAgain);
        }

        private void relistEvery() {
            try {
                while (!closed.get()) {
                    Thread.sleep(relist);
                    lookAgain();
                }
            } catch (InterruptedException e) {
                // closed
            }
        }

        private void lookAgain() {
            relistPending.set(false);
            if (closed.get()) return;
            if (!started) {
                lookAfterStart = true;
                if (started) lookAgain(); // start() ended in between and did not see the mark
                return;
            }
            try {
                for (var c : containers()) open(c, true);
            } catch (EngineException e) {
                log.debug("logs-relist-failed stack={} error=\"{}\"", stack, e.getMessage());
            }
        }

        @Override
        public void close() {
            if (!closed.compareAndSet(false, true)) return;
            merge.close();
            quietly(engineEvents);
            if (storeEvents != null) storeEvents.close();
            if (relister != null) relister.interrupt();
            List<Reader> all;
            synchronized (this) {
                all = List.copyOf(readers.values());
            }
            for (Reader r : all) quietly(r.stream);
            if (pump != null && Thread.currentThread() != pump) pump.interrupt();
        }

        /** One container's stream into the merge; one engine stream at a time, so its fields change in turn. */
        private final class Reader implements LogListener {
            private final Container container;
            /** Following: lines at or before this were handed on already (the engine's since counts whole seconds). */
            private volatile Instant seen;
            private volatile Instant lastTime;
            private volatile boolean backlog;
            private volatile AutoCloseable stream;
            /** No stream open; guarded by the session's lock. */
            boolean ended;

            Reader(Container container) {
                this.container = container;
            }

            /** Engine failures are thrown: this runs while the session starts, before anything was sent. */
            void backlog() {
                backlog = true;
                // a backlog without lines (tail 0, a quiet container) still covers what came before it was asked
                seen = clock.instant().minusNanos(1);
                merge.open(container.id(), container.name(), false);
                openStream(new LogRequest(query.since(), query.tail(), false), true);
            }

            void follow() {
                backlog = false;
                merge.open(container.id(), container.name(), true);
                openStream(new LogRequest(seen != null ? seen : query.since(), null, true), false);
            }

            private void openStream(LogRequest request, boolean rethrow) {
                try {
                    stream = engine.logs(container.id(), request, this);
                    if (closed.get()) quietly(stream); // the session closed while the engine answered
                } catch (EngineException e) {
                    ended();
                    if (e.notFound()) return; // gone since the list: nothing to read
                    if (rethrow) throw e;
                    log.debug("logs-open-failed container={} error=\"{}\"", container.name(), e.getMessage());
                }
            }

            @Override
            public void onLine(LogLine line) throws InterruptedException {
                Instant t = line.time();
                if (!backlog && seen != null && t != null && !t.isAfter(seen)) return;
                if (query.since() != null && t != null && t.isBefore(query.since())) return; // the engine's since is whole seconds
                merge.put(container.id(), new LogEntry(container.name(), container.service(), line));
                if (t != null) lastTime = t;
            }

            @Override
            public void onClosed(Throwable error) {
                if (error != null && !closed.get()) {
                    log.debug("logs-stream-ended container={} error=\"{}\"", container.name(), error.toString());
                }
                if (lastTime != null) seen = lastTime;
                if (backlog && query.follow() && !closed.get()) {
                    merge.live(container.id());
                    Thread.ofVirtual().name("logs-follow-" + container.name()).start(() -> {
                        if (!closed.get()) follow();
                    });
                    return;
                }
                ended();
            }

            private void ended() {
                synchronized (Session.this) {
                    ended = true;
                }
                merge.end(container.id());
            }
        }
    }

    private record Container(String id, String name, String service, boolean running) {
    }

    private static void quietly(AutoCloseable c) {
        if (c == null) return;
        try {
            c.close();
        } catch (Exception ignored) {
            // closing a stream that already ended
        }
    }
}
