package dev.stackd.controller.engine;

import dev.stackd.api.model.VolumeSpec;
import java.util.Map;

/** A named volume to create under {@code spec.name()} with these labels (the spec's own and stackd's). */
public record VolumeRequest(VolumeSpec spec, Map<String, String> labels) {
    public VolumeRequest {
        labels = Map.copyOf(labels);
    }
}
