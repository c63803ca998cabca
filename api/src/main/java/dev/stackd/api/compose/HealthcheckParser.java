package dev.stackd.api.compose;

import dev.stackd.api.compose.yaml.YNode;
import dev.stackd.api.model.ServiceSpec.HealthcheckSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** healthcheck: test as a string (CMD-SHELL), ["CMD", ...], ["CMD-SHELL", "..."], ["NONE"], or disable: true. */
final class HealthcheckParser {
    private final Fields f;

    HealthcheckParser(Fields f) {
        this.f = f;
    }

    HealthcheckSpec parse(YNode n, String path) {
        YNode.Mapping m = f.mapping(n, path);
        if (m == null) return null;
        Keys.HEALTHCHECK.check(m, path, f.problems());
        boolean disable = Boolean.TRUE.equals(f.bool(m, "disable", path));
        List<String> test = test(m.get("test"), Fields.child(path, "test"));
        if (test != null && test.size() == 1 && test.getFirst().equals("NONE")) {
            disable = true;
        }
        if (disable) test = List.of();
        Long retries = f.integer(m, "retries", path, Ranges.RETRIES);
        return new HealthcheckSpec(test, duration(m, "interval", path), duration(m, "timeout", path),
                retries == null ? null : Math.toIntExact(retries), duration(m, "start_period", path), duration(m, "start_interval", path), disable);
    }

    private List<String> test(YNode n, String path) {
        if (n == null) return null;
        if (n instanceof YNode.Scalar s) {
            if (s.isNull()) return null;
            return List.of("CMD-SHELL", s.text());
        }
        List<String> items = f.list(n, path);
        if (items == null) return null;
        if (items.isEmpty()) {
            f.error(path, n, "an empty healthcheck test: use [\"NONE\"] or disable: true to disable the healthcheck");
            return null;
        }
        String kind = items.getFirst();
        switch (kind) {
            case "NONE" -> {
                return List.of("NONE");
            }
            case "CMD", "CMD-SHELL" -> {
                if (items.size() < 2) f.error(path, n, kind + " needs a command after it");
                if (kind.equals("CMD-SHELL") && items.size() > 2) {
                    // compose joins the rest into one shell command
                    return List.of(kind, String.join(" ", items.subList(1, items.size())));
                }
                return new ArrayList<>(items);
            }
            default -> {
                f.error(Fields.index(path, 0), n, "a healthcheck test list starts with CMD, CMD-SHELL or NONE, got \"" + kind + "\"");
                return null;
            }
        }
    }

    /** A duration the engine takes: 0 (its default) or at least 1 ms. */
    private Duration duration(YNode.Mapping m, String key, String path) {
        return f.parsed(m, key, path, "duration", s -> {
            Duration d = Units.duration(s);
            if (!d.isZero() && d.compareTo(Ranges.MIN_HEALTHCHECK_DURATION) < 0) {
                throw new Units.Invalid("under 1ms, the engine's minimum (0 means the default)");
            }
            return d;
        });
    }
}
