package dev.stackd.controller.observe;

import dev.stackd.controller.event.ObjectRef;
import dev.stackd.controller.engine.ContainerSettings;
import dev.stackd.controller.engine.ObservedContainer;
import dev.stackd.controller.engine.ObservedNetwork;
import dev.stackd.controller.engine.ObservedVolume;
import java.util.ArrayList;
import java.util.List;

/**
 * docker compose's objects of the stack's project (labelled {@code com.docker.compose.project=<stack>}) that stackd
 * does not own and has not adopted: what an apply without {@code --adopt} is refused for, and what an apply with it
 * takes over. One-off containers ({@code docker compose run}) are not part of it: compose's own {@code ps} and
 * {@code up} leave them out too.
 *
 * @param adopt      the user let stackd take them over
 * @param containers the containers, each with its settings when {@code adopt} (compared field by field to the spec)
 */
public record ComposeProject(boolean adopt, List<ComposeContainer> containers, List<ObservedNetwork> networks,
                             List<ObservedVolume> volumes) {
    public static final ComposeProject NONE = new ComposeProject(false, List.of(), List.of(), List.of());

    public ComposeProject {
        containers = List.copyOf(containers);
        networks = List.copyOf(networks);
        volumes = List.copyOf(volumes);
    }

    public boolean isEmpty() {
        return containers.isEmpty() && networks.isEmpty() && volumes.isEmpty();
    }

    /** "container p_web_1", "network p_default", "volume p_data", sorted within each kind. */
    public List<String> objects() {
        var out = new ArrayList<String>();
        containers.stream().map(c -> ObjectRef.container(c.container().name()).render()).sorted().forEach(out::add);
        networks.stream().map(n -> ObjectRef.network(n.name()).render()).sorted().forEach(out::add);
        volumes.stream().map(v -> ObjectRef.volume(v.name()).render()).sorted().forEach(out::add);
        return out;
    }

    /**
     * A compose container: as observed (state, endpoints, mounts) and, when adoption is asked for, its settings.
     *
     * @param service  its {@code com.docker.compose.service} label (null when missing)
     * @param number   its {@code com.docker.compose.container-number} label, 0 when missing or not a number
     * @param settings how it was created, with its image's defaults; null when not read (no adoption asked for)
     */
    public record ComposeContainer(ObservedContainer container, String service, int number, ContainerSettings settings) {}
}
