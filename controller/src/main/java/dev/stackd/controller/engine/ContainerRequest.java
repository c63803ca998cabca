package dev.stackd.controller.engine;

import dev.stackd.api.model.ServiceSpec;
import java.util.List;
import java.util.Map;

/**
 * What to create: the service's spec plus what the stack resolved for it.
 *
 * @param name           the container name to create under
 * @param image          the image reference (for a build: the tag it was built as)
 * @param service        the normalised service spec
 * @param labels         every label to set (the service's own and stackd's)
 * @param volumeNames    the service's volume keys -> engine volume names
 * @param network        the engine network to attach at create time (null with network_mode); others are connected by later operations
 * @param networkAliases aliases on that first network (service name included)
 * @param ipv4Address    a static address on that first network, or null
 * @param fileMounts     read-only bind mounts for secrets and configs: host path -> container path
 * @param networkMode    the engine's network mode when the service has one: {@code service:X} resolved to
 *                       {@code container:<id of X's container>}, the others as written; null otherwise
 * @param links          engine links "CONTAINER:ALIAS" for the service's links, as compose makes them
 * @param pidMode        the service's pid with "service:NAME" resolved to that service's container, or null
 * @param ipcMode        the service's ipc, resolved the same way, or null
 * @param volumesFrom    the engine's VolumesFrom: "CONTAINER[:ro|rw]", a service's first container for "SERVICE[:mode]"
 */
public record ContainerRequest(
        String name,
        String image,
        ServiceSpec service,
        Map<String, String> labels,
        Map<String, String> volumeNames,
        String network,
        List<String> networkAliases,
        String ipv4Address,
        Map<String, String> fileMounts,
        String networkMode,
        List<String> links,
        String pidMode,
        String ipcMode,
        List<String> volumesFrom) {

    public ContainerRequest {
        labels = Map.copyOf(labels);
        volumeNames = Map.copyOf(volumeNames);
        networkAliases = networkAliases == null ? List.of() : List.copyOf(networkAliases);
        fileMounts = Map.copyOf(fileMounts);
        links = links == null ? List.of() : List.copyOf(links);
        volumesFrom = volumesFrom == null ? List.of() : List.copyOf(volumesFrom);
    }

    /** A request without volumes_from. */
    public ContainerRequest(String name, String image, ServiceSpec service, Map<String, String> labels,
                            Map<String, String> volumeNames, String network, List<String> networkAliases, String ipv4Address,
                            Map<String, String> fileMounts, String networkMode, List<String> links, String pidMode, String ipcMode) {
        this(name, image, service, labels, volumeNames, network, networkAliases, ipv4Address, fileMounts, networkMode, links,
                pidMode, ipcMode, null);
    }

    /** A request for a service without links or shared namespaces. */
    public ContainerRequest(String name, String image, ServiceSpec service, Map<String, String> labels,
                            Map<String, String> volumeNames, String network, List<String> networkAliases, String ipv4Address,
                            Map<String, String> fileMounts) {
        this(name, image, service, labels, volumeNames, network, networkAliases, ipv4Address, fileMounts,
                service == null ? null : service.networkMode(), null, null, null, null);
    }
}
