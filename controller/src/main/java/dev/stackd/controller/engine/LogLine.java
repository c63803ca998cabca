package dev.stackd.controller.engine;

import java.time.Instant;
import java.util.Locale;

/**
 * One line of a container's output, as the engine kept it.
 *
 * @param time    when the engine took the line from the container (its own timestamp, nanoseconds); null when the
 *                engine sent none that reads as a time
 * @param text    the line without its newline, invalid UTF-8 replaced (U+FFFD)
 * @param partial the line went on beyond the length cap: the rest follows as the next line(s) of the same stream
 */
public record LogLine(Output stream, Instant time, String text, boolean partial) {

    /** Which of the container's streams; a container with a TTY has one, reported as stdout. */
    public enum Output {
        STDOUT, STDERR;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
