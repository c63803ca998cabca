package dev.stackd.controller.engine.dockerjava;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectContainerResponse.ContainerState;
import com.github.dockerjava.api.model.ContainerNetwork;
import dev.stackd.controller.engine.ObservedContainer;
import dev.stackd.controller.engine.ObservedContainer.Health;
import dev.stackd.controller.engine.ObservedContainer.ObservedEndpoint;
import dev.stackd.controller.engine.ObservedContainer.State;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Maps a container inspect answer to an {@link ObservedContainer}. */
final class DockerJavaInspect {
    private DockerJavaInspect() {}

    static ObservedContainer observed(InspectContainerResponse c) {
        ContainerState st = c.getState();
        var config = c.getConfig();
        Map<String, String> labels = config == null || config.getLabels() == null ? Map.of() : config.getLabels();
        return new ObservedContainer(
                c.getId(),
                stripSlash(c.getName()),
                labels,
                config == null ? null : config.getImage(),
                c.getImageId(),
                State.parse(st == null ? null : st.getStatus()),
                st == null || st.getExitCodeLong() == null ? 0 : st.getExitCodeLong().intValue(),
                Health.parse(st == null || st.getHealth() == null ? null : st.getHealth().getStatus()),
                st == null ? null : instant(st.getStartedAt()),
                st == null ? null : instant(st.getFinishedAt()),
                c.getRestartCount() == null ? 0 : c.getRestartCount(),
                st != null && Boolean.TRUE.equals(st.getOOMKilled()),
                networks(c),
                namedVolumes(c),
                sharedNetworkMode(c),
                shared(c.getHostConfig() == null ? null : c.getHostConfig().getPidMode()),
                shared(c.getHostConfig() == null ? null : c.getHostConfig().getIpcMode()),
                instant(c.getCreated()));
    }

    private static String shared(String mode) {
        return mode != null && mode.startsWith("container:") ? mode : null;
    }

    private static Map<String, ObservedEndpoint> networks(InspectContainerResponse c) {
        var out = new LinkedHashMap<String, ObservedEndpoint>();
        if (c.getNetworkSettings() == null || c.getNetworkSettings().getNetworks() == null) return out;
        for (Map.Entry<String, ContainerNetwork> e : c.getNetworkSettings().getNetworks().entrySet()) {
            ContainerNetwork n = e.getValue();
            String ip = n.getIpAddress() == null || n.getIpAddress().isEmpty() ? null : n.getIpAddress();
            out.put(e.getKey(), new ObservedEndpoint(n.getNetworkID(), n.getAliases(), ip));
        }
        return out;
    }

    /** Mounts of type volume (named or anonymous); docker-java's model has no Type field, so it is read from the raw JSON. */
    private static List<String> namedVolumes(InspectContainerResponse c) {
        var out = new ArrayList<String>();
        if (c.getMounts() == null) return out;
        for (InspectContainerResponse.Mount m : c.getMounts()) {
            Object type = m.getRawValues().get("Type");
            boolean volume = type == null ? m.getName() != null && !m.getName().isEmpty() : "volume".equals(type);
            if (volume && m.getName() != null) out.add(m.getName());
        }
        return out;
    }

    /** {@code container:<id>}: the namespace it joined (compose's and stackd's service:X resolve to it); else null. */
    private static String sharedNetworkMode(InspectContainerResponse c) {
        String mode = c.getHostConfig() == null ? null : c.getHostConfig().getNetworkMode();
        return mode != null && mode.startsWith("container:") ? mode : null;
    }

    static String stripSlash(String name) {
        return name != null && name.startsWith("/") ? name.substring(1) : name;
    }

    /** RFC 3339 with nanoseconds; the engine writes the zero time "0001-01-01T00:00:00Z" for "never". */
    static Instant instant(String s) {
        if (s == null || s.isEmpty() || s.startsWith("0001-01-01")) return null;
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
