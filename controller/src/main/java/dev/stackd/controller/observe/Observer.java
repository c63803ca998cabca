package dev.stackd.controller.observe;

import dev.stackd.api.model.ServiceSpec;
import dev.stackd.api.model.StackSpec;
import dev.stackd.controller.docker.Engine;
import dev.stackd.controller.docker.Labels;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Takes one snapshot of the engine for a stack: its containers (list by label + inspect), the engine's networks and
 * volumes, and the local image ID of every image its services use, through the {@link EngineCache} so that a
 * resync of many quiet stacks costs a constant number of list calls and no inspects. Nothing is decided here.
 */
public final class Observer {
    private final EngineCache cache;
    private final Clock clock;

    /** An observer that asks the engine every time. */
    public Observer(Engine engine, Clock clock) {
        this(EngineCache.uncached(engine, clock), clock);
    }

    public Observer(EngineCache cache, Clock clock) {
        this.cache = cache;
        this.clock = clock;
    }

    /** Stackd changed something: the next observation reads it from the engine. */
    public void invalidate() {
        cache.invalidateAll();
    }

    /** @param desired the stack's spec, or null when only what exists matters (deletion) */
    public ObservedState observe(String stack, StackSpec desired) {
        var containers = new ArrayList<ObservedContainer>();
        for (var summary : cache.containers()) {
            if (stack.equals(summary.labels().get(Labels.STACK))) cache.container(summary).ifPresent(containers::add);
        }
        var networks = cache.networks();
        var volumes = cache.volumes();
        var images = new HashMap<String, String>();
        if (desired != null) {
            for (String ref : imageRefs(desired)) cache.imageId(ref).ifPresent(id -> images.put(ref, id));
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
