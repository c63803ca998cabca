package dev.stackd.controller.observe;

import dev.stackd.controller.engine.ObservedContainer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.api.model.NetworkSpec;
import dev.stackd.api.model.StackSpec;
import dev.stackd.controller.engine.ContainerRequest;
import dev.stackd.controller.engine.Engine;
import dev.stackd.controller.engine.Engine.EngineEvent;
import dev.stackd.controller.engine.Labels;
import dev.stackd.controller.engine.NetworkRequest;
import dev.stackd.controller.testing.RecordingEngine;
import dev.stackd.controller.testing.Specs;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EngineCacheTest {
    private final RecordingEngine engine = new RecordingEngine().withImage("img");
    private final AtomicBoolean connected = new AtomicBoolean(true);
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    };
    private final EngineCache cache = new EngineCache(engine, clock, Duration.ofSeconds(10), connected::get);
    private final Observer observer = new Observer(cache, clock);
    private final StackSpec[] stacks = new StackSpec[3];

    @BeforeEach
    void twentyContainersInThreeStacks() {
        engine.createNetwork(new NetworkRequest(new NetworkSpec("net", null, null, false, false, false, null, null, null), Map.of()));
        for (int s = 0; s < 3; s++) {
            String stack = "s" + s;
            stacks[s] = new StackSpec(stack, new java.util.TreeMap<>(Map.of("web", Specs.service("web").image("img").spec())),
                    null, null, null, null);
            for (int i = 1; i <= 7; i++) {
                String name = stack + "-web-" + i;
                engine.createContainer(new ContainerRequest(name, "img", stacks[s].service("web"),
                        Map.of(Labels.STACK, stack, Labels.SERVICE, "web", Labels.REPLICA, "" + i), Map.of(), "net", List.of(), null, Map.of()));
                engine.startContainer(name);
            }
        }
        engine.clearCalls();
    }

    private void resync() {
        for (var s : stacks) observer.observe(s.name(), s);
    }

    @Test
    void aQuietResyncOfEveryStackCostsOneListOfEachKindAndNoInspect() {
        resync();
        assertThat(engine.count("list containers dev.stackd.stack")).isEqualTo(1);
        assertThat(engine.count("list containers com.docker.compose.project")).isEqualTo(1);
        assertThat(engine.count("list networks")).isEqualTo(1);
        assertThat(engine.count("inspect container")).isEqualTo(21);

        engine.clearCalls();
        now = now.plusSeconds(30); // the next resync, past maxAge: lists again, inspects nothing
        resync();
        assertThat(engine.count("list containers dev.stackd.stack")).isEqualTo(1);
        assertThat(engine.count("list networks")).isEqualTo(1);
        assertThat(engine.count("list volumes")).isEqualTo(1);
        assertThat(engine.count("inspect container")).isZero();
        assertThat(engine.count("inspect image")).isEqualTo(1);

        engine.clearCalls();
        resync(); // within maxAge: nothing at all
        assertThat(engine.calls()).isEmpty();
    }

    @Test
    void aMissedDieIsSeenAtTheNextResyncTickNotOnlyWhenTheListAges() {
        // reliability/run: a die lost while the event stream was cut was repaired only after a resync and the list's
        // maxAge had both come round (12-19 s with a 10 s resync); each resync tick now reads the lists again
        resync();
        engine.stopContainer("s1-web-3", null); // no event reaches the cache
        now = now.plusSeconds(5); // within maxAge
        cache.refreshLists();
        engine.clearCalls();

        var observed = observer.observe("s1", stacks[1]);

        assertThat(engine.count("list containers dev.stackd.stack")).isEqualTo(1);
        assertThat(engine.count("inspect container")).as("only the container whose state word changed").isEqualTo(1);
        assertThat(observed.containers()).filteredOn(c -> c.name().equals("s1-web-3"))
                .singleElement().extracting(ObservedContainer::state).isEqualTo(ObservedContainer.State.EXITED);
    }

    @Test
    void anEventAboutAContainerMakesItAndTheListBeReadAgain() {
        resync();
        engine.stopContainer("s1-web-3", null);
        var id = engine.container("s1-web-3").orElseThrow().id();
        cache.onEvent(new EngineEvent("container", "die", id, Map.of()));
        engine.clearCalls();

        var observed = observer.observe("s1", stacks[1]);

        assertThat(engine.calls()).as("the image ID is still fresh: only the list and that container are read")
                .containsExactly("list containers dev.stackd.stack=null", "inspect container " + id,
                        "list containers com.docker.compose.project=null");
        assertThat(observed.containers()).filteredOn(c -> c.name().equals("s1-web-3"))
                .singleElement().extracting(ObservedContainer::state).isEqualTo(ObservedContainer.State.EXITED);
    }

    @Test
    void healthcheckExecEventsInvalidateNothing() {
        resync();
        var id = engine.container("s0-web-2").orElseThrow().id();
        for (String action : List.of("exec_create: test -f /tmp/ok", "exec_start: test -f /tmp/ok", "exec_die")) {
            cache.onEvent(new EngineEvent("container", action, id, Map.of()));
        }
        engine.clearCalls();
        resync();
        assertThat(engine.calls()).isEmpty();
    }

    @Test
    void aNetworkEventNamesTheContainerWhoseEndpointsChanged() {
        resync();
        var id = engine.container("s2-web-1").orElseThrow().id();
        engine.disconnectNetwork("net", id);
        cache.onEvent(new EngineEvent("network", "disconnect", "netid", Map.of("container", id, "name", "net")));
        engine.clearCalls();

        var observed = observer.observe("s2", stacks[2]);

        assertThat(engine.count("inspect container")).isEqualTo(1);
        assertThat(observed.containers()).filteredOn(c -> c.name().equals("s2-web-1")).singleElement()
                .satisfies(c -> assertThat(c.networks()).isEmpty());
    }

    @Test
    void withoutTheEventStreamNothingIsTrusted() {
        resync();
        connected.set(false);
        engine.clearCalls();
        resync();
        assertThat(engine.count("list containers dev.stackd.stack")).isEqualTo(3);
        assertThat(engine.count("list containers com.docker.compose.project")).isEqualTo(3); // compose's, for adoption
        assertThat(engine.count("inspect container")).isEqualTo(21);
    }

    @Test
    void aStateChangeSeenInTheListIsInspectedEvenWithoutAnEvent() {
        resync();
        engine.stopContainer("s0-web-1", null);
        now = now.plusSeconds(11);
        engine.clearCalls();
        var observed = observer.observe("s0", stacks[0]);
        assertThat(engine.count("inspect container")).isEqualTo(1);
        assertThat(observed.containers()).filteredOn(c -> c.name().equals("s0-web-1")).singleElement()
                .extracting(ObservedContainer::state).isEqualTo(ObservedContainer.State.EXITED);
    }

    @Test
    void stacksObservedAtOnceShareOneListOfContainers() throws Exception {
        var gate = new CountDownLatch(1);
        var entered = new AtomicInteger();
        Engine slow = (Engine) Proxy.newProxyInstance(Engine.class.getClassLoader(), new Class<?>[] {Engine.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("listContainerSummaries")) {
                        entered.incrementAndGet();
                        gate.await(5, TimeUnit.SECONDS);
                    }
                    try {
                        return method.invoke(engine, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        var shared = new EngineCache(slow, clock, Duration.ofSeconds(10), connected::get);
        var threads = new ArrayList<Thread>();
        for (var s : stacks) threads.add(Thread.ofPlatform().start(() -> new Observer(shared, clock).observe(s.name(), s)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline
                && !(entered.get() == 1 && threads.stream().filter(t -> t.getState() == Thread.State.BLOCKED).count() == 2)) {
            Thread.sleep(5);
        }
        gate.countDown();
        for (var t : threads) t.join(5_000);
        assertThat(entered).hasValue(2); // one list of stackd's containers, one of compose's: each shared by all three
        assertThat(engine.count("list containers dev.stackd.stack")).isEqualTo(1);
        assertThat(engine.count("list containers com.docker.compose.project")).isEqualTo(1);
    }
}
