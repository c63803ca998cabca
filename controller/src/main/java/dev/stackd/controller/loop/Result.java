package dev.stackd.controller.loop;

import java.time.Duration;

/**
 * What a reconcile asks of the queue, as controller-runtime's Result and its TerminalError: nothing ({@link Done}), a
 * planned revisit ({@link RequeueAfter}), a retry with per-key backoff after an error that keeps its kind
 * ({@link Retry}), or nothing more until the stack changes ({@link Terminal}: a retry cannot fix it).
 */
public sealed interface Result {
    /** While the engine is down, each stack is tried again at least this often (its return is seen soon). */
    Duration ENGINE_DOWN_MAX_BACKOFF = Duration.ofSeconds(30);

    record Done() implements Result {}

    record RequeueAfter(Duration after) implements Result {}

    /**
     * Nothing to do now because a failure's backoff holds the work back (a crash loop, a start the engine refused):
     * revisited after {@code after}, like {@link RequeueAfter}, but the stack is still failing, so it is no recovery.
     */
    record Held(Duration after, String reason) implements Result {}

    /** @param kind what failed, for the log line and the backoff's cap */
    record Retry(Failure kind, String error) implements Result {}

    record Terminal(String error) implements Result {}

    /** The kinds of failure a retry is for. */
    enum Failure {
        /** The engine did not answer: its outage log says so once for every stack; the backoff is capped. */
        ENGINE_UNAVAILABLE("engine-unavailable"),
        /** The engine answered with an error (a refusal, a 500). */
        ENGINE_ERROR("engine-error"),
        /** An operation of the plan failed; the executor logged it. */
        OPERATION_FAILED("operation-failed"),
        /** The store has no space left; it said so once. */
        STORE_FULL("store-full"),
        /** A bug: the reconcile threw something unexpected. */
        UNEXPECTED("unexpected");

        private final String word;

        Failure(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    static Result done() {
        return new Done();
    }

    static Result requeueAfter(Duration d) {
        return new RequeueAfter(d);
    }

    static Result held(Duration d, String reason) {
        return new Held(d, reason);
    }

    static Result retry(Failure kind, String error) {
        return new Retry(kind, error);
    }

    static Result terminal(String error) {
        return new Terminal(error);
    }

    default boolean isFailure() {
        return this instanceof Retry || this instanceof Terminal;
    }

    /** The planned revisit, or null. */
    default Duration requeueAfter() {
        return switch (this) {
            case RequeueAfter r -> r.after();
            case Held h -> h.after();
            default -> null;
        };
    }

    default String error() {
        return switch (this) {
            case Retry r -> r.error();
            case Terminal t -> t.error();
            default -> null;
        };
    }

    default boolean engineUnavailable() {
        return this instanceof Retry r && r.kind() == Failure.ENGINE_UNAVAILABLE;
    }
}
