package dev.stackd.controller.engine;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A container as the engine reported it in one observation (list + inspect). */
public record ObservedContainer(
        String id,
        String name,
        Map<String, String> labels,
        String image,
        String imageId,
        State state,
        int exitCode,
        Health health,
        Instant startedAt,
        Instant finishedAt,
        int restartCount,
        boolean oomKilled,
        /** Endpoints by engine network name. */
        Map<String, ObservedEndpoint> networks,
        /** Names of the named volumes it mounts. */
        List<String> volumes,
        /** Its network mode when it shares another container's namespace ({@code container:<id>}), else null. */
        String networkMode,
        /** Its pid and ipc modes when they share another container's ({@code container:<id>}: the engine resolves a name), else null. */
        String pidMode,
        String ipcMode,
        /** When the engine created it (null: not told): a rollout counts a failure only of a replica it created. */
        Instant createdAt) {

    public ObservedContainer {
        labels = Map.copyOf(labels);
        networks = Map.copyOf(networks);
        volumes = List.copyOf(volumes);
    }

    /** A container whose creation time is not known. */
    public ObservedContainer(String id, String name, Map<String, String> labels, String image, String imageId, State state,
                             int exitCode, Health health, Instant startedAt, Instant finishedAt, int restartCount,
                             boolean oomKilled, Map<String, ObservedEndpoint> networks, List<String> volumes, String networkMode,
                             String pidMode, String ipcMode) {
        this(id, name, labels, image, imageId, state, exitCode, health, startedAt, finishedAt, restartCount, oomKilled,
                networks, volumes, networkMode, pidMode, ipcMode, null);
    }

    /** A container with namespaces of its own but, perhaps, the network's. */
    public ObservedContainer(String id, String name, Map<String, String> labels, String image, String imageId, State state,
                             int exitCode, Health health, Instant startedAt, Instant finishedAt, int restartCount,
                             boolean oomKilled, Map<String, ObservedEndpoint> networks, List<String> volumes, String networkMode) {
        this(id, name, labels, image, imageId, state, exitCode, health, startedAt, finishedAt, restartCount, oomKilled,
                networks, volumes, networkMode, null, null, null);
    }

    /** A container on networks of its own. */
    public ObservedContainer(String id, String name, Map<String, String> labels, String image, String imageId, State state,
                             int exitCode, Health health, Instant startedAt, Instant finishedAt, int restartCount,
                             boolean oomKilled, Map<String, ObservedEndpoint> networks, List<String> volumes) {
        this(id, name, labels, image, imageId, state, exitCode, health, startedAt, finishedAt, restartCount, oomKilled,
                networks, volumes, null);
    }

    public enum State { CREATED, RUNNING, PAUSED, RESTARTING, REMOVING, EXITED, DEAD;
        public static State parse(String s) {
            if (s == null) return DEAD;
            return switch (s.toLowerCase()) {
                case "created" -> CREATED;
                case "running" -> RUNNING;
                case "paused" -> PAUSED;
                case "restarting" -> RESTARTING;
                case "removing" -> REMOVING;
                case "exited" -> EXITED;
                default -> DEAD;
            };
        }
    }

    public enum Health { NONE, STARTING, HEALTHY, UNHEALTHY;
        public static Health parse(String s) {
            if (s == null) return NONE;
            return switch (s.toLowerCase()) {
                case "starting" -> STARTING;
                case "healthy" -> HEALTHY;
                case "unhealthy" -> UNHEALTHY;
                default -> NONE;
            };
        }
    }

    /**
     * @param networkId the network's ID, or null when unknown: the engine reports an empty one until the container
     *                  first starts (its endpoint is only a name then), which says nothing about the network's age
     */
    public record ObservedEndpoint(String networkId, List<String> aliases, String ipv4Address) {
        public ObservedEndpoint {
            if (networkId != null && networkId.isEmpty()) networkId = null;
            aliases = aliases == null ? List.of() : List.copyOf(aliases);
        }
    }

    public String stack() { return labels.get(Labels.STACK); }
    public String service() { return labels.get(Labels.SERVICE); }
    public String specHash() { return labels.get(Labels.SPEC_HASH); }

    /** The replica number from its label, 0 when the label is missing or not a number. */
    public int replica() {
        try {
            return Integer.parseInt(labels.getOrDefault(Labels.REPLICA, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public boolean isRunning() { return state == State.RUNNING || state == State.RESTARTING; }
}
