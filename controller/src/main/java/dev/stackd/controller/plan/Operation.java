package dev.stackd.controller.plan;

import dev.stackd.controller.engine.BuildRequest;
import dev.stackd.controller.engine.ContainerRequest;
import dev.stackd.controller.engine.NetworkRequest;
import dev.stackd.controller.engine.VolumeRequest;
import dev.stackd.controller.event.ObjectRef;
import dev.stackd.controller.event.Reasons;
import java.time.Duration;
import java.util.List;

/**
 * One engine call, with the object it acts on and why it is needed. The executor maps each to exactly one
 * {@link dev.stackd.controller.engine.Engine} method and decides nothing.
 */
public sealed interface Operation {

    /** The verb, as rendered: "create", "start", ... */
    String verb();

    /** The object acted on: what the operation's events are about. */
    ObjectRef object();

    /**
     * The object acted on as the plan renders it: the object, with what else the call names ("container x to
     * network y", "container x to y").
     */
    default String target() {
        return object().render();
    }

    /** Why: "missing", "exited (code 1)", "spec changed", ... */
    String cause();

    /** The reconcile-event reason recorded when the operation succeeds, one of {@link Reasons}. */
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
        public ObjectRef object() { return ObjectRef.network(request.spec().name()); }
        public String reason() { return replaces ? Reasons.NETWORK_RECREATED : Reasons.NETWORK_CREATED; }
    }

    record RemoveNetwork(String name, String cause) implements Operation {
        public String verb() { return "remove"; }
        public ObjectRef object() { return ObjectRef.network(name); }
        public String reason() { return Reasons.NETWORK_REMOVED; }
    }

    /** links: the engine links the endpoint carries ("CONTAINER:ALIAS"), as compose sets them on every network. */
    record ConnectNetwork(String network, String container, List<String> aliases, String ipv4Address, String service, String cause,
                          List<String> links) implements Operation {
        public ConnectNetwork {
            aliases = List.copyOf(aliases);
            links = links == null ? List.of() : List.copyOf(links);
        }
        public ConnectNetwork(String network, String container, List<String> aliases, String ipv4Address, String service, String cause) {
            this(network, container, aliases, ipv4Address, service, cause, null);
        }
        public String verb() { return "connect"; }
        public ObjectRef object() { return ObjectRef.container(container); }
        public String target() {
            return object().render() + " to network " + network + (aliases.isEmpty() ? "" : " aliases " + String.join(",", aliases))
                    + (ipv4Address == null ? "" : " ip " + ipv4Address);
        }
        public String reason() { return Reasons.RECONNECTED; }
    }

    record DisconnectNetwork(String network, String container, String service, String cause) implements Operation {
        public String verb() { return "disconnect"; }
        public ObjectRef object() { return ObjectRef.container(container); }
        public String target() { return object().render() + " from network " + network; }
        public String reason() { return Reasons.DISCONNECTED; }
    }

    record CreateVolume(VolumeRequest request, String cause) implements Operation {
        public String verb() { return "create"; }
        public ObjectRef object() { return ObjectRef.volume(request.spec().name()); }
        public String reason() { return Reasons.VOLUME_CREATED; }
    }

    record RemoveVolume(String name, String cause) implements Operation {
        public String verb() { return "remove"; }
        public ObjectRef object() { return ObjectRef.volume(name); }
        public String reason() { return Reasons.VOLUME_REMOVED; }
    }

    record PullImage(String ref, String service, String cause) implements Operation {
        public String verb() { return "pull"; }
        public ObjectRef object() { return ObjectRef.image(ref); }
        public String reason() { return Reasons.PULLED; }
    }

    record BuildImage(BuildRequest request, String service, String cause) implements Operation {
        public String verb() { return "build"; }
        public ObjectRef object() { return ObjectRef.image(request.tag()); }
        public String reason() { return Reasons.BUILT; }
    }

    record CreateContainer(ContainerRequest request, String cause) implements Operation {
        public String verb() { return "create"; }
        /** With the namespace it joins when that is another container's (network_mode: service:X, resolved). */
        public ObjectRef object() { return ObjectRef.container(request.name()); }
        public String target() {
            String mode = request.networkMode();
            return object().render() + (mode != null && mode.startsWith("container:") ? " in " + mode : "");
        }
        public String reason() { return Reasons.CREATED; }
        public String service() { return request.service().name(); }
    }

    record StartContainer(String container, String service, String cause) implements Operation {
        public String verb() { return "start"; }
        public ObjectRef object() { return ObjectRef.container(container); }
        public String reason() { return Reasons.STARTED; }
    }

    record StopContainer(String container, Duration grace, String service, String cause) implements Operation {
        public String verb() { return "stop"; }
        public ObjectRef object() { return ObjectRef.container(container); }
        public String reason() { return Reasons.STOPPED; }
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
        public ObjectRef object() { return ObjectRef.container(container); }
        public String reason() { return Reasons.RESTARTED; }
    }

    /**
     * @param failedUpdate it removes a start-first replacement that failed (the old container keeps running): a step in
     *                     the replica's crash loop, so that the next try waits its back-off
     */
    record RemoveContainer(String container, String service, String cause, boolean failedUpdate) implements Operation {
        public RemoveContainer(String container, String service, String cause) {
            this(container, service, cause, false);
        }
        public String verb() { return "remove"; }
        public ObjectRef object() { return ObjectRef.container(container); }
        public String reason() { return Reasons.REMOVED; }
    }

    /**
     * Takes over an object docker compose made (the user asked: {@code apply --adopt}): the one operation that is no
     * engine call. The store records it; from the next observation on it is the stack's own (see {@link
     * dev.stackd.controller.observe.AdoptedObject}), kept as it is or, when it differs from the spec, recreated.
     */
    record Adopt(dev.stackd.controller.observe.AdoptedObject adopted, String cause) implements Operation {
        public String verb() { return "adopt"; }
        public ObjectRef object() { return adopted.ref(); }
        public String reason() { return Reasons.ADOPTED; }
        public String service() { return adopted.service(); }
    }

    /** The last step of a recreate: the new container takes the old one's name. */
    record RenameContainer(String container, String newName, String service, String cause) implements Operation {
        public String verb() { return "rename"; }
        public ObjectRef object() { return ObjectRef.container(container); }
        public String target() { return object().render() + " to " + newName; }
        public String reason() { return Reasons.RECREATED; }
    }
}
