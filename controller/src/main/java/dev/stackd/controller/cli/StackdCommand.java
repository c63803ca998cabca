package dev.stackd.controller.cli;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

// scope INHERIT: every subcommand gets --help and --version too (`stackd serve --help` was an unknown option)
@Command(name = "stackd",
        scope = CommandLine.ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "A reconciling controller for compose stacks on one Docker host.",
        subcommands = {
                VersionCommand.class,
                ValidateCommand.class,
                ConfigCommand.class,
                ServeCommand.class,
                ApplyCommand.class,
                GetCommand.class,
                DescribeCommand.class,
                DeleteCommand.class,
                EventsCommand.class,
                DiffCommand.class,
                PlanCommand.class,
                RestartCommand.class,
                HistoryCommand.class,
                RollbackCommand.class,
                RolloutCommand.class,
                LogsCommand.class,
                JobsCommand.class,
                RunCommand.class,
        })
public final class StackdCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The environment the client commands read (STACKD_SERVER, STACKD_TOKEN, ...); the process's by default. */
    private final Map<String, String> env;
    /** How a watch waits before reconnecting; tests pass one that does not really sleep. */
    private final ReconnectBackoff.Sleeper sleeper;

    StackdCommand(Map<String, String> env, ReconnectBackoff.Sleeper sleeper) {
        this.env = Map.copyOf(env);
        this.sleeper = sleeper;
    }

    Map<String, String> env() {
        return env;
    }

    ReconnectBackoff.Sleeper sleeper() {
        return sleeper;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** Exit codes: 0 ok, 1 failure, 2 usage. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.getenv(), args);
    }

    /** The same, with the output, the error output and the environment given (for tests). */
    public static int run(PrintWriter out, PrintWriter err, Map<String, String> env, String... args) {
        return run(out, err, env, ReconnectBackoff.Sleeper.REAL, args);
    }

    static int run(PrintWriter out, PrintWriter err, Map<String, String> env, ReconnectBackoff.Sleeper sleeper, String... args) {
        var cl = new CommandLine(new StackdCommand(env, sleeper));
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof CliFailure) commandLine.getErr().println(ex.getMessage());
            else commandLine.getErr().println("error: " + ex.getMessage());
            commandLine.getErr().flush();
            return 1;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }
}
