package dev.stackd.controller.observe;

import java.util.Map;

public record ObservedVolume(String name, String driver, Map<String, String> labels) {
    public ObservedVolume {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
