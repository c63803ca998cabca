package dev.stackd.controller.logs;

/** Where a stack's merged log stream goes (the HTTP response). Called on the stream's own thread, one call at a time. */
public interface LogSink {
    /**
     * One line. May block while the client is behind (a bounded wait: the sink decides when a client is too slow).
     * @return false when the sink wants no more (the client went away or was cut off): the stream is closed
     */
    boolean offer(LogEntry entry) throws InterruptedException;

    /** The stream is over: {@code reason} says why when it is not simply the end of what was asked (null). */
    void end(String reason);
}
