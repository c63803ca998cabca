package dev.stackd.controller.exec;

import java.time.Duration;

/** Told about each engine call the executor made: its verb, whether it succeeded and how long it took. */
@FunctionalInterface
public interface OperationListener {
    OperationListener NONE = (verb, ok, took) -> { };

    void finished(String verb, boolean ok, Duration took);
}
