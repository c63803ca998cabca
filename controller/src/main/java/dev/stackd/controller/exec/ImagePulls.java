package dev.stackd.controller.exec;

import dev.stackd.api.model.ServiceSpec;
import dev.stackd.api.model.StackSpec;
import dev.stackd.controller.engine.Engine;
import dev.stackd.controller.engine.EngineException;
import dev.stackd.controller.engine.Names;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * {@code apply --pull} ({@code PUT ...?pull=}): a stack's images pulled before its new generation is stored, as
 * {@code docker compose pull && docker compose up -d} (or {@code up --pull}) does, so that an apply either stores a
 * spec whose images are here, or fails naming the image and stores nothing.
 * <p>
 * Which images, as {@code docker compose pull} chooses them: every service's image reference once (the first
 * service by name names it), except a service that builds its image ({@code build:}: the build makes it) and one
 * whose {@code pull_policy} is {@code never} or {@code build} (its own policy is honoured; compose skips them too).
 * {@code missing} pulls only the references the engine does not have; {@code never} pulls nothing and fails when a
 * service's image is not here, as {@code up --pull never} fails its create. The pulls run one after the other within
 * one deadline for all of them. A tag the pull moves to another image is then a changed image for the planner: the
 * service's replicas roll out as for a changed spec (paced by update_config).
 */
public final class ImagePulls {
    private ImagePulls() {}

    /** compose's {@code --pull} values stackd takes for an apply. */
    public enum Mode {
        ALWAYS, MISSING, NEVER;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The mode, or null for a value that is none ({@code always}, {@code missing}, {@code never}). */
        public static Mode parse(String value) {
            for (Mode m : values()) if (m.word().equals(value)) return m;
            return null;
        }
    }

    /** An image reference to pull, and the service whose image it is (the first by name of those that share it). */
    public record Target(String ref, String service) {}

    /** An apply's pull that failed: the image, the service, and why. Nothing was stored. */
    public static final class Failure extends RuntimeException {
        public enum Kind {
            /** the engine (or the registry behind it) refused the pull */
            REFUSED,
            /** the pull did not finish within the apply's pull timeout */
            TIMED_OUT,
            /** the engine did not answer */
            UNAVAILABLE,
            /** pull=never and the engine does not have the image */
            MISSING
        }

        private final Kind kind;
        private final Target target;

        Failure(Kind kind, Target target, String message, Throwable cause) {
            super(message, cause);
            this.kind = kind;
            this.target = target;
        }

        public Kind kind() {
            return kind;
        }

        public Target target() {
            return target;
        }
    }

    /** The images {@code always} (and, when missing, {@code missing}) pulls, sorted by reference. */
    public static List<Target> candidates(StackSpec spec) {
        var byRef = new TreeMap<String, Target>();
        spec.services().values().stream().sorted((a, b) -> a.name().compareTo(b.name())).forEach(s -> {
            if (!pullable(s)) return;
            String ref = Names.image(spec.name(), s);
            byRef.putIfAbsent(ref, new Target(ref, s.name()));
        });
        return new ArrayList<>(byRef.values());
    }

    /** Not built here, and its own pull_policy allows a pull (compose pull skips never and build). */
    static boolean pullable(ServiceSpec s) {
        if (s.build() != null || s.image() == null) return false;
        String policy = s.pullPolicy() == null ? "missing" : s.pullPolicy();
        return !policy.equals("never") && !policy.equals("build");
    }

    /**
     * Pulls what {@code mode} asks, within {@code timeout} for all of them, and returns the references it pulled.
     * @throws Failure naming the first image that could not be pulled (or, for never, is not here)
     */
    public static List<String> pull(Engine engine, StackSpec spec, Mode mode, Duration timeout, Clock clock) {
        var pulled = new ArrayList<String>();
        Instant deadline = clock.instant().plus(timeout);
        if (mode == Mode.NEVER) {
            for (ServiceSpec s : spec.services().values()) {
                if (s.build() != null || s.image() == null) continue;
                var target = new Target(Names.image(spec.name(), s), s.name());
                if (present(engine, target)) continue;
                throw new Failure(Failure.Kind.MISSING, target, "image " + target.ref() + " of service " + s.name()
                        + " is not on this host, and pull is never", null);
            }
            return pulled;
        }
        for (Target target : candidates(spec)) {
            if (mode == Mode.MISSING && present(engine, target)) continue;
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) throw timedOut(target, timeout, null);
            try {
                engine.pullImage(target.ref(), left);
            } catch (EngineException e) {
                if (e.timedOut()) throw timedOut(target, timeout, e);
                if (e.unavailable()) {
                    throw new Failure(Failure.Kind.UNAVAILABLE, target, "pulling image " + target.ref() + " of service "
                            + target.service() + ": " + e.getMessage(), e);
                }
                throw new Failure(Failure.Kind.REFUSED, target, "pulling image " + target.ref() + " of service "
                        + target.service() + " failed: " + e.getMessage(), e);
            }
            pulled.add(target.ref());
        }
        return pulled;
    }

    private static boolean present(Engine engine, Target target) {
        try {
            return engine.imageId(target.ref()).isPresent();
        } catch (EngineException e) {
            throw new Failure(e.unavailable() ? Failure.Kind.UNAVAILABLE : Failure.Kind.REFUSED, target,
                    "reading image " + target.ref() + " of service " + target.service() + ": " + e.getMessage(), e);
        }
    }

    private static Failure timedOut(Target target, Duration timeout, Throwable cause) {
        return new Failure(Failure.Kind.TIMED_OUT, target, "pulling image " + target.ref() + " of service " + target.service()
                + " did not finish within the pull timeout (" + timeout.toSeconds() + "s)", cause);
    }
}
