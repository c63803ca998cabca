package dev.stackd.controller.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "delete", description = "Delete a stack: stackd removes its containers and networks, then forgets it.")
final class DeleteCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @ParentCommand
    StackdCommand root;

    @Mixin
    ClientOptions client;

    @Parameters(paramLabel = "NAME", description = "The stack.")
    String name;

    @Option(names = "--volumes", description = "Also remove the stack's named volumes (their data is lost).")
    boolean volumes;

    @Override
    public Integer call() {
        ApiClient api = client.client(root.env());
        api.ok(api.delete("/api/v1/stacks/" + ApiClient.encode(name) + (volumes ? "?volumes=true" : "")), 202);
        var out = spec.commandLine().getOut();
        out.println("stack " + name + " is being deleted" + (volumes ? ", with its volumes" : ""));
        out.flush();
        return 0;
    }
}
