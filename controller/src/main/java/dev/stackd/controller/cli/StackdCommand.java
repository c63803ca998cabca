package dev.stackd.controller.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "stackd",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "A reconciling controller for compose stacks on one Docker host.",
        subcommands = {
                VersionCommand.class,
                ValidateCommand.class,
                NotYetAvailable.Serve.class,
                NotYetAvailable.Apply.class,
                NotYetAvailable.Get.class,
                NotYetAvailable.Describe.class,
                NotYetAvailable.Delete.class,
                NotYetAvailable.Events.class,
                NotYetAvailable.Diff.class,
        })
public final class StackdCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    /** Exit codes: 0 ok, 1 failure, 2 usage. */
    public static int run(String... args) {
        var cl = new CommandLine(new StackdCommand());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + ex.getMessage());
            return 1;
        });
        return cl.execute(args);
    }
}
