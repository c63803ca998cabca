package dev.stackd.api.compose;

import java.util.Set;

/**
 * "did you mean" for a service, network, volume, secret or config name that is not declared: the closest declared
 * name within edit distance 2 (ties: the first in alphabetical order). Only names of about the same length are
 * compared, and a load spends at most {@link #BUDGET} character comparisons on suggestions, so a file with
 * thousands of unknown names among thousands of declared ones still loads in linear time (the rest get none).
 */
final class Suggestions {
    static final long BUDGET = 10_000_000;
    private long left = BUDGET;

    /** ": did you mean "x"?", or "" when no declared name is close (or the budget is spent). */
    String forName(String name, Set<String> declared) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : declared) {
            if (Math.abs(candidate.length() - name.length()) > 2) continue;
            long cost = (long) (name.length() + 1) * (candidate.length() + 1);
            if (cost > left) return "";
            left -= cost;
            int d = KeyTable.levenshtein(name, candidate);
            if (d < bestDistance || (d == bestDistance && candidate.compareTo(best) < 0)) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= 2 ? ": did you mean \"" + best + "\"?" : "";
    }
}
