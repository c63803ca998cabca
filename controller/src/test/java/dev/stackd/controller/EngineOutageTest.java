package dev.stackd.controller;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.stackd.api.Manifests;
import dev.stackd.api.compose.ComposeLoader;
import dev.stackd.api.compose.LoadRequest;
import dev.stackd.controller.engine.dockerjava.DockerJavaEngine;
import dev.stackd.controller.store.Store;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * With no engine at all (its socket does not exist), the daemon must back off and stay quiet: one line when the
 * engine goes, none per stack and no stack traces. Before, the event subscription looked successful with no
 * engine, so every 0.5 s every stack was resynced and each failure logged a WARN with its stack trace.
 */
class EngineOutageTest {
    private static final int STACKS = 20;
    private static final Duration WATCHED = Duration.ofSeconds(5);

    @TempDir
    Path dir;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger stackdLogger = (Logger) LoggerFactory.getLogger("dev.stackd");

    @BeforeEach
    void captureLogs() {
        logs.start();
        stackdLogger.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        stackdLogger.detachAppender(logs);
    }

    @Test
    void noEngineMeansBackoffAndOneLogLineNotAFlood() throws Exception {
        var store = Store.open(dir);
        for (int i = 0; i < STACKS; i++) {
            String name = "s" + i;
            String compose = "services:\n  web:\n    image: img\n";
            var spec = ComposeLoader.load(LoadRequest.ofText(compose, dir).withName(name)).orThrow();
            store.apply(name, Manifests.toCanonicalJson(spec), compose, null);
        }
        var nowhere = new DockerJavaEngine(URI.create("unix://" + dir.resolve("no-engine.sock")));
        try (var daemon = Daemon.start(new Daemon.Config(dir, null, Duration.ofSeconds(30), 4, 2), store, nowhere)) {
            Thread.sleep(WATCHED.toMillis());
            long reconciles = daemon.reconciles();
            // backoff from 0.5 s doubling: about 4 tries per stack in 5 s (0, 0.5, 1.5, 3.5 s); a resync of every
            // stack every 0.5 s made 10 and more
            assertThat(reconciles).as("reconciles of %d stacks in %s", STACKS, WATCHED).isLessThanOrEqualTo(STACKS * 5L);
            assertThat(daemon.ready()).isFalse();
        } finally {
            nowhere.close();
        }
        List<ILoggingEvent> loud = logs.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
        assertThat(loud).as("warnings while the engine is down: %s", loud).hasSizeLessThanOrEqualTo(2);
        assertThat(logs.list).as("stack traces in the log").allMatch(e -> e.getThrowableProxy() == null);
        assertThat(logs.list).anyMatch(e -> e.getFormattedMessage().startsWith("engine-unavailable"));
    }
}
