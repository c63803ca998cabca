package dev.stackd.controller.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stackd.controller.metrics.Metrics;
import dev.stackd.controller.testing.RecordingEngine;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Failed engine calls reach stackd_engine_errors_total once each, by kind; answers that are values do not. */
class GuardedEngineTest {
    private final RecordingEngine fake = new RecordingEngine().withImage("img");
    private final Metrics metrics = new Metrics();
    private final GuardedEngine engine = new GuardedEngine(fake, Duration.ofMinutes(1), metrics::engineError);

    @Test
    void anOutageEndsWhenTheEngineTakesNewConnectionsNotWhenAnOpenOneAnswers() {
        engine.listNetworks();
        fake.listening(false); // SIGTERM: the listener is closed, the pool's connections are still served
        assertThatThrownBy(engine::acceptsConnections).isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.unavailable()).isTrue());
        assertThat(engine.outage().down()).isTrue();

        engine.listNetworks();
        assertThat(engine.outage().down()).as("an answer on an old connection does not end the outage").isTrue();

        fake.listening(true);
        engine.listNetworks();
        assertThat(engine.outage().down()).isFalse();
    }

    @Test
    void aCallThatFailsAfterANewerOneWasAnsweredStartsNoOutage() throws Exception {
        // /readyz's background ping began while the engine was down and failed only after a newer call was
        // answered (DaemonMetricsTest saw /readyz 503 after the engine was back, under load)
        var released = new java.util.concurrent.CountDownLatch(1);
        var entered = new java.util.concurrent.CountDownLatch(1);
        Engine slow = (Engine) java.lang.reflect.Proxy.newProxyInstance(Engine.class.getClassLoader(), new Class<?>[] {Engine.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("listVolumes")) {
                        entered.countDown();
                        released.await();
                        throw new EngineException("connection refused", 0, null);
                    }
                    try {
                        return method.invoke(fake, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        var guarded = new GuardedEngine(slow, Duration.ofMinutes(1), metrics::engineError);
        var old = java.util.concurrent.CompletableFuture.runAsync(() -> assertThatThrownBy(guarded::listVolumes).isInstanceOf(EngineException.class));
        entered.await();

        guarded.listNetworks(); // a newer call, answered
        released.countDown();
        old.join();

        assertThat(guarded.outage().down()).as("the older call's failure is stale").isFalse();
        assertThat(errors()).containsEntry("unavailable", 1.0); // still counted
        guarded.listNetworks();
        assertThatThrownBy(() -> { fake.down(true); guarded.listNetworks(); }).isInstanceOf(EngineException.class);
        assertThat(guarded.outage().down()).as("a newer call's failure is an outage").isTrue();
    }

    @Test
    void countsEachFailedCallOnceByKind() {
        engine.createContainer(container("web-1"));
        engine.startContainer("web-1");
        assertThat(engine.inspectContainer("gone")).as("a container that is gone is an answer").isEmpty();
        assertThat(engine.imageId("absent")).as("so is an image that is not there").isEmpty();

        assertThatThrownBy(() -> engine.startContainer("ghost")).isInstanceOf(EngineException.class);
        assertThatThrownBy(() -> engine.createContainer(container("web-1"))).isInstanceOf(EngineException.class);
        assertThatThrownBy(() -> engine.stopContainer("ghost", null)).isInstanceOf(EngineException.class);
        fake.failWhen(c -> c.equals("list networks"));
        assertThatThrownBy(engine::listNetworks).isInstanceOf(EngineException.class);
        fake.failWhen(c -> c.equals("list volumes"), c -> EngineException.timedOut(c + ": no answer in 60 s", null));
        assertThatThrownBy(engine::listVolumes).isInstanceOf(EngineException.class);

        assertThat(errors()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "not_found", 2.0,
                "conflict", 1.0,
                "other", 1.0,
                "timeout", 1.0));
        assertThat(engine.available()).as("one timeout among answers does not open the breaker").isTrue();
    }

    @Test
    void anOutageCountsAsUnavailableThenAsCallsTheOpenBreakerRefused() {
        fake.down(true);
        for (int i = 0; i < 3; i++) assertThatThrownBy(engine::serverVersion).isInstanceOf(EngineException.class);
        assertThat(engine.available()).isFalse();

        assertThatThrownBy(engine::serverVersion)
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.unavailable()).isTrue());

        assertThat(fake.count("version")).as("the refused call never reached the engine").isEqualTo(3);
        assertThat(errors()).containsExactlyInAnyOrderEntriesOf(Map.of("unavailable", 3.0, "circuit_open", 1.0));
    }

    @Test
    void withoutAListenerFailuresOnlyPropagate() {
        var quiet = new GuardedEngine(fake);
        assertThatThrownBy(() -> quiet.startContainer("ghost"))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo("not_found"));
    }

    private Map<String, Double> errors() {
        var out = new HashMap<String, Double>();
        for (var c : metrics.registry().find("stackd.engine.errors").counters()) out.put(c.getId().getTag("kind"), c.count());
        return out;
    }

    private static ContainerRequest container(String name) {
        return new ContainerRequest(name, "img", null, Map.of(), Map.of(), null, List.of(), null, Map.of());
    }
}
