package dev.stackd.controller.logs;

import dev.stackd.controller.engine.LogLine;

/** A line of one container of a stack: which container ("web-1"), which service, and the line. */
public record LogEntry(String container, String service, LogLine line) {

    /** What holding it costs, roughly: its text (two bytes a char) and the objects around it. */
    public long size() {
        return 96L + 2L * line.text().length() + 2L * container.length();
    }
}
