package dev.stackd.controller.plan;

import dev.stackd.controller.event.ObjectRef;
import dev.stackd.controller.event.Reasons;
import dev.stackd.api.model.ServiceSpec;
import dev.stackd.api.model.StackSpec;
import dev.stackd.controller.engine.Labels;
import dev.stackd.controller.engine.Names;
import dev.stackd.controller.engine.ObservedContainer;
import dev.stackd.controller.engine.ObservedContainer.Health;
import dev.stackd.controller.engine.ObservedContainer.State;
import dev.stackd.controller.observe.ObservedState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What one service needs, replica by replica, before any gate is applied.
 *
 * @param repairs  operations on containers that stay as they are (network fixes, restarts of unhealthy ones):
 *                 done whatever the service waits for
 * @param launches operations that bring a container up (create, start, recreate): left out while the service waits
 * @param creates  whether a launch creates a container (so the image must be there)
 */
public record ServiceWork(List<Operation> repairs, List<Operation> launches, boolean creates) {

    static ServiceWork of(StackSpec desired, ServiceSpec s, ObservedState observed, Inventory inventory,
                          Infrastructure infra, Adoption adoption, Findings findings) {
        String stack = desired.name();
        String hash = ServiceHash.of(s);
        var repairs = new ArrayList<Operation>();
        var launches = new ArrayList<Operation>();
        boolean creates = false;
        // a new spec or image, and the user's restart request, replace running replicas batch by batch
        var rollout = ServiceRollout.of(desired, s, observed, inventory, hash, findings);
        for (int r = 1; r <= replicas(s); r++) {
            String name = Names.container(stack, s, r);
            ObservedContainer c = inventory.current(s.name(), r);
            if (c == null) {
                if (adoption.holds(s.name(), r)) continue; // a compose container stands for it: adopted, or waiting for --adopt
                if (inventory.foreignNames().contains(name)) {
                    findings.notice(Notice.warning(Reasons.NAME_CONFLICT, s.name(), ObjectRef.container(name),
                            "the name is taken by a container stackd does not own"));
                    findings.requeue(Planner.MISSING_WAIT);
                    continue;
                }
                launches.addAll(create(desired, s, name, r, hash, networkMode(s, inventory), "missing"));
                launches.add(new Operation.StartContainer(name, s.name(), "missing"));
                creates = true;
                continue;
            }
            if (c.state() == State.REMOVING) continue; // going away: the next observation sees it missing
            var beside = rollout.beside(r);
            if (beside != null) {
                // start-first: the old one serves until the new one beside it is a success
                String cause = ServiceRollout.cause(desired, s, c, hash, observed) + " (start-first)";
                String temp = Names.temp(name);
                switch (beside.step()) {
                    case CREATE -> {
                        launches.addAll(besideCreate(desired, s, temp, r, hash, cause));
                        launches.add(new Operation.StartContainer(temp, s.name(), cause));
                        creates = true;
                    }
                    case START -> {
                        launches.addAll(besideNetworks(desired, s, beside.temp(), infra, cause + " (resumed)"));
                        launches.add(new Operation.StartContainer(temp, s.name(), cause + " (resumed)"));
                    }
                    case WAIT -> { }
                    case FINISH -> {
                        // the new one joins the service's aliases, then the old one leaves them before it stops: a
                        // client resolving an alias is never sent to a container that is not a success or that stops
                        String done = cause + ": " + temp + " succeeded";
                        repairs.addAll(networkRepairs(desired, s, beside.temp(), infra));
                        for (String network : new java.util.TreeSet<>(c.networks().keySet()))
                            repairs.add(new Operation.DisconnectNetwork(network, c.name(), s.name(), done));
                        repairs.addAll(Inventory.remove(c, s.stopGracePeriod(), done));
                        repairs.add(new Operation.RenameContainer(temp, name, s.name(), cause));
                    }
                    case ABANDON -> {
                        String why = "the new container failed its update (" + beside.reason() + "); " + name + " keeps running";
                        if (Inventory.mayRun(beside.temp())) repairs.add(new Operation.StopContainer(temp, s.stopGracePeriod(), s.name(), why));
                        repairs.add(new Operation.RemoveContainer(temp, s.name(), why, true));
                        // an interrupted finish may have taken the old one off its networks: it serves again
                        repairs.addAll(networkRepairs(desired, s, c, infra));
                    }
                }
                continue;
            }
            if (rollout.holds(r)) continue; // outdated, and waits for a later batch: it keeps running as it is
            String recreate = recreateCause(desired, s, c, hash, observed, infra, inventory);
            ObservedContainer pending = inventory.pending(s.name(), r);
            if (recreate != null && pending != null) {
                launches.addAll(resume(desired, s, c, pending, name, recreate, infra));
                continue;
            }
            if (recreate != null) {
                launches.addAll(recreate(desired, s, c, name, r, hash, networkMode(s, inventory), recreate));
                creates = true;
                continue;
            }
            if (s.networkMode() == null && !completed(s, c)) repairs.addAll(networkRepairs(desired, s, c, infra));
            switch (c.state()) {
                case RUNNING -> {
                    if (c.health() == Health.UNHEALTHY && s.stackd().restartUnhealthy() && !backingOff(s, c, observed, findings))
                        repairs.add(new Operation.RestartContainer(c.name(), s.stopGracePeriod(), s.name(), "unhealthy"));
                }
                case EXITED, CREATED -> {
                    if (completed(s, c) || backingOff(s, c, observed, findings)) break;
                    String cause = c.state() == State.CREATED ? "created" : "exited (code " + c.exitCode() + ")";
                    launches.add(new Operation.StartContainer(c.name(), s.name(), cause));
                }
                default -> { } // restarting or paused: the engine's restart policy, or the user, is at work
            }
        }
        // the batch's replicas that only the restart request makes outdated are restarted, not recreated
        for (var c : rollout.outdated()) {
            if (!rollout.allowed().contains(c.replica()) || !ServiceRollout.restartOnly(desired, s, c, hash, observed)) continue;
            var restart = ServiceRestart.of(s, inventory, observed);
            launches.add(new Operation.RestartContainer(c.name(), s.stopGracePeriod(), s.name(), restart.progress(), true));
        }
        return new ServiceWork(repairs, launches, creates);
    }

    /** The one rule of readiness: running and healthy (or without a healthcheck), or a one-shot that did its job. */
    public static boolean ready(ServiceSpec s, ObservedContainer c) {
        return completed(s, c) || (c.state() == State.RUNNING && (c.health() == Health.HEALTHY || c.health() == Health.NONE));
    }

    /** The replicas to run: one when the service names its container (two containers cannot share a name). */
    public static int replicas(ServiceSpec s) {
        return s.containerName() != null ? Math.min(1, s.replicas()) : s.replicas();
    }

    /** A one-shot that did its job: exited 0 under a policy that does not restart on success. */
    public static boolean completed(ServiceSpec s, ObservedContainer c) {
        String policy = s.restart() == null ? "no" : s.restart();
        return c.state() == State.EXITED && c.exitCode() == 0 && (policy.equals("no") || policy.startsWith("on-failure"));
    }

    /** Why the container must be replaced, or null. */
    /**
     * The engine's network mode: {@code service:X} is X's container by ID, as compose resolves it (its launches wait
     * until that container runs, see {@link DependencyGate}); the others as written.
     */
    static String networkMode(ServiceSpec s, Inventory inventory) {
        String shared = s.networkModeService();
        if (shared == null) return s.networkMode();
        ObservedContainer x = inventory.current(shared, 1);
        return x == null ? null : "container:" + x.id();
    }

    private static String recreateCause(StackSpec desired, ServiceSpec s, ObservedContainer c, String hash,
                                        ObservedState observed, Infrastructure infra, Inventory inventory) {
        if (c.state() == State.DEAD) return "dead";
        var restarts = observed.restartsOf(c);
        if (restarts != null && restarts.staleTask() && c.state() != State.RUNNING)
            return "the engine cannot start it again (containerd kept its task)";
        if (!hash.equals(c.specHash())) {
            String adopted = c.labels().get(Labels.ADOPTED);
            return adopted != null && !adopted.isEmpty() ? "adopted from docker compose, differs: " + adopted : "spec changed";
        }
        String imageId = observed.images().get(Names.image(desired.name(), s));
        if (imageId != null && c.imageId() != null && !imageId.equals(c.imageId())) return "image changed";
        if (completed(s, c)) return null; // a finished one-shot needs its volumes and networks only when it runs again
        for (String volume : ContainerRequests.volumeNames(desired, s).values()) {
            if (infra.created().contains(volume)) return "volume " + volume + " recreated";
            if (!c.volumes().contains(volume) && !infra.unusable().contains(volume)) return "volume " + volume + " not mounted";
        }
        if (s.networkModeService() != null) {
            // the namespace it joined went with the container that held it: compose recreates it too
            String now = networkMode(s, inventory);
            if (now != null && c.networkMode() != null && !now.equals(c.networkMode()))
                return "network_mode service:" + s.networkModeService() + " (its container was recreated)";
        }
        // pid and ipc "service:X": the engine recorded X's container by ID at create; compose recreates this one
        // when X's container is recreated, as for network_mode
        String pid = namespaceRecreated("pid", s.pid(), c.pidMode(), inventory);
        if (pid != null) return pid;
        String ipc = namespaceRecreated("ipc", s.ipc(), c.ipcMode(), inventory);
        if (ipc != null) return ipc;
        if (s.networkMode() != null) return null;
        for (var e : s.networks().entrySet()) {
            String network = ContainerRequests.networkName(desired, e.getKey());
            var endpoint = c.networks().get(network);
            // connected by a repair (a replaced network's endpoints are removed before it is)
            if (endpoint == null || infra.replaced().contains(network)) continue;
            var now = observed.networks().get(network);
            boolean stale = infra.created().contains(network)
                    || (now != null && endpoint.networkId() != null && !endpoint.networkId().equals(now.id()));
            // an endpoint on a network that was removed can be neither used nor disconnected: start would fail
            if (stale) return "network " + network + " recreated";
        }
        return null;
    }

    /** Why a container sharing {@code key} "service:X" must follow X's new container, or null. */
    private static String namespaceRecreated(String key, String mode, String observed, Inventory inventory) {
        if (mode == null || !mode.startsWith("service:") || observed == null) return null;
        String other = mode.substring("service:".length());
        ObservedContainer x = inventory.current(other, 1);
        if (x == null || observed.equals("container:" + x.id())) return null;
        return key + " service:" + other + " (its container was recreated)";
    }

    /** Connects the container is missing, and endpoints lacking an alias (the engine cannot add one in place). */
    private static List<Operation> networkRepairs(StackSpec desired, ServiceSpec s, ObservedContainer c, Infrastructure infra) {
        var ops = new ArrayList<Operation>();
        var links = ContainerRequests.links(desired, s, c.replica());
        for (var e : ContainerRequests.networksInOrder(s)) {
            String network = ContainerRequests.networkName(desired, e.getKey());
            if (infra.unusable().contains(network)) continue;
            var aliases = ContainerRequests.aliases(s, e.getValue());
            String ipv4 = e.getValue() == null ? null : e.getValue().ipv4Address();
            var endpoint = infra.replaced().contains(network) ? null : c.networks().get(network);
            if (endpoint == null) {
                String cause = infra.created().contains(network) ? "network " + network + " recreated" : "not connected to " + network;
                ops.add(new Operation.ConnectNetwork(network, c.name(), aliases, ipv4, s.name(), cause, links));
                continue;
            }
            aliases.stream().filter(a -> !endpoint.aliases().contains(a)).findFirst().ifPresent(missing -> {
                String cause = "missing alias " + missing;
                ops.add(new Operation.DisconnectNetwork(network, c.name(), s.name(), cause));
                ops.add(new Operation.ConnectNetwork(network, c.name(), aliases, ipv4, s.name(), cause, links));
            });
        }
        return ops;
    }

    /** Create under name, then connect the networks after the first (which the create attaches). */
    private static List<Operation> create(StackSpec desired, ServiceSpec s, String name, int replica, String hash,
                                          String networkMode, String cause) {
        var ops = new ArrayList<Operation>();
        ops.add(new Operation.CreateContainer(ContainerRequests.of(desired, s, name, replica, hash, networkMode), cause));
        if (s.networkMode() != null) return ops;
        var networks = ContainerRequests.networksInOrder(s);
        for (var e : networks.subList(Math.min(1, networks.size()), networks.size())) {
            String ipv4 = e.getValue() == null ? null : e.getValue().ipv4Address();
            // the links on every network, as compose (the create carries them on the first)
            ops.add(new Operation.ConnectNetwork(ContainerRequests.networkName(desired, e.getKey()), name,
                    ContainerRequests.aliases(s, e.getValue()), ipv4, s.name(), cause, ContainerRequests.links(desired, s, replica)));
        }
        return ops;
    }

    /**
     * Start-first's new container: created as any other, but under the temporary name and on its networks without
     * the service's aliases (a client resolving them must not reach it before it is a success; its name resolves).
     */
    private static List<Operation> besideCreate(StackSpec desired, ServiceSpec s, String temp, int replica, String hash, String cause) {
        var r = ContainerRequests.of(desired, s, temp, replica, hash);
        var ops = new ArrayList<Operation>();
        ops.add(new Operation.CreateContainer(new dev.stackd.controller.engine.ContainerRequest(r.name(), r.image(), r.service(),
                r.labels(), r.volumeNames(), r.network(), List.of(), r.ipv4Address(), r.fileMounts(), r.networkMode(), r.links(),
                r.pidMode(), r.ipcMode(), r.volumesFrom()), cause));
        var networks = ContainerRequests.networksInOrder(s);
        for (var e : networks.subList(Math.min(1, networks.size()), networks.size())) {
            ops.add(new Operation.ConnectNetwork(ContainerRequests.networkName(desired, e.getKey()), temp, List.of(), null,
                    s.name(), cause, ContainerRequests.links(desired, s, replica)));
        }
        return ops;
    }

    /** The networks start-first's new container is not connected to yet, without the aliases (see {@link #besideCreate}). */
    private static List<Operation> besideNetworks(StackSpec desired, ServiceSpec s, ObservedContainer temp, Infrastructure infra, String cause) {
        var ops = new ArrayList<Operation>();
        for (var e : ContainerRequests.networksInOrder(s)) {
            String network = ContainerRequests.networkName(desired, e.getKey());
            if (infra.unusable().contains(network) || temp.networks().containsKey(network)) continue;
            ops.add(new Operation.ConnectNetwork(network, temp.name(), List.of(), null, s.name(), cause,
                    ContainerRequests.links(desired, s, temp.replica())));
        }
        return ops;
    }

    /** Compose's recreate: the new one waits under a temporary name while the old stops (freeing its ports) and goes. */
    private static List<Operation> recreate(StackSpec desired, ServiceSpec s, ObservedContainer old, String name, int replica,
                                            String hash, String networkMode, String cause) {
        String temp = Names.temp(name);
        var ops = new ArrayList<>(create(desired, s, temp, replica, hash, networkMode, cause));
        ops.addAll(Inventory.remove(old, s.stopGracePeriod(), cause));
        ops.add(new Operation.RenameContainer(temp, name, s.name(), cause));
        ops.add(new Operation.StartContainer(name, s.name(), cause));
        return ops;
    }

    /**
     * The rest of an interrupted recreate: the replacement exists under the temporary name (its networks connected
     * where the interruption left them unconnected), so the old one stops and goes, and the new one takes its name.
     */
    private static List<Operation> resume(StackSpec desired, ServiceSpec s, ObservedContainer old, ObservedContainer temp,
                                          String name, String cause, Infrastructure infra) {
        var ops = new ArrayList<Operation>();
        if (s.networkMode() == null) ops.addAll(networkRepairs(desired, s, temp, infra));
        ops.addAll(Inventory.remove(old, s.stopGracePeriod(), cause));
        ops.add(new Operation.RenameContainer(temp.name(), name, s.name(), cause + " (resumed)"));
        // a start-first replacement may run already (its old container went down meanwhile)
        if (temp.state() != State.RUNNING) ops.add(new Operation.StartContainer(name, s.name(), cause + " (resumed)"));
        return ops;
    }

    /** Whether stackd's crash-loop backoff holds the container back now (then says so and asks to come back). */
    private static boolean backingOff(ServiceSpec s, ObservedContainer c, ObservedState observed, Findings findings) {
        var record = observed.restartsOf(c);
        if (record == null || record.nextRetryAt() == null || !record.nextRetryAt().isAfter(observed.takenAt())) return false;
        findings.notice(Notice.warning(Reasons.BACK_OFF, s.name(), ObjectRef.container(c.name()),
                "back-off restarting failed container (restart " + record.restarts() + ", next retry at " + record.nextRetryAt() + ")"));
        findings.requeue(Duration.between(observed.takenAt(), record.nextRetryAt()));
        return true;
    }
}
