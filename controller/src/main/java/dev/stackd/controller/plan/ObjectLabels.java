package dev.stackd.controller.plan;

import dev.stackd.api.model.NetworkSpec;
import dev.stackd.api.model.ServiceSpec;
import dev.stackd.api.model.VolumeSpec;
import dev.stackd.controller.engine.Labels;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** The labels of each object stackd creates: the spec's own, then stackd's and compose's (which win). */
public final class ObjectLabels {
    private ObjectLabels() {}

    public static SortedMap<String, String> container(String stack, ServiceSpec service, int replica, String specHash) {
        var l = new TreeMap<>(service.labels());
        l.put(Labels.STACK, stack);
        l.put(Labels.SERVICE, service.name());
        l.put(Labels.REPLICA, Integer.toString(replica));
        l.put(Labels.SPEC_HASH, specHash);
        l.put(Labels.COMPOSE_PROJECT, stack);
        l.put(Labels.COMPOSE_SERVICE, service.name());
        l.put(Labels.COMPOSE_CONTAINER_NUMBER, Integer.toString(replica));
        l.put(Labels.COMPOSE_ONEOFF, "False");
        l.put(Labels.COMPOSE_CONFIG_HASH, specHash);
        return l;
    }

    /** Compose's config-hash is not written: compose hashes differently and would recreate the network. */
    public static SortedMap<String, String> network(String stack, String key, NetworkSpec network) {
        var l = new TreeMap<>(network.labels());
        l.put(Labels.STACK, stack);
        l.put(Labels.NETWORK, key);
        l.put(Labels.SPEC_HASH, NetworkHash.of(network));
        l.put(Labels.COMPOSE_PROJECT, stack);
        l.put(Labels.COMPOSE_NETWORK, key);
        return l;
    }

    public static SortedMap<String, String> volume(String stack, String key, VolumeSpec volume) {
        var l = new TreeMap<>(volume.labels());
        l.put(Labels.STACK, stack);
        l.put(Labels.VOLUME, key);
        l.put(Labels.COMPOSE_PROJECT, stack);
        l.put(Labels.COMPOSE_VOLUME, key);
        return l;
    }

    public static SortedMap<String, String> image(String stack, ServiceSpec service) {
        var l = new TreeMap<String, String>();
        l.put(Labels.STACK, stack);
        l.put(Labels.SERVICE, service.name());
        l.put(Labels.COMPOSE_PROJECT, stack);
        l.put(Labels.COMPOSE_SERVICE, service.name());
        return l;
    }

    /** Whether stackd made this object for this stack: the only objects it may change or remove. */
    public static boolean ownedBy(Map<String, String> labels, String stack) {
        return stack.equals(labels.get(Labels.STACK));
    }
}
