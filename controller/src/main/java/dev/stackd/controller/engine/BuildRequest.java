package dev.stackd.controller.engine;

import dev.stackd.api.model.ServiceSpec.BuildSpec;
import java.util.Map;

/** Build {@code build.context()} (an absolute local path) and tag the result {@code tag}. */
public record BuildRequest(BuildSpec build, String tag, Map<String, String> labels) {
    public BuildRequest {
        labels = Map.copyOf(labels);
    }
}
