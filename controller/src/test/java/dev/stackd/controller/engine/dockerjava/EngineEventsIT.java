package dev.stackd.controller.engine.dockerjava;

import dev.stackd.controller.engine.ContainerRequest;
import dev.stackd.controller.engine.Engine;
import dev.stackd.controller.engine.Labels;
import dev.stackd.controller.engine.NetworkRequest;
import static dev.stackd.controller.testing.Specs.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stackd.controller.engine.Engine.EngineEvent;
import dev.stackd.controller.testing.TestEngine;
import dev.stackd.controller.testing.TestImage;
import dev.stackd.controller.testing.TestResources;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The event stream as triggers see it: container start/die with labels, network connect/disconnect with the container. */
class EngineEventsIT {
    private final Engine engine = TestEngine.get();
    private final TestResources test = new TestResources();
    private final List<EngineEvent> events = new CopyOnWriteArrayList<>();
    private final AtomicReference<Throwable> closedWith = new AtomicReference<>();
    private volatile boolean closed;

    @BeforeAll
    static void image() {
        TestImage.ensure();
    }

    @AfterEach
    void cleanUp() {
        test.removeAll();
    }

    @Test
    void reportsContainerAndNetworkEventsUntilClosed() throws Exception {
        AutoCloseable subscription = engine.subscribe(new Engine.EventListener() {
            @Override
            public void onEvent(EngineEvent event) {
                events.add(event);
            }

            @Override
            public void onClosed(Throwable error) {
                closedWith.set(error);
                closed = true;
            }
        });

        String network = test.name("net");
        String networkId = engine.createNetwork(new NetworkRequest(DockerJavaEngineIT.network(network), test.labels()));
        var labels = new HashMap<>(test.labels());
        labels.put(Labels.SERVICE, "sleeper");
        String id = engine.createContainer(new ContainerRequest(test.name("sleeper"), TestImage.REF,
                service("sleeper").image(TestImage.REF).spec(), labels, Map.of(), network, List.of("sleeper"), null, Map.of()));
        engine.startContainer(id);
        String second = test.name("net2");
        String secondId = engine.createNetwork(new NetworkRequest(DockerJavaEngineIT.network(second), test.labels()));
        engine.connectNetwork(second, id, List.of(), null);
        engine.disconnectNetwork(second, id);
        engine.stopContainer(id, Duration.ZERO);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(events).anySatisfy(e -> {
                assertThat(e.type()).isEqualTo("container");
                assertThat(e.action()).isEqualTo("start");
                assertThat(e.id()).isEqualTo(id);
                assertThat(e.attributes()).containsEntry(Labels.SERVICE, "sleeper").containsEntry(TestResources.LABEL, test.runId());
            });
            assertThat(events).anySatisfy(e -> {
                assertThat(e.type()).isEqualTo("container");
                assertThat(e.action()).isEqualTo("die");
                assertThat(e.id()).isEqualTo(id);
                assertThat(e.attributes()).containsKey("exitCode").containsEntry(Labels.SERVICE, "sleeper");
            });
            assertThat(events).anySatisfy(e -> assertNetworkEvent(e, "connect", secondId, id));
            assertThat(events).anySatisfy(e -> assertNetworkEvent(e, "disconnect", secondId, id));
            assertThat(events).anySatisfy(e -> assertNetworkEvent(e, "connect", networkId, id));
        });

        subscription.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> closed);
        assertThat(closedWith.get()).isNull();
    }

    private static void assertNetworkEvent(EngineEvent e, String action, String networkId, String containerId) {
        assertThat(e.type()).isEqualTo("network");
        assertThat(e.action()).isEqualTo(action);
        assertThat(e.id()).isEqualTo(networkId);
        assertThat(e.attributes()).containsEntry("container", containerId);
    }
}
