package dev.stackd.controller.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * The dashboard's sign-in sessions: a browser trades the token once for a random session ID (256 bits) that it
 * keeps in an HttpOnly cookie, so the page never holds the token and an {@code EventSource} (which cannot send an
 * {@code Authorization} header) is authenticated too. Held in memory only: a restart of stackd signs everyone out.
 *
 * <p>Bounded: at most {@code capacity} sessions; a new one past it pushes out the oldest (only a holder of the token
 * can make one, so the bound is against a script signing in in a loop, not against strangers). Each expires
 * {@code lifetime} after it was made, whatever its use: a stolen cookie is worth a few hours, and a session never
 * extends itself. The map is keyed by the SHA-256 of the ID, so a lookup's timing says nothing about the IDs held.
 */
final class Sessions {
    static final Duration DEFAULT_LIFETIME = Duration.ofHours(12);
    static final int DEFAULT_CAPACITY = 64;
    private static final int ID_BYTES = 32;

    private final Clock clock;
    private final Duration lifetime;
    private final int capacity;
    private final SecureRandom random = new SecureRandom();
    /** Hash of the ID -> when it expires; insertion order is age order (the oldest is pushed out first). */
    private final LinkedHashMap<String, Instant> expiries = new LinkedHashMap<>();

    Sessions(Clock clock, Duration lifetime, int capacity) {
        if (lifetime.isNegative() || lifetime.isZero()) throw new IllegalArgumentException("a session lifetime must be positive");
        if (capacity < 1) throw new IllegalArgumentException("the session capacity must be at least 1");
        this.clock = clock;
        this.lifetime = lifetime;
        this.capacity = capacity;
    }

    static Sessions defaults() {
        return new Sessions(Clock.systemUTC(), DEFAULT_LIFETIME, DEFAULT_CAPACITY);
    }

    /** A new session. */
    synchronized Session open() {
        Instant now = clock.instant();
        dropExpired(now);
        while (expiries.size() >= capacity) {
            var oldest = expiries.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        byte[] bytes = new byte[ID_BYTES];
        random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant expires = now.plus(lifetime);
        expiries.put(hash(id), expires);
        return new Session(id, expires);
    }

    /** When the session with this ID expires; empty when there is none or it has expired. */
    synchronized Optional<Instant> expiry(String id) {
        if (id == null || id.isEmpty() || id.length() > 128) return Optional.empty();
        String key = hash(id);
        Instant expires = expiries.get(key);
        if (expires == null) return Optional.empty();
        if (!clock.instant().isBefore(expires)) {
            expiries.remove(key);
            return Optional.empty();
        }
        return Optional.of(expires);
    }

    /** Ends the session (signing out); nothing when there is none. */
    synchronized void close(String id) {
        if (id != null) expiries.remove(hash(id));
    }

    synchronized int size() {
        dropExpired(clock.instant());
        return expiries.size();
    }

    Duration lifetime() {
        return lifetime;
    }

    private void dropExpired(Instant now) {
        expiries.values().removeIf(expires -> !now.isBefore(expires));
    }

    private static String hash(String id) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** A session's ID (the cookie's value) and its end. */
    record Session(String id, Instant expires) {
        @Override
        public String toString() {
            return "Session[expires=" + expires + "]"; // never the ID in a log line
        }
    }
}
