package dev.stackd.controller.engine;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a container was created, as the engine's inspect reports it, with the defaults its image gave it: what
 * adoption compares with the spec field by field. Null means the engine reports nothing (the setting is unset).
 *
 * @param imageId     the image ID the container runs
 * @param environment {@code Config.Env} as a map (the image's variables included)
 * @param labels      {@code Config.Labels} (the image's labels included)
 * @param mounts      the mounts in use (named and anonymous volumes, binds, tmpfs)
 * @param ports       the port bindings, each as {@code hostIp:hostPort:target/protocol} ({@code 0.0.0.0} as empty)
 * @param restart     the restart policy in compose's words: no, always, unless-stopped, on-failure[:N]
 * @param capAdd      capability names without {@code CAP_}
 * @param image       what the image sets, which the container takes for what its create left unset
 */
public record ContainerSettings(String imageId, List<String> command, List<String> entrypoint,
                                Map<String, String> environment, Map<String, String> labels, List<MountPoint> mounts,
                                Set<String> ports, String networkMode, String restart, Health healthcheck, Long memory,
                                Long memoryReservation, Long nanoCpus, Long pidsLimit, String user, String workingDir,
                                boolean privileged, boolean readOnly, Boolean init, List<String> capAdd,
                                List<String> capDrop, ImageDefaults image) {

    public ContainerSettings {
        command = command == null ? null : List.copyOf(command);
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        environment = environment == null ? Map.of() : Map.copyOf(environment);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        mounts = mounts == null ? List.of() : List.copyOf(mounts);
        ports = ports == null ? Set.of() : Set.copyOf(ports);
        capAdd = capAdd == null ? List.of() : List.copyOf(capAdd);
        capDrop = capDrop == null ? List.of() : List.copyOf(capDrop);
        if (image == null) image = ImageDefaults.NONE;
    }

    /** A port binding as {@link #ports()} holds it: the any-address written as empty, an ephemeral host port as empty. */
    public static String port(String hostIp, String hostPort, String target) {
        String ip = hostIp == null || hostIp.equals("0.0.0.0") ? "" : hostIp;
        return ip + ":" + (hostPort == null ? "" : hostPort) + ":" + target;
    }

    /** type is volume, bind or tmpfs; source the volume's name (random for an anonymous one), the host path, or null. */
    public record MountPoint(String type, String source, String target, boolean readOnly) {}

    /** A healthcheck; durations in nanoseconds, null (or 0) when left to the engine. */
    public record Health(List<String> test, Long interval, Long timeout, Long startPeriod, Integer retries) {
        public Health {
            test = test == null ? List.of() : List.copyOf(test);
        }
    }

    /** The image's config: the container's defaults. {@code volumes}: the targets of its VOLUME declarations. */
    public record ImageDefaults(List<String> command, List<String> entrypoint, Map<String, String> environment,
                                Map<String, String> labels, Health healthcheck, String user, String workingDir,
                                Set<String> volumes) {
        public static final ImageDefaults NONE = new ImageDefaults(null, null, Map.of(), Map.of(), null, null, null, Set.of());

        public ImageDefaults {
            command = command == null ? null : List.copyOf(command);
            entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
            environment = environment == null ? Map.of() : Map.copyOf(environment);
            labels = labels == null ? Map.of() : Map.copyOf(labels);
            volumes = volumes == null ? Set.of() : Set.copyOf(volumes);
        }
    }
}
