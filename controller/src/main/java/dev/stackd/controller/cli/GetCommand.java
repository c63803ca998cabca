package dev.stackd.controller.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stackd.controller.http.Json;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "get", description = "List stacks, or show one, with their readiness.")
final class GetCommand extends ClientCommand {
    @Parameters(arity = "0..1", paramLabel = "NAME", description = "One stack (default: all).")
    String name;

    @Option(names = {"-o", "--output"}, description = "table (default), json or yaml.")
    OutputFormat output = OutputFormat.table;

    @Override
    public Integer call() {
        ApiClient api = api();
        JsonNode data = name == null ? api.getJson("/api/v1/stacks") : api.getJson("/api/v1/stacks/" + ApiClient.encode(name));
        var out = out();
        if (output.printData(out, data)) return 0;
        List<JsonNode> stacks = name == null ? Json.MAPPER.convertValue(data, new com.fasterxml.jackson.core.type.TypeReference<List<JsonNode>>() {}) : List.of(data);
        if (stacks.isEmpty()) {
            out.println("no stacks");
            out.flush();
            return 0;
        }
        var table = new Table("NAME", "GENERATION", "READY", "SERVICES", "AGE");
        Instant now = Instant.now();
        for (JsonNode s : stacks) {
            JsonNode summary = s.path("summary");
            String ready = s.path("deleting").asBoolean() ? "Deleting" : summary.path("ready").asText();
            String generation = s.path("generation").asLong() + (s.path("observedGeneration").asLong() == s.path("generation").asLong()
                    ? "" : " (seen " + s.path("observedGeneration").asLong() + ")");
            table.row(s.path("name").asText(), generation, ready,
                    summary.path("servicesReady").asInt() + "/" + summary.path("servicesTotal").asInt(),
                    Table.age(s.path("createdAt").asText(), now));
        }
        table.print(out);
        return 0;
    }
}
