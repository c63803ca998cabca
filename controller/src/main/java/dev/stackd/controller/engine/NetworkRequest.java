package dev.stackd.controller.engine;

import dev.stackd.api.model.NetworkSpec;
import java.util.Map;

/** A network to create under {@code spec.name()} with these labels (the spec's own and stackd's). */
public record NetworkRequest(NetworkSpec spec, Map<String, String> labels) {
    public NetworkRequest {
        labels = Map.copyOf(labels);
    }
}
