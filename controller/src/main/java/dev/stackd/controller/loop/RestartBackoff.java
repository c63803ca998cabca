package dev.stackd.controller.loop;

import dev.stackd.api.model.ServiceSpec.StackdSettings;
import dev.stackd.controller.observe.ObservedContainer;
import dev.stackd.controller.observe.ObservedState.RestartRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CrashLoopBackOff for the restarts stackd makes, per replica (container name): the first restart is at once,
 * then each next one waits initial * 2^(n-1), capped at max; a container that has run for {@code reset}
 * starts from zero again. In memory: after a restart of stackd, a crash loop starts over at the initial delay.
 */
public final class RestartBackoff {
    private final Map<String, RestartRecord> records = new ConcurrentHashMap<>();

    /** Forget the loops of containers that have been running long enough. */
    public void observeRunning(ObservedContainer c, StackdSettings settings, Instant now) {
        if (c.state() != ObservedContainer.State.RUNNING || c.startedAt() == null) return;
        if (!c.startedAt().plus(settings.backoffReset()).isAfter(now)) records.remove(c.name());
    }

    /** Record a restart made now; returns the record with the next retry time. */
    public RestartRecord restarted(String container, StackdSettings settings, Instant now) {
        return records.compute(container, (k, prev) -> {
            int n = prev == null ? 1 : prev.restarts() + 1;
            return new RestartRecord(n, now, now.plus(delay(n, settings)));
        });
    }

    static Duration delay(int restarts, StackdSettings s) {
        Duration d = s.backoffInitial().multipliedBy(1L << Math.min(restarts - 1, 20));
        return d.compareTo(s.backoffMax()) > 0 ? s.backoffMax() : d;
    }

    public Map<String, RestartRecord> snapshot() {
        return Map.copyOf(records);
    }

    public void forget(String container) {
        records.remove(container);
    }
}
