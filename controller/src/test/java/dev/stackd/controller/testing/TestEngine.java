package dev.stackd.controller.testing;

import dev.stackd.controller.engine.dockerjava.DockerJavaEngine;
import dev.stackd.controller.engine.EngineException;

/**
 * The real engine for integration tests, one per JVM. It fails (never skips) when no engine answers:
 * a test run without an engine has tested nothing.
 */
public final class TestEngine {
    private TestEngine() {}

    private static DockerJavaEngine engine;

    public static synchronized DockerJavaEngine get() {
        if (engine == null) {
            engine = connect(DockerJavaEngine.fromEnvironment());
            Runtime.getRuntime().addShutdownHook(new Thread(engine::close, "close-test-engine"));
        }
        return engine;
    }

    /** The engine when it answers; an AssertionError saying how to get one otherwise. */
    static DockerJavaEngine connect(DockerJavaEngine candidate) {
        try {
            candidate.serverVersion();
            return candidate;
        } catch (EngineException e) {
            candidate.close();
            throw new AssertionError("No Docker engine answers at " + candidate.host() + " (" + e.getMessage() + "). "
                    + "Run ./scripts/test as root on Debian, which installs docker.io and starts dockerd, "
                    + "or start an engine and set DOCKER_HOST.", e);
        }
    }
}
