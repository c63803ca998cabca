package dev.stackd.controller.engine.dockerjava;

import dev.stackd.controller.engine.BuildRequest;
import dev.stackd.controller.engine.ContainerRequest;
import dev.stackd.controller.engine.Engine;
import dev.stackd.controller.engine.EngineException;
import dev.stackd.controller.engine.EngineSocket;
import dev.stackd.controller.engine.LogListener;
import dev.stackd.controller.engine.LogRequest;
import dev.stackd.controller.engine.NetworkRequest;
import dev.stackd.controller.engine.VolumeRequest;
import static dev.stackd.controller.engine.dockerjava.DockerJavaErrors.call;
import static dev.stackd.controller.engine.dockerjava.DockerJavaErrors.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.stackd.api.model.NetworkSpec;
import dev.stackd.controller.engine.ContainerSettings;
import dev.stackd.controller.engine.ObservedContainer;
import dev.stackd.controller.engine.ObservedNetwork;
import dev.stackd.controller.engine.ObservedVolume;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link Engine} on a real Docker engine through docker-java; the only class (with its package-private
 * DockerJava* helpers) that imports docker-java.
 *
 * <p>Two clients share the engine: {@code calls} has a response timeout for ordinary calls; {@code waits} has none,
 * for the calls that legitimately wait (the event stream, stop and restart during the grace period, builds and pulls,
 * which carry their own timeouts); {@code streams} has none either and a pool of its own, for container logs, whose
 * followed streams stay open as long as a client reads them and must never take the connections the event stream,
 * stops and builds need. The API version is not pinned: docker-java then sends unversioned requests, which
 * the engine serves at its own version (1.41 on engine 20.10), so newer engines that dropped 1.41 still answer.
 */
public final class DockerJavaEngine implements Engine {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DockerJavaEngine.class);
    public static final URI DEFAULT_HOST = URI.create("unix:///var/run/docker.sock");
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI host;
    private final DockerClient calls;
    private final DockerClient waits;
    private final DockerClient streams;

    public DockerJavaEngine(URI host) {
        this.host = host;
        this.calls = client(host, RESPONSE_TIMEOUT);
        this.waits = client(host, Duration.ZERO);
        this.streams = client(host, Duration.ZERO);
    }

    /** The engine DOCKER_HOST names, else the local socket. */
    public static DockerJavaEngine fromEnvironment() {
        String env = System.getenv("DOCKER_HOST");
        return new DockerJavaEngine(env == null || env.isBlank() ? DEFAULT_HOST : URI.create(env));
    }

    private static DockerClient client(URI host, Duration responseTimeout) {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host.toString()).build();
        var http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .connectionTimeout(CONNECT_TIMEOUT)
                .responseTimeout(responseTimeout) // zero: no timeout
                .maxConnections(50)
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    public URI host() {
        return host;
    }

    @Override
    public boolean acceptsConnections() {
        return EngineSocket.accepts(host, CONNECT_TIMEOUT);
    }

    private volatile String apiVersion;

    /** The engine's API version, asked once (an engine does not change version without closing its socket). */
    private String apiVersion() {
        String v = apiVersion;
        if (v == null) {
            v = call("engine version", () -> calls.versionCmd().exec().getApiVersion());
            apiVersion = v;
        }
        return v;
    }

    @Override
    public String serverVersion() {
        return call("engine version", () -> {
            calls.pingCmd().exec();
            var v = calls.versionCmd().exec();
            return v.getVersion() + " (API " + v.getApiVersion() + ")";
        });
    }

    @Override
    public List<ContainerSummary> listContainerSummaries(String labelKey, String labelValue) {
        String filter = labelValue == null ? labelKey : labelKey + "=" + labelValue;
        List<Container> listed = call("list containers " + filter, () -> {
            var cmd = calls.listContainersCmd().withShowAll(true);
            return labelValue == null ? cmd.withLabelFilter(List.of(labelKey)).exec() : cmd.withLabelFilter(Map.of(labelKey, labelValue)).exec();
        });
        var out = new ArrayList<ContainerSummary>();
        for (Container c : listed) {
            String name = c.getNames() == null || c.getNames().length == 0 ? c.getId() : c.getNames()[0].replaceFirst("^/", "");
            out.add(new ContainerSummary(c.getId(), name, c.getState(), c.getLabels()));
        }
        return out;
    }

    @Override
    public Optional<ObservedContainer> inspectContainer(String id) {
        return inspect(id).map(DockerJavaInspect::observed);
    }

    @Override
    public Optional<ContainerSettings> containerSettings(String id) {
        var container = inspect(id);
        if (container.isEmpty()) return Optional.empty();
        String imageId = container.get().getImageId();
        var image = imageId == null ? null : imageConfig(imageId);
        return Optional.of(DockerJavaSettings.of(container.get(), image));
    }

    /** The image's config, null when the image is gone (then the container's own settings are all there is). */
    private com.github.dockerjava.api.model.ContainerConfig imageConfig(String imageId) {
        try {
            return call("inspect image " + imageId, () -> calls.inspectImageCmd(imageId).exec().getConfig());
        } catch (EngineException e) {
            if (e.notFound()) return null;
            throw e;
        }
    }

    /** Empty when the container went away between list and inspect. */
    private Optional<InspectContainerResponse> inspect(String id) {
        try {
            return Optional.of(call("inspect container " + id, () -> calls.inspectContainerCmd(id).exec()));
        } catch (EngineException e) {
            if (e.notFound()) return Optional.empty();
            throw e;
        }
    }

    @Override
    public List<ObservedNetwork> listNetworks() {
        List<Network> networks = call("list networks", () -> calls.listNetworksCmd().exec());
        return networks.stream().map(DockerJavaEngine::observed).toList();
    }

    /** The list call reports each network in full (all but its containers): settings, IPAM and labels. */
    private static ObservedNetwork observed(Network n) {
        var subnets = new ArrayList<ObservedNetwork.Subnet>();
        if (n.getIpam() != null && n.getIpam().getConfig() != null) {
            for (var c : n.getIpam().getConfig()) subnets.add(new ObservedNetwork.Subnet(c.getSubnet(), c.getIpRange(), c.getGateway()));
        }
        return new ObservedNetwork(n.getId(), n.getName(), n.getDriver(), Boolean.TRUE.equals(n.getInternal()),
                Boolean.TRUE.equals(n.isAttachable()), Boolean.TRUE.equals(n.getEnableIPv6()), withoutNulls(n.getOptions()),
                subnets, withoutNulls(n.getLabels()));
    }

    private static Map<String, String> withoutNulls(Map<String, String> m) {
        if (m == null) return Map.of();
        var out = new LinkedHashMap<String, String>();
        m.forEach((k, v) -> { if (k != null && v != null) out.put(k, v); });
        return out;
    }

    @Override
    public List<ObservedVolume> listVolumes() {
        var response = call("list volumes", () -> calls.listVolumesCmd().exec());
        if (response.getVolumes() == null) return List.of();
        return response.getVolumes().stream()
                .map(v -> new ObservedVolume(v.getName(), v.getDriver(), withoutNulls(v.getOptions()), withoutNulls(v.getLabels())))
                .toList();
    }

    @Override
    public Optional<String> imageId(String ref) {
        try {
            return Optional.of(call("inspect image " + ref, () -> calls.inspectImageCmd(ref).exec().getId()));
        } catch (EngineException e) {
            if (e.notFound()) return Optional.empty();
            throw e;
        }
    }

    @Override
    public String createContainer(ContainerRequest request) {
        if (DockerJavaContainers.needsApiCheck(request)) DockerJavaContainers.checkApiVersion(request, apiVersion());
        var created = call("create container " + request.name(), () ->
                DockerJavaContainers.configure(calls.createContainerCmd(request.image()), request).exec());
        // what the engine accepted but will not apply (a blkio weight without the controller, swap without accounting)
        if (created.getWarnings() != null) {
            for (String warning : created.getWarnings()) LOG.warn("engine warning creating container {}: {}", request.name(), warning);
        }
        return created.getId();
    }

    @Override
    public void startContainer(String container) {
        run("start container " + container, () -> {
            try {
                calls.startContainerCmd(container).exec();
            } catch (NotModifiedException alreadyStarted) {
                // the goal is reached
            }
        });
    }

    @Override
    public void stopContainer(String container, Duration grace) {
        run("stop container " + container, () -> {
            var cmd = waits.stopContainerCmd(container);
            if (grace != null) cmd.withTimeout(Math.toIntExact(grace.toSeconds()));
            try {
                cmd.exec();
            } catch (NotModifiedException alreadyStopped) {
                // the goal is reached
            }
        });
    }

    @Override
    public void restartContainer(String container, Duration grace) {
        run("restart container " + container, () -> {
            var cmd = waits.restartContainerCmd(container);
            if (grace != null) cmd.withTimeout(Math.toIntExact(grace.toSeconds()));
            cmd.exec();
        });
    }

    @Override
    public void removeContainer(String container, boolean force) {
        // removeVolumes removes the anonymous volumes only; the engine never removes named volumes with a container
        run("remove container " + container, () -> waits.removeContainerCmd(container).withForce(force).withRemoveVolumes(true).exec());
    }

    @Override
    public void renameContainer(String container, String newName) {
        run("rename container " + container + " to " + newName, () -> calls.renameContainerCmd(container).withName(newName).exec());
    }

    @Override
    public String createNetwork(NetworkRequest request) {
        NetworkSpec spec = request.spec();
        return call("create network " + spec.name(), () -> {
            var cmd = calls.createNetworkCmd()
                    .withName(spec.name())
                    .withCheckDuplicate(true)
                    .withInternal(spec.internal())
                    .withAttachable(spec.attachable())
                    .withOptions(spec.driverOpts())
                    .withLabels(request.labels());
            if (spec.driver() != null) cmd.withDriver(spec.driver());
            if (spec.enableIpv6() != null) cmd.withEnableIpv6(spec.enableIpv6());
            if (spec.ipam() != null) cmd.withIpam(ipam(spec.ipam()));
            return cmd.exec().getId();
        });
    }

    /** Through Jackson: docker-java's Ipam has no setter for Options. */
    private static Network.Ipam ipam(NetworkSpec.Ipam spec) {
        var configs = spec.config().stream().map(c -> {
            var config = new LinkedHashMap<String, String>();
            if (c.subnet() != null) config.put("Subnet", c.subnet());
            if (c.ipRange() != null) config.put("IPRange", c.ipRange());
            if (c.gateway() != null) config.put("Gateway", c.gateway());
            return config;
        }).toList();
        var ipam = new LinkedHashMap<String, Object>();
        if (spec.driver() != null) ipam.put("Driver", spec.driver());
        ipam.put("Config", configs);
        ipam.put("Options", spec.options());
        return JSON.convertValue(ipam, Network.Ipam.class);
    }

    @Override
    public void removeNetwork(String network) {
        run("remove network " + network, () -> calls.removeNetworkCmd(network).exec());
    }

    @Override
    public void connectNetwork(String network, String container, List<String> aliases, String ipv4Address) {
        connectNetwork(network, container, aliases, ipv4Address, List.of());
    }

    @Override
    public void connectNetwork(String network, String container, List<String> aliases, String ipv4Address, List<String> links) {
        var endpoint = new ContainerNetwork();
        if (!links.isEmpty()) endpoint.withLinks(links.stream().map(com.github.dockerjava.api.model.Link::parse).toArray(com.github.dockerjava.api.model.Link[]::new));
        if (aliases != null && !aliases.isEmpty()) endpoint.withAliases(aliases);
        if (ipv4Address != null) endpoint.withIpamConfig(new ContainerNetwork.Ipam().withIpv4Address(ipv4Address));
        run("connect " + container + " to network " + network, () -> calls.connectToNetworkCmd()
                .withNetworkId(network).withContainerId(container).withContainerNetwork(endpoint).exec());
    }

    @Override
    public void disconnectNetwork(String network, String container) {
        run("disconnect " + container + " from network " + network, () ->
                calls.disconnectFromNetworkCmd().withNetworkId(network).withContainerId(container).exec());
    }

    @Override
    public void createVolume(VolumeRequest request) {
        var spec = request.spec();
        run("create volume " + spec.name(), () -> {
            var cmd = calls.createVolumeCmd().withName(spec.name()).withLabels(request.labels()).withDriverOpts(spec.driverOpts());
            if (spec.driver() != null) cmd.withDriver(spec.driver());
            cmd.exec();
        });
    }

    @Override
    public void removeVolume(String name) {
        run("remove volume " + name, () -> calls.removeVolumeCmd(name).exec());
    }

    @Override
    public void pullImage(String ref, Duration timeout) {
        DockerJavaImages.pull(waits, ref, timeout);
    }

    @Override
    public String buildImage(BuildRequest request, Duration timeout) {
        return DockerJavaImages.build(waits, request, timeout);
    }

    @Override
    public AutoCloseable subscribe(EventListener listener) {
        return call("subscribe to events", () -> DockerJavaEvents.subscribe(waits, listener));
    }

    @Override
    public AutoCloseable logs(String container, LogRequest request, LogListener listener) {
        return call("logs of container " + container, () -> DockerJavaLogs.open(streams, container, request, listener));
    }

    @Override
    public void close() {
        try {
            calls.close();
            waits.close();
            streams.close();
        } catch (IOException e) {
            throw new EngineException("close the engine client: " + e.getMessage(), 0, e);
        }
    }
}
