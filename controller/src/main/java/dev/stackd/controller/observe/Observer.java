package dev.stackd.controller.observe;

import dev.stackd.controller.engine.ObservedContainer;
import dev.stackd.controller.engine.ObservedNetwork;
import dev.stackd.controller.engine.ObservedVolume;
import dev.stackd.api.model.ServiceSpec;
import dev.stackd.api.model.StackSpec;
import dev.stackd.controller.engine.Engine;
import dev.stackd.controller.engine.Labels;
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
        return observe(stack, desired, Adoptions.NONE);
    }

    /**
     * @param adoptions what the stack took over from docker compose (reported as the stack's own, with stackd's
     *                  labels added) and whether it may take more (then the candidates' settings are read too)
     */
    public ObservedState observe(String stack, StackSpec desired, Adoptions adoptions) {
        var containers = new ArrayList<ObservedContainer>();
        for (var summary : cache.containers()) {
            if (stack.equals(summary.labels().get(Labels.STACK))) cache.container(summary).ifPresent(containers::add);
        }
        var adoptedContainers = adoptions.of(AdoptedObject.Kind.CONTAINER);
        var candidates = new ArrayList<ComposeProject.ComposeContainer>();
        for (var summary : composeSummaries(stack)) {
            var adopted = adoptedContainers.get(summary.id());
            if (adopted != null) {
                cache.container(summary).ifPresent(c -> containers.add(owned(c, stack, adopted)));
                continue;
            }
            var c = cache.container(summary);
            if (c.isEmpty()) continue;
            var settings = adoptions.permitted() ? cache.settings(summary.id()).orElse(null) : null;
            candidates.add(new ComposeProject.ComposeContainer(c.get(), summary.labels().get(Labels.COMPOSE_SERVICE),
                    number(summary.labels().get(Labels.COMPOSE_CONTAINER_NUMBER)), settings));
        }
        var networks = new HashMap<>(cache.networks());
        var adoptedNetworks = adoptions.of(AdoptedObject.Kind.NETWORK);
        var composeNetworks = new ArrayList<ObservedNetwork>();
        for (var n : cache.networks().values()) {
            if (!composeOnly(n.labels(), stack)) continue;
            var adopted = adoptedNetworks.get(n.id());
            if (adopted == null) composeNetworks.add(n);
            else networks.put(n.name(), owned(n, stack));
        }
        var volumes = new HashMap<>(cache.volumes());
        var adoptedVolumes = adoptions.of(AdoptedObject.Kind.VOLUME);
        var composeVolumes = new ArrayList<ObservedVolume>();
        for (var v : cache.volumes().values()) {
            if (!composeOnly(v.labels(), stack)) continue;
            if (adoptedVolumes.containsKey(v.name())) volumes.put(v.name(), owned(v, stack));
            else composeVolumes.add(v);
        }
        var images = new HashMap<String, String>();
        if (desired != null) {
            for (String ref : imageRefs(desired)) cache.imageId(ref).ifPresent(id -> images.put(ref, id));
        }
        var compose = new ComposeProject(adoptions.permitted(), candidates, composeNetworks, composeVolumes);
        return new ObservedState(stack, containers, networks, volumes, images, Map.of(), clock.instant(), compose);
    }

    /**
     * docker compose's objects of the project named like the stack that stackd neither owns nor adopted (settings not
     * read): what an apply without --adopt is refused for.
     */
    public ComposeProject composeProject(String stack, Adoptions adoptions) {
        var observed = observe(stack, null, adoptions.permitting(false));
        return observed.compose();
    }

    /** The project's containers that only compose labelled; its one-off containers (compose run) left out. */
    private java.util.List<dev.stackd.controller.engine.Engine.ContainerSummary> composeSummaries(String stack) {
        return cache.composeContainers().stream()
                .filter(s -> composeOnly(s.labels(), stack) && !"True".equals(s.labels().get(Labels.COMPOSE_ONEOFF)))
                .toList();
    }

    /** Labelled as the project's by compose, and by no stackd stack. */
    static boolean composeOnly(Map<String, String> labels, String stack) {
        return stack.equals(labels.get(Labels.COMPOSE_PROJECT)) && !labels.containsKey(Labels.STACK);
    }

    /** An adopted container as the stack's own: stackd's labels added, the spec hash it matched (none if it did not). */
    public static ObservedContainer owned(ObservedContainer c, String stack, AdoptedObject adopted) {
        var labels = new HashMap<>(c.labels());
        labels.put(Labels.STACK, stack);
        if (adopted.service() != null) labels.put(Labels.SERVICE, adopted.service());
        labels.put(Labels.REPLICA, Integer.toString(adopted.replica()));
        if (adopted.specHash() != null) labels.put(Labels.SPEC_HASH, adopted.specHash());
        labels.put(Labels.ADOPTED, adopted.differences());
        return new ObservedContainer(c.id(), c.name(), labels, c.image(), c.imageId(), c.state(), c.exitCode(), c.health(),
                c.startedAt(), c.finishedAt(), c.restartCount(), c.oomKilled(), c.networks(), c.volumes(), c.networkMode(),
                c.pidMode(), c.ipcMode(), c.createdAt());
    }

    public static ObservedNetwork owned(ObservedNetwork n, String stack) {
        var labels = new HashMap<>(n.labels());
        labels.put(Labels.STACK, stack);
        labels.put(Labels.ADOPTED, ""); // kept as it is: compose made it with its own defaults (attachable...)
        String key = n.labels().get(Labels.COMPOSE_NETWORK);
        if (key != null) labels.put(Labels.NETWORK, key);
        return new ObservedNetwork(n.id(), n.name(), n.driver(), n.internal(), n.attachable(), n.enableIpv6(), n.options(),
                n.subnets(), labels);
    }

    public static ObservedVolume owned(ObservedVolume v, String stack) {
        var labels = new HashMap<>(v.labels());
        labels.put(Labels.STACK, stack);
        String key = v.labels().get(Labels.COMPOSE_VOLUME);
        if (key != null) labels.put(Labels.VOLUME, key);
        return new ObservedVolume(v.name(), v.driver(), v.options(), labels);
    }

    private static int number(String s) {
        try {
            return s == null ? 0 : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
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
