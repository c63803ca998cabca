package dev.stackd.controller.engine;

/**
 * Where a container's output goes, line by line, on the engine client's reading thread. {@code onLine} may block:
 * the stream is then not read, and the engine (not stackd) holds what the container writes meanwhile.
 */
public interface LogListener {
    /** One line; throws InterruptedException when the reader was closed while it waited. */
    void onLine(LogLine line) throws InterruptedException;

    /** The stream ended: all was read, the container stopped, or it was closed (null), or it failed. Called once. */
    void onClosed(Throwable error);
}
