package dev.stackd.api.model;

import java.util.SortedMap;

/** A top-level named volume. name is the engine's name: "{stack}_{key}" unless set or external. */
public record VolumeSpec(String name, String driver, SortedMap<String, String> driverOpts, boolean external,
                         SortedMap<String, String> labels) {
    public VolumeSpec {
        driverOpts = Maps.sorted(driverOpts);
        labels = Maps.sorted(labels);
    }
}
