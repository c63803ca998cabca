package dev.stackd.controller.cli;

/** An expected failure (server down, unauthorized, invalid file): its message is printed as is, without a trace. */
final class CliFailure extends RuntimeException {
    CliFailure(String message) {
        super(message, null, false, false);
    }
}
