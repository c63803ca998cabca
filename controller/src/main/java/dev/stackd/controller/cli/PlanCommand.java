package dev.stackd.controller.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "plan", description = "Show what the next reconcile of a stack would do; changes nothing.")
final class PlanCommand extends ClientCommand {
    @Parameters(paramLabel = "NAME", description = "The stack.")
    String name;

    @Option(names = {"-o", "--output"}, description = "table (default: the plan as text, as apply --dry-run prints it), json or yaml.")
    OutputFormat output = OutputFormat.table;

    @Override
    public Integer call() {
        ApiClient api = api();
        JsonNode plan = api.getJson("/api/v1/stacks/" + ApiClient.encode(name) + "/plan");
        var out = out();
        if (output.printData(out, plan)) return 0;
        // the server's rendering: grouped by stage and service, with causes, notices and the requeue
        out.print(plan.path("plan").asText());
        out.flush();
        return 0;
    }
}
