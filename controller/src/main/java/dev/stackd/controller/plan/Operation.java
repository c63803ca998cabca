package dev.stackd.controller.plan;

import dev.stackd.controller.engine.BuildRequest;
import dev.stackd.controller.engine.ContainerRequest;
import dev.stackd.controller.engine.NetworkRequest;
import dev.stackd.controller.engine.VolumeRequest;
import java.time.Duration;
import java.util.List;

/**
 * One engine call, with the object it acts on and why it is needed. The executor maps each to exactly one
 * {@link dev.stackd.controller.engine.Engine} method and decides nothing.
 */
public sealed interface Operation {

    /** The verb, as rendered: "create", "start", ... */
    String verb();

    /** The object acted on, as rendered: "container demo-web-1", "network demo_default", ... */
    String target();

    /** Why: "missing", "exited (code 1)", "spec changed", ... */
    String cause();

    /** The reconcile-event reason recorded when the operation succeeds. */
    String reason();

    /** The service this operation acts for, or null for stack-level objects. */
    default String service() { return null; }

    default String render() {
        return verb() + " " + target() + ": " + cause();
    }

    /** @param replaces whether it recreates a network this plan removed (its settings changed) */
    record CreateNetwork(NetworkRequest request, String cause, boolean replaces) implements Operation {
        public CreateNetwork(NetworkRequest request, String cause) {
            this(request, cause, false);
        }
        public String verb() { return "create"; }
        public String target() { return "network " + request.spec().name(); }
        public String reason() { return replaces ? "NetworkRecreated" : "NetworkCreated"; }
    }

    record RemoveNetwork(String name, String cause) implements Operation {
        public String verb() { return "remove"; }
        public String target() { return "network " + name; }
        public String reason() { return "NetworkRemoved"; }
    }

    record ConnectNetwork(String network, String container, List<String> aliases, String ipv4Address, String service, String cause) implements Operation {
        public ConnectNetwork {
            aliases = List.copyOf(aliases);
        }
        public String verb() { return "connect"; }
        public String target() {
            return "container " + container + " to network " + network + (aliases.isEmpty() ? "" : " aliases " + String.join(",", aliases))
                    + (ipv4Address == null ? "" : " ip " + ipv4Address);
        }
        public String reason() { return "Reconnected"; }
    }

    record DisconnectNetwork(String network, String container, String service, String cause) implements Operation {
        public String verb() { return "disconnect"; }
        public String target() { return "container " + container + " from network " + network; }
        public String reason() { return "Disconnected"; }
    }

    record CreateVolume(VolumeRequest request, String cause) implements Operation {
        public String verb() { return "create"; }
        public String target() { return "volume " + request.spec().name(); }
        public String reason() { return "VolumeCreated"; }
    }

    record RemoveVolume(String name, String cause) implements Operation {
        public String verb() { return "remove"; }
        public String target() { return "volume " + name; }
        public String reason() { return "VolumeRemoved"; }
    }

    record PullImage(String ref, String service, String cause) implements Operation {
        public String verb() { return "pull"; }
        public String target() { return "image " + ref; }
        public String reason() { return "Pulled"; }
    }

    record BuildImage(BuildRequest request, String service, String cause) implements Operation {
        public String verb() { return "build"; }
        public String target() { return "image " + request.tag(); }
        public String reason() { return "Built"; }
    }

    record CreateContainer(ContainerRequest request, String cause) implements Operation {
        public String verb() { return "create"; }
        /** With the namespace it joins when that is another container's (network_mode: service:X, resolved). */
        public String target() {
            String mode = request.networkMode();
            return "container " + request.name() + (mode != null && mode.startsWith("container:") ? " in " + mode : "");
        }
        public String reason() { return "Created"; }
        public String service() { return request.service().name(); }
    }

    record StartContainer(String container, String service, String cause) implements Operation {
        public String verb() { return "start"; }
        public String target() { return "container " + container; }
        public String reason() { return "Started"; }
    }

    record StopContainer(String container, Duration grace, String service, String cause) implements Operation {
        public String verb() { return "stop"; }
        public String target() { return "container " + container; }
        public String reason() { return "Stopped"; }
    }

    /**
     * @param requested the user asked for it (a restart request): not a step in a crash loop, unlike the restart of
     *                  an unhealthy container
     */
    record RestartContainer(String container, Duration grace, String service, String cause, boolean requested) implements Operation {
        public RestartContainer(String container, Duration grace, String service, String cause) {
            this(container, grace, service, cause, false);
        }
        public String verb() { return "restart"; }
        public String target() { return "container " + container; }
        public String reason() { return "Restarted"; }
    }

    record RemoveContainer(String container, String service, String cause) implements Operation {
        public String verb() { return "remove"; }
        public String target() { return "container " + container; }
        public String reason() { return "Removed"; }
    }

    /**
     * Takes over an object docker compose made (the user asked: {@code apply --adopt}): the one operation that is no
     * engine call. The store records it; from the next observation on it is the stack's own (see {@link
     * dev.stackd.controller.observe.AdoptedObject}), kept as it is or, when it differs from the spec, recreated.
     */
    record Adopt(dev.stackd.controller.observe.AdoptedObject object, String cause) implements Operation {
        public String verb() { return "adopt"; }
        public String target() { return object.kind().word() + " " + object.name(); }
        public String reason() { return "Adopted"; }
        public String service() { return object.service(); }
    }

    /** The last step of a recreate: the new container takes the old one's name. */
    record RenameContainer(String container, String newName, String service, String cause) implements Operation {
        public String verb() { return "rename"; }
        public String target() { return "container " + container + " to " + newName; }
        public String reason() { return "Recreated"; }
    }
}
