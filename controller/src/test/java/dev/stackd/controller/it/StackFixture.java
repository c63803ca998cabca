package dev.stackd.controller.it;

import static org.awaitility.Awaitility.await;

import dev.stackd.api.Manifests;
import dev.stackd.api.compose.ComposeLoader;
import dev.stackd.api.compose.LoadRequest;
import dev.stackd.controller.Daemon;
import dev.stackd.controller.engine.Engine;
import dev.stackd.controller.engine.EngineException;
import dev.stackd.controller.engine.Labels;
import dev.stackd.controller.engine.ObservedContainer;
import dev.stackd.controller.store.Store;
import dev.stackd.controller.testing.TestEngine;
import dev.stackd.controller.testing.TestImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A running daemon on a temporary store and the real engine, and one stack name per test; close() stops the
 * daemon and removes every container, network and volume labelled with the stack.
 */
final class StackFixture implements AutoCloseable {
    final String stack = "it" + UUID.randomUUID().toString().substring(0, 8);
    final Engine engine = TestEngine.get();
    final Path dataDir;
    Daemon daemon;

    StackFixture(Path dataDir) {
        TestImage.ensure();
        this.dataDir = dataDir;
        startDaemon();
    }

    void startDaemon() {
        daemon = Daemon.start(new Daemon.Config(dataDir, null, Duration.ofSeconds(30), 4, 8), Store.open(dataDir), engine);
    }

    void restartDaemon() {
        daemon.close();
        startDaemon();
    }

    /** Stores the compose text as the stack's spec and enqueues it, as an apply does. */
    void apply(String compose) {
        var spec = ComposeLoader.load(LoadRequest.ofText(compose.replace("IMAGE", TestImage.REF), dataDir).withName(stack)).orThrow();
        daemon.store().apply(stack, Manifests.toCanonicalJson(spec), compose, null);
        daemon.changed(stack);
    }

    void delete(boolean volumes) {
        daemon.store().markDeleting(stack, volumes);
        daemon.changed(stack);
    }

    String name(String service, int replica) {
        return stack + "-" + service + "-" + replica;
    }

    String network(String key) {
        return stack + "_" + key;
    }

    List<ObservedContainer> containers() {
        return engine.listContainers(Labels.STACK, stack);
    }

    Optional<ObservedContainer> container(String name) {
        return containers().stream().filter(c -> c.name().equals(name)).findFirst();
    }

    ObservedContainer running(String name) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> container(name).map(c -> c.state() == ObservedContainer.State.RUNNING).orElse(false));
        return container(name).orElseThrow();
    }

    void awaitReady() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> daemon.store().get(stack)
                .map(r -> r.statusJson() != null && r.statusJson().contains("\"type\":\"Ready\",\"status\":\"True\"")).orElse(false));
    }

    List<String> reasons() {
        return daemon.store().events(stack, 0, 10_000).stream().map(e -> e.reason() + " " + e.object()).toList();
    }

    @Override
    public void close() {
        daemon.close();
        for (var c : engine.listContainers(Labels.STACK, stack)) quietly(() -> engine.removeContainer(c.id(), true));
        for (var n : engine.listNetworks()) if (stack.equals(n.labels().get(Labels.STACK))) quietly(() -> engine.removeNetwork(n.id()));
        for (var v : engine.listVolumes()) if (stack.equals(v.labels().get(Labels.STACK))) quietly(() -> engine.removeVolume(v.name()));
    }

    private static void quietly(Runnable r) {
        try {
            r.run();
        } catch (EngineException e) {
            if (!e.notFound()) throw e;
        }
    }
}
