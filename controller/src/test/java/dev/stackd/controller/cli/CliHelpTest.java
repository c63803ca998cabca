package dev.stackd.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --help} and {@code -h} on the root command and on every subcommand: usage on stdout, exit 0. */
class CliHelpTest {
    private final Cli cli = new Cli(Map.of());

    @Test
    void serveHelpPrintsItsUsageAndExitsZero() {
        var r = cli.run("serve", "--help");

        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("Usage: stackd serve").contains("--listen").contains("--data-dir");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void everyCommandAnswersHelpWithItsOwnUsage() {
        var root = new CommandLine(new StackdCommand(Map.of(), ReconnectBackoff.Sleeper.REAL));
        assertThat(root.getSubcommands()).containsKeys("serve", "apply", "get", "events", "version");

        assertThat(cli.run("--help").code()).isZero();
        assertThat(cli.out.toString()).startsWith("Usage: stackd ");
        for (String name : root.getSubcommands().keySet()) {
            for (String flag : new String[] {"--help", "-h"}) {
                var r = cli.run(name, flag);
                assertThat(r.code()).as("stackd %s %s", name, flag).isZero();
                assertThat(r.out()).as("stackd %s %s", name, flag).startsWith("Usage: stackd " + name);
                assertThat(r.err()).as("stackd %s %s", name, flag).isEmpty();
            }
        }
    }
}
