package dev.stackd.api.compose;

import dev.stackd.api.compose.yaml.YNode;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The keys allowed in one kind of mapping: those stackd implements, and those it knowingly refuses (with why).
 * Anything else is an error, with a suggestion when a known key is close. "x-" keys are extensions and ignored.
 */
public record KeyTable(String what, Set<String> supported, Map<String, String> refused) {

    public KeyTable {
        supported = Set.copyOf(supported);
        refused = Map.copyOf(refused);
    }

    public static KeyTable of(String what, Set<String> supported) {
        return new KeyTable(what, supported, Map.of());
    }

    /** Records an error for each refused or unknown key of m. */
    public void check(YNode.Mapping m, String path, Problems problems) {
        for (YNode.Entry e : m.entries().values()) {
            String key = e.key();
            if (supported.contains(key) || key.startsWith("x-")) continue;
            String at = path.isEmpty() ? key : path + "." + key;
            String why = refused.get(key);
            if (why != null) {
                problems.add(at, e, "\"" + key + "\" is not supported by stackd: " + why);
            } else {
                problems.add(at, e, "unknown " + what + " key \"" + key + "\"" + suggestion(key));
            }
        }
    }

    private String suggestion(String key) {
        var candidates = new TreeSet<String>(supported);
        candidates.addAll(refused.keySet());
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String lower = key.toLowerCase(java.util.Locale.ROOT);
        for (String c : candidates) {
            // the distance is at least the difference in length: a long key costs no quadratic comparison
            if (Math.abs(lower.length() - c.length()) > 2) continue;
            int d = levenshtein(lower, c);
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= 2 ? ": did you mean \"" + best + "\"?" : "";
    }

    static int levenshtein(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
