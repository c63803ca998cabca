package dev.stackd.controller.cli;

import picocli.CommandLine.Option;

/** A client command that prints what the server answered: as a table, or the data itself as JSON or YAML. */
abstract class OutputCommand extends ClientCommand {
    @Option(names = {"-o", "--output"}, description = "table (default), json or yaml.")
    OutputFormat output = OutputFormat.table;
}
