package dev.stackd.controller.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "history", description = "The stack's kept revisions, newest first: when each generation was applied,"
        + " how its rollout went, and the services it changed.")
final class HistoryCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "STACK", description = "The stack.")
    String stack;

    @Option(names = {"-o", "--output"}, description = "table (default), json or yaml.")
    OutputFormat output = OutputFormat.table;

    @Override
    public Integer call() {
        ApiClient api = api();
        JsonNode revisions = api.getJson("/api/v1/stacks/" + ApiClient.encode(stack) + "/revisions");
        var out = out();
        if (output.printData(out, revisions)) return 0;
        var table = new Table("GENERATION", "TIME", "OUTCOME", "CHANGED");
        for (JsonNode r : revisions) {
            var changed = new ArrayList<String>();
            r.path("changed").forEach(c -> changed.add(c.asText()));
            String time = r.path("appliedAt").isTextual()
                    ? Instant.parse(r.path("appliedAt").asText()).truncatedTo(ChronoUnit.SECONDS).toString() : null;
            table.row(r.path("generation").asLong() + (r.path("current").asBoolean() ? " (current)" : ""), time,
                    r.path("outcome").asText(), changed.isEmpty() ? "-" : String.join(",", changed));
        }
        table.print(out);
        return 0;
    }
}
