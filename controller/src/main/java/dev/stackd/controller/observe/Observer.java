package dev.stackd.controller.observe;

import dev.stackd.api.model.ServiceSpec;
import dev.stackd.api.model.StackSpec;
import dev.stackd.controller.docker.Engine;
import dev.stackd.controller.docker.Labels;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Takes one snapshot of the engine for a stack: its containers (list by label + inspect), the engine's networks and
 * volumes, and the local image ID of every image its services use. Nothing is decided here.
 */
public final class Observer {
    private final Engine engine;
    private final Clock clock;

    public Observer(Engine engine, Clock clock) {
        this.engine = engine;
        this.clock = clock;
    }

    /** @param desired the stack's spec, or null when only what exists matters (deletion) */
    public ObservedState observe(String stack, StackSpec desired) {
        var containers = engine.listContainers(Labels.STACK, stack);
        var networks = engine.listNetworks().stream()
                .collect(Collectors.toMap(ObservedNetwork::name, Function.identity(), (a, b) -> a));
        var volumes = engine.listVolumes().stream()
                .collect(Collectors.toMap(ObservedVolume::name, Function.identity(), (a, b) -> a));
        var images = new HashMap<String, String>();
        if (desired != null) {
            for (String ref : imageRefs(desired)) engine.imageId(ref).ifPresent(id -> images.put(ref, id));
        }
        return new ObservedState(stack, containers, networks, volumes, images, Map.of(), clock.instant());
    }

    /** The image reference of each service: its image, or for a build without one the tag compose would give it. */
    public static TreeSet<String> imageRefs(StackSpec spec) {
        var refs = new TreeSet<String>();
        for (ServiceSpec s : spec.services().values()) refs.add(imageRef(spec.name(), s));
        return refs;
    }

    public static String imageRef(String stack, ServiceSpec s) {
        if (s.image() != null) return s.image();
        return stack + "-" + s.name();
    }
}
