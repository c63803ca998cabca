package dev.stackd.controller.store;

import java.time.Instant;
import java.util.List;
import java.util.TreeSet;

/**
 * One applied generation of a stack, as kept for its history and for rollbacks (the last N of each stack).
 *
 * @param specJson   the spec of that generation, canonical JSON
 * @param sourceText the compose file as the user sent it (null when not sent)
 * @param changes    the services whose spec this generation changed against the one before
 * @param outcome    how its rollout went (see {@link Outcome})
 */
public record Revision(String stack, long generation, String specJson, String sourceText, String originJson,
                       Instant appliedAt, Changes changes, Outcome outcome) {

    public enum Outcome {
        /** The current generation, not converged yet. */
        Progressing,
        /** The reconciler saw it converged: every replica on it, ready, nothing in progress. */
        Completed,
        /** Its rollout paused after failures (failure_action pause): waits for a resume or a new apply. */
        Paused,
        /** Its rollout failed and went back to an earlier revision's spec (failure_action rollback). */
        RolledBack,
        /** A newer apply came before it completed. */
        Superseded
    }

    /**
     * @param updated services that ran before and whose spec changed
     * @param added   services new in this generation
     * @param removed services this generation dropped
     */
    public record Changes(List<String> updated, List<String> added, List<String> removed) {
        public static final Changes NONE = new Changes(List.of(), List.of(), List.of());

        public Changes {
            updated = List.copyOf(updated);
            added = List.copyOf(added);
            removed = List.copyOf(removed);
        }

        /** Every service the generation touched, by name. */
        public List<String> all() {
            var all = new TreeSet<String>(updated);
            all.addAll(added);
            all.addAll(removed);
            return List.copyOf(all);
        }
    }
}
