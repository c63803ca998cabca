package dev.stackd.controller.testing;

import dev.stackd.controller.engine.Engine;
import dev.stackd.controller.engine.EngineException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Everything a test creates carries {@code stackd.test=<run id>}; {@link #removeAll()} removes containers,
 * then networks, then volumes with that label, and reports what it could not remove.
 */
public final class TestResources {
    public static final String LABEL = "stackd.test";

    private final String runId = UUID.randomUUID().toString().substring(0, 8);

    public String runId() {
        return runId;
    }

    /** A name unique to this run, e.g. {@code st-1a2b3c4d-web}. */
    public String name(String suffix) {
        return "st-" + runId + "-" + suffix;
    }

    public java.util.Map<String, String> labels() {
        return java.util.Map.of(LABEL, runId);
    }

    public void removeAll() {
        Engine engine = TestEngine.get();
        List<String> failures = new ArrayList<>();
        for (var c : engine.listContainers(LABEL, runId)) attempt(failures, "container " + c.name(), () -> engine.removeContainer(c.id(), true));
        for (var n : engine.listNetworks()) {
            if (runId.equals(n.labels().get(LABEL))) attempt(failures, "network " + n.name(), () -> engine.removeNetwork(n.id()));
        }
        for (var v : engine.listVolumes()) {
            if (runId.equals(v.labels().get(LABEL))) attempt(failures, "volume " + v.name(), () -> engine.removeVolume(v.name()));
        }
        if (!failures.isEmpty()) throw new AssertionError("test cleanup left: " + failures);
    }

    private static void attempt(List<String> failures, String what, Runnable removal) {
        try {
            removal.run();
        } catch (EngineException e) {
            if (!e.notFound()) failures.add(what + " (" + e.getMessage() + ")");
        }
    }
}
