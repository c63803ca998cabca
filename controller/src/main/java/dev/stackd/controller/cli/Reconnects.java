package dev.stackd.controller.cli;

import java.io.PrintWriter;

/**
 * What {@code events -w} and {@code logs -f} do when their stream breaks (stackd restarting, the stream cut): say so
 * once, pause as {@link ReconnectBackoff} says, and say "reconnected" when the server answers again. The very first
 * connection's failure, and an answer that retrying will not change (401, 4xx), end the command instead.
 */
final class Reconnects {
    private final PrintWriter err;
    private final ReconnectBackoff backoff;
    private boolean everConnected;
    private boolean lost;

    Reconnects(PrintWriter err, ReconnectBackoff.Sleeper sleeper) {
        this.err = err;
        this.backoff = new ReconnectBackoff(sleeper);
    }

    /** The server answered the watch: the next loss starts again from the first, short pause. */
    void connected() {
        everConnected = true;
        backoff.reset();
        if (lost) notice("reconnected");
        lost = false;
    }

    /** The watch failed: thrown on, unless a connection succeeded before and retrying may help. */
    void failed(CliFailure f) {
        if (!everConnected || !f.retryable()) throw f;
    }

    /** The stream broke: said once per loss, then the pause before the next attempt. */
    void pauseAfterLoss() {
        if (Thread.currentThread().isInterrupted()) throw new CliFailure("interrupted");
        if (!lost) notice("connection lost, reconnecting...");
        lost = true;
        try {
            backoff.pause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted");
        }
    }

    /** A line for the user on stderr, at once (a follow runs for long). */
    void notice(String line) {
        err.println(line);
        err.flush();
    }
}
