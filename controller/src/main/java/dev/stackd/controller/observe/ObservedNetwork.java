package dev.stackd.controller.observe;

import java.util.Map;

public record ObservedNetwork(String id, String name, String driver, boolean internal, Map<String, String> labels) {
    public ObservedNetwork {
        labels = Map.copyOf(labels);
    }
}
