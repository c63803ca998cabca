package dev.stackd.controller.testing;

import dev.stackd.controller.docker.DockerJavaEngine;
import dev.stackd.controller.docker.EngineException;

/**
 * The real engine for integration tests, one per JVM. It fails (never skips) when no engine answers:
 * a test run without an engine has tested nothing.
 */
public final class TestEngine {
    private TestEngine() {}

    private static DockerJavaEngine engine;

    public static synchronized DockerJavaEngine get() {
        if (engine == null) {
            var candidate = DockerJavaEngine.fromEnvironment();
            try {
                candidate.serverVersion();
            } catch (EngineException e) {
                candidate.close();
                throw new AssertionError("No Docker engine answers at " + candidate.host() + " (" + e.getMessage() + "). "
                        + "Run ./scripts/test as root on Debian, which installs docker.io and starts dockerd, "
                        + "or start an engine and set DOCKER_HOST.", e);
            }
            engine = candidate;
            Runtime.getRuntime().addShutdownHook(new Thread(candidate::close, "close-test-engine"));
        }
        return engine;
    }
}
