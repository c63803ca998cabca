package dev.stackd.controller.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Docker engine as stackd needs it: small on purpose. {@code DockerJavaEngine} is the only implementation
 * that talks to a real engine (and the only class importing docker-java); tests use a recording fake.
 * Every method is one engine API call unless its comment says otherwise. Failures throw {@link EngineException}.
 * Container and network arguments accept an ID or a name.
 */
public interface Engine extends AutoCloseable {

    /** Ping and version: the engine answers. */
    String serverVersion();

    /**
     * Whether the engine accepts a new connection. A shutting-down dockerd closes its listener first and then stops
     * every container, while connections already open (a client's pool, the event stream) are still served: the
     * burst of {@code die} events must not be answered with starts, which the engine leaves stuck in "removing".
     * Not one of the client's calls: a ping on a fresh connection (a proxy on the socket accepts the connection
     * itself; its answer tells whether the engine behind it did), closed at once.
     */
    boolean acceptsConnections();

    /** Containers carrying the label {@code labelKey=labelValue} (labelValue null: any value), stopped ones too: one list call. */
    List<ContainerSummary> listContainerSummaries(String labelKey, String labelValue);

    /** One container in full (state, health, endpoints, mounts); empty when it is gone. */
    Optional<ObservedContainer> inspectContainer(String id);

    /**
     * How a container was created and what its image gave it (for adoption's field-by-field comparison with a spec):
     * two calls, the container's inspect and its image's. Empty when the container is gone.
     */
    Optional<ContainerSettings> containerSettings(String id);

    /** The labelled containers in full: a list plus one inspect each. */
    default List<ObservedContainer> listContainers(String labelKey, String labelValue) {
        var out = new java.util.ArrayList<ObservedContainer>();
        for (var s : listContainerSummaries(labelKey, labelValue)) inspectContainer(s.id()).ifPresent(out::add);
        return out;
    }

    List<ObservedNetwork> listNetworks();

    List<ObservedVolume> listVolumes();

    /** The local image ID of a reference, empty when the image is not present. */
    Optional<String> imageId(String ref);

    /** Creates (does not start) a container; returns its ID. */
    String createContainer(ContainerRequest request);

    void startContainer(String container);

    /** Stops with the container's stop signal, then SIGKILL after the grace period (null: the engine's default). */
    void stopContainer(String container, Duration grace);

    void restartContainer(String container, Duration grace);

    /** Removes a container (force: also when running); its anonymous volumes go with it, named volumes stay. */
    void removeContainer(String container, boolean force);

    void renameContainer(String container, String newName);

    /** Creates a network; returns its ID. */
    String createNetwork(NetworkRequest request);

    void removeNetwork(String network);

    void connectNetwork(String network, String container, List<String> aliases, String ipv4Address);

    /**
     * As {@link #connectNetwork(String, String, List, String)}, with engine links ("CONTAINER:ALIAS") on the endpoint.
     * An engine that cannot set them refuses, rather than connecting without them.
     */
    default void connectNetwork(String network, String container, List<String> aliases, String ipv4Address, List<String> links) {
        if (!links.isEmpty()) throw new UnsupportedOperationException("this engine does not set links on a connect");
        connectNetwork(network, container, aliases, ipv4Address);
    }

    void disconnectNetwork(String network, String container);

    void createVolume(VolumeRequest request);

    void removeVolume(String name);

    void pullImage(String ref, Duration timeout);

    /** Builds an image from a local context; returns its ID. */
    String buildImage(BuildRequest request, Duration timeout);

    /**
     * Subscribes to container, network and volume events; the subscription ends on close or when the stream fails.
     * @throws EngineException when the stream could not be opened at all (no engine): no listener call then
     */
    AutoCloseable subscribe(EventListener listener);

    /**
     * Reads a container's output, both streams, with the engine's timestamps. Returns once the engine has accepted
     * the request; the lines then come to {@code listener} on a thread of the engine client's, in the engine's order,
     * and {@code onClosed} ends them: at the end of what was asked, when a followed container stops, or on close.
     * Not one call's worth of time: a followed stream stays open as long as its container runs.
     *
     * @throws EngineException when the stream could not be opened (a container that is gone: {@code notFound()});
     *                         no listener call then
     */
    AutoCloseable logs(String container, LogRequest request, LogListener listener);

    @Override
    void close();

    /**
     * What the list call says of a container. {@code state} is its state word ("running", "exited").
     */
    record ContainerSummary(String id, String name, String state, Map<String, String> labels) {
        public ContainerSummary {
            labels = labels == null ? Map.of() : Map.copyOf(labels);
        }
    }

    /** An engine event, reduced to what triggers need. */
    record EngineEvent(String type, String action, String id, Map<String, String> attributes) {
        public EngineEvent {
            attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        }
    }

    interface EventListener {
        void onEvent(EngineEvent event);

        /** The stream ended (engine gone, or closed); null when closed on purpose. */
        void onClosed(Throwable error);
    }
}
