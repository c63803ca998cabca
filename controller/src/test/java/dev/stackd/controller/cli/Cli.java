package dev.stackd.controller.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** Runs the CLI in-process, capturing what it prints. */
final class Cli {
    record Result(int code, String out, String err) {
    }

    private final Map<String, String> env;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    /** How a watch pauses before reconnecting: really, unless a test sets a quicker one. */
    volatile ReconnectBackoff.Sleeper sleeper = ReconnectBackoff.Sleeper.REAL;

    Cli(Map<String, String> env) {
        this.env = env;
    }

    /** Runs against a server with its token given through the environment, as a user's shell would. */
    static Cli against(String url, String token) {
        return new Cli(Map.of("STACKD_SERVER", url, "STACKD_TOKEN", token));
    }

    Result run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        int code = StackdCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), env, sleeper, args);
        return new Result(code, out.toString(), err.toString());
    }
}
