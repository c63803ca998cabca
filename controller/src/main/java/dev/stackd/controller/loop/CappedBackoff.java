package dev.stackd.controller.loop;

import java.time.Duration;

/**
 * Exponential backoff with a cap: attempt 1 waits {@code first}, each next attempt twice the previous, never more
 * than {@code max}. The one rule behind the work queue's retries, the crash-loop backoff, the event stream's
 * re-subscription and the CLI's reconnects; each keeps its own attempt count.
 */
public record CappedBackoff(Duration first, Duration max) {
    public CappedBackoff {
        if (first.isNegative() || first.isZero()) throw new IllegalArgumentException("the first delay must be positive: " + first);
        if (max.compareTo(first) < 0) throw new IllegalArgumentException("the cap " + max + " is below the first delay " + first);
    }

    /** The delay before attempt {@code attempt} (1 for the first retry); overflow-safe for any count. */
    public Duration delay(int attempt) {
        if (attempt < 1) throw new IllegalArgumentException("attempts count from 1: " + attempt);
        int doublings = Math.min(attempt - 1, 62);
        // first * 2^doublings > max  <=>  first > max / 2^doublings: no multiplication that could overflow
        if (doublings >= 62 || first.compareTo(max.dividedBy(1L << doublings)) > 0) return max;
        Duration d = first.multipliedBy(1L << doublings);
        return d.compareTo(max) > 0 ? max : d;
    }

    /** The same doubling under a lower cap (never above this one's). */
    public CappedBackoff cappedAt(Duration lower) {
        Duration cap = lower.compareTo(max) < 0 ? lower : max;
        return cap.compareTo(first) < 0 ? new CappedBackoff(cap, cap) : new CappedBackoff(first, cap);
    }
}
