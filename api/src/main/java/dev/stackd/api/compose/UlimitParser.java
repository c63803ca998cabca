package dev.stackd.api.compose;

import dev.stackd.api.compose.yaml.YNode;
import dev.stackd.api.model.ServiceSpec.Ulimit;
import java.util.SortedMap;
import java.util.TreeMap;

/** ulimits: name: N (soft = hard = N) or name: {soft, hard}. */
final class UlimitParser {
    private final Fields f;

    UlimitParser(Fields f) {
        this.f = f;
    }

    SortedMap<String, Ulimit> parse(YNode n, String path) {
        SortedMap<String, Ulimit> out = new TreeMap<>();
        if (n == null) return out;
        YNode.Mapping m = f.mapping(n, path);
        if (m == null) return out;
        for (YNode.Entry e : m.entries().values()) {
            String at = Fields.child(path, e.key());
            if (e.value() instanceof YNode.Mapping limits) {
                Keys.ULIMIT.check(limits, at, f.problems());
                Long soft = f.integer(limits, "soft", at, Ranges.ULIMIT);
                Long hard = f.integer(limits, "hard", at, Ranges.ULIMIT);
                if (soft == null || hard == null) {
                    if (!limits.has("soft") || !limits.has("hard")) f.error(at, limits, "a ulimit needs both soft and hard");
                    continue;
                }
                if (above(soft, hard)) f.error(at, limits, "the soft limit " + describe(soft) + " is above the hard limit " + describe(hard));
                out.put(e.key(), new Ulimit(soft, hard));
            } else {
                Long v = f.integer(e.value(), at, Ranges.ULIMIT);
                if (v != null) out.put(e.key(), new Ulimit(v, v));
            }
        }
        return out;
    }

    /** -1 is unlimited: above every number. */
    private static boolean above(long soft, long hard) {
        if (hard == UNLIMITED) return false;
        return soft == UNLIMITED || soft > hard;
    }

    private static String describe(long limit) {
        return limit == UNLIMITED ? "unlimited (-1)" : Long.toString(limit);
    }

    private static final long UNLIMITED = -1;
}
