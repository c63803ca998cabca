package dev.stackd.controller.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "delete", description = "Delete a stack: stackd removes its containers and networks, then forgets it.")
final class DeleteCommand extends ClientCommand {
    @Parameters(paramLabel = "NAME", description = "The stack.")
    String name;

    @Option(names = "--volumes", description = "Also remove the stack's named volumes (their data is lost).")
    boolean volumes;

    @Override
    public Integer call() {
        ApiClient api = api();
        api.ok(api.delete("/api/v1/stacks/" + ApiClient.encode(name) + (volumes ? "?volumes=true" : "")), 202);
        var out = out();
        out.println("stack " + name + " is being deleted" + (volumes ? ", with its volumes" : ""));
        out.flush();
        return 0;
    }
}
