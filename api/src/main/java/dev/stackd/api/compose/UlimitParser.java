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
                Long soft = f.integer(limits, "soft", at);
                Long hard = f.integer(limits, "hard", at);
                if (soft == null || hard == null) {
                    if (!limits.has("soft") || !limits.has("hard")) f.error(at, limits, "a ulimit needs both soft and hard");
                    continue;
                }
                if (soft > hard) f.error(at, limits, "the soft limit " + soft + " is above the hard limit " + hard);
                out.put(e.key(), new Ulimit(soft, hard));
            } else {
                Long v = f.integer(e.value(), at);
                if (v != null) out.put(e.key(), new Ulimit(v, v));
            }
        }
        return out;
    }
}
