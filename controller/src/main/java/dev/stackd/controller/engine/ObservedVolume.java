package dev.stackd.controller.engine;

import java.util.Map;

/** A volume as the engine's list call reports it; options are the driver options it was created with. */
public record ObservedVolume(String name, String driver, Map<String, String> options, Map<String, String> labels) {
    public ObservedVolume {
        options = options == null ? Map.of() : Map.copyOf(options);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** A volume created without driver options. */
    public ObservedVolume(String name, String driver, Map<String, String> labels) {
        this(name, driver, Map.of(), labels);
    }
}
