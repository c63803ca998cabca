package dev.stackd.controller.reconcile;

import dev.stackd.controller.loop.CappedBackoff;
import dev.stackd.api.model.ServiceSpec;
import dev.stackd.api.model.ServiceSpec.StackdSettings;
import dev.stackd.api.model.StackSpec;
import dev.stackd.controller.engine.ObservedContainer;
import dev.stackd.controller.observe.ObservedState.Replica;
import dev.stackd.controller.observe.ObservedState.RestartRecord;
import dev.stackd.controller.plan.ServiceHash;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CrashLoopBackOff for the restarts stackd makes, per replica (stack, service, replica number: a recreated
 * container keeps its loop only while the spec stays the same): the first restart is at once, then each next one
 * waits initial * 2^(n-1), capped at max; a container that has run for {@code reset} starts from zero again. A
 * loop is forgotten when its service's spec changes (as swarmkit's restart supervisor: past failures do not count
 * against a new definition) and when its stack is deleted. In memory: after a restart of stackd, a crash loop
 * starts over at the initial delay.
 */
public final class RestartBackoff {
    private record Key(String stack, String service, int replica) {}

    /** A loop and the spec hash of the service it was counted under. */
    private record Loop(RestartRecord record, String specHash) {}

    private final Map<Key, Loop> loops = new ConcurrentHashMap<>();

    /** Forget the loop of a container that has been running long enough. */
    public void observeRunning(String stack, ObservedContainer c, StackdSettings settings, Instant now) {
        if (c.state() != ObservedContainer.State.RUNNING || c.startedAt() == null || c.service() == null) return;
        var key = new Key(stack, c.service(), c.replica());
        if (!c.startedAt().plus(settings.backoffReset()).isAfter(now)) {
            // only a container of the loop's spec ends it: the old container a start-first update keeps running
            // beside the failed new ones says nothing of the new spec
            loops.computeIfPresent(key, (k, l) -> l.specHash().equals(c.specHash()) ? null : l);
            return;
        }
        // the replica runs again (in a new container): a stale task of an old one says nothing of it any more
        loops.computeIfPresent(key, (k, l) -> !l.record().staleTask() ? l : new Loop(new RestartRecord(
                l.record().restarts(), l.record().lastRestartAt(), l.record().nextRetryAt(), false), l.specHash()));
    }

    /** Record a restart of the replica made now under the service's current spec; returns the next retry time. */
    public RestartRecord restarted(String stack, ServiceSpec service, int replica, Instant now) {
        return record(stack, service, replica, now, false);
    }

    /** A start the engine refused because containerd still holds a task of the container's ID: only a new container helps. */
    public RestartRecord staleTask(String stack, ServiceSpec service, int replica, Instant now) {
        return record(stack, service, replica, now, true);
    }

    private RestartRecord record(String stack, ServiceSpec service, int replica, Instant now, boolean staleTask) {
        String hash = ServiceHash.of(service);
        return loops.compute(new Key(stack, service.name(), replica), (k, prev) -> {
            int n = prev == null || !prev.specHash().equals(hash) ? 1 : prev.record().restarts() + 1;
            return new Loop(new RestartRecord(n, now, now.plus(delay(n, service.stackd())), staleTask), hash);
        }).record();
    }

    static Duration delay(int restarts, StackdSettings s) {
        return new CappedBackoff(s.backoffInitial(), s.backoffMax()).delay(restarts);
    }

    /**
     * The stack's loops under its current spec, by replica; the loops of services whose spec changed, or that are
     * gone, are forgotten here.
     */
    public Map<Replica, RestartRecord> snapshot(StackSpec spec) {
        var hashes = new HashMap<String, String>();
        for (ServiceSpec s : spec.services().values()) hashes.put(s.name(), ServiceHash.of(s));
        var out = new HashMap<Replica, RestartRecord>();
        loops.entrySet().removeIf(e -> {
            Key k = e.getKey();
            if (!k.stack().equals(spec.name())) return false;
            if (!e.getValue().specHash().equals(hashes.get(k.service()))) return true;
            out.put(new Replica(k.service(), k.replica()), e.getValue().record());
            return false;
        });
        return out;
    }

    /** The stack is gone: so are its loops. */
    public void forgetStack(String stack) {
        loops.keySet().removeIf(k -> k.stack().equals(stack));
    }

    /** How many loops are remembered, over every stack. */
    public int size() {
        return loops.size();
    }
}
