package dev.stackd.controller.engine.dockerjava;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import dev.stackd.controller.engine.ContainerSettings;
import dev.stackd.controller.engine.ContainerSettings.Health;
import dev.stackd.controller.engine.ContainerSettings.ImageDefaults;
import dev.stackd.controller.engine.ContainerSettings.MountPoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Maps a container's inspect and its image's config to {@link ContainerSettings}. */
final class DockerJavaSettings {
    private DockerJavaSettings() {}

    static ContainerSettings of(InspectContainerResponse c, ContainerConfig image) {
        ContainerConfig config = c.getConfig();
        HostConfig host = c.getHostConfig();
        return new ContainerSettings(
                c.getImageId(),
                list(config == null ? null : config.getCmd()),
                list(config == null ? null : config.getEntrypoint()),
                env(config == null ? null : config.getEnv()),
                config == null ? null : config.getLabels(),
                mounts(c, host),
                host == null ? Set.of() : ports(host.getPortBindings()),
                host == null ? null : host.getNetworkMode(),
                host == null ? "no" : restart(host.getRestartPolicy()),
                config == null ? null : health(config.getHealthcheck()),
                host == null ? null : host.getMemory(),
                host == null ? null : host.getMemoryReservation(),
                host == null ? null : host.getNanoCPUs(),
                host == null ? null : host.getPidsLimit(),
                config == null ? null : config.getUser(),
                config == null ? null : config.getWorkingDir(),
                host != null && Boolean.TRUE.equals(host.getPrivileged()),
                host != null && Boolean.TRUE.equals(host.getReadonlyRootfs()),
                host == null ? null : host.getInit(),
                host == null ? List.of() : capabilities(host.getCapAdd()),
                host == null ? List.of() : capabilities(host.getCapDrop()),
                image == null ? ImageDefaults.NONE : defaults(image));
    }

    private static ImageDefaults defaults(ContainerConfig image) {
        var volumes = image.getVolumes() == null ? Set.<String>of() : new TreeSet<>(image.getVolumes().keySet());
        return new ImageDefaults(list(image.getCmd()), list(image.getEntrypoint()), env(image.getEnv()), image.getLabels(),
                health(image.getHealthcheck()), image.getUser(), image.getWorkingDir(), volumes);
    }

    private static List<String> list(String[] words) {
        return words == null ? null : List.of(words);
    }

    /** "K=V" entries as a map; an entry without "=" is a variable set to nothing. */
    private static Map<String, String> env(String[] entries) {
        var out = new LinkedHashMap<String, String>();
        if (entries == null) return out;
        for (String e : entries) {
            int eq = e.indexOf('=');
            if (eq < 0) out.put(e, "");
            else out.put(e.substring(0, eq), e.substring(eq + 1));
        }
        return out;
    }

    /**
     * The mounts in use as the engine lists them (volumes, binds), plus tmpfs mounts, which that list may leave out:
     * those asked for as {@code HostConfig.Tmpfs} (compose's {@code tmpfs:}) or as a tmpfs {@code Mount}.
     */
    private static List<MountPoint> mounts(InspectContainerResponse c, HostConfig host) {
        var out = new ArrayList<MountPoint>();
        var tmpfs = new HashSet<String>();
        if (host != null && host.getTmpFs() != null) host.getTmpFs().keySet().forEach(tmpfs::add);
        if (host != null && host.getMounts() != null) {
            for (var m : host.getMounts()) if (m.getType() == MountType.TMPFS && m.getTarget() != null) tmpfs.add(m.getTarget());
        }
        if (c.getMounts() != null) {
            for (var m : c.getMounts()) {
                String target = m.getDestination() == null ? null : m.getDestination().getPath();
                if (target == null) continue;
                Object raw = m.getRawValues().get("Type");
                String type = raw == null ? (m.getName() != null && !m.getName().isEmpty() ? "volume" : "bind") : raw.toString();
                if (type.equals("tmpfs")) {
                    tmpfs.add(target);
                    continue;
                }
                String source = type.equals("volume") ? m.getName() : m.getSource();
                out.add(new MountPoint(type, source, target, !Boolean.TRUE.equals(m.getRW())));
            }
        }
        tmpfs.stream().sorted().forEach(t -> out.add(new MountPoint("tmpfs", null, t, false)));
        return out;
    }

    private static Set<String> ports(Ports ports) {
        var out = new TreeSet<String>();
        if (ports == null || ports.getBindings() == null) return out;
        ports.getBindings().forEach((exposed, bindings) -> {
            String target = exposed.getPort() + "/" + exposed.getProtocol().toString().toLowerCase(Locale.ROOT);
            if (bindings == null) return;
            for (var b : bindings) out.add(ContainerSettings.port(b.getHostIp(), b.getHostPortSpec(), target));
        });
        return out;
    }

    static String restart(RestartPolicy p) {
        if (p == null || p.getName() == null || p.getName().isEmpty() || p.getName().equals("no")) return "no";
        if (p.getName().equals("on-failure")) {
            int max = p.getMaximumRetryCount() == null ? 0 : p.getMaximumRetryCount();
            return max == 0 ? "on-failure" : "on-failure:" + max;
        }
        return p.getName();
    }

    private static Health health(HealthCheck h) {
        if (h == null) return null;
        return new Health(h.getTest(), h.getInterval(), h.getTimeout(), h.getStartPeriod(), h.getRetries());
    }

    private static List<String> capabilities(Capability[] caps) {
        if (caps == null) return List.of();
        return Arrays.stream(caps).map(Capability::name).toList();
    }
}
