package dev.stackd.controller.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stackd.controller.http.StackView;
import dev.stackd.controller.status.StackStatus.ConditionStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "get", description = "List stacks, or show one, with their readiness.")
final class GetCommand extends OutputCommand {
    @Parameters(arity = "0..1", paramLabel = "NAME", description = "One stack (default: all).")
    String name;

    @Override
    public Integer call() {
        ApiClient api = api();
        JsonNode data = name == null ? api.getJson("/api/v1/stacks") : api.getJson("/api/v1/stacks/" + ApiClient.encode(name));
        var out = out();
        if (output.printData(out, data)) return 0;
        List<StackView> stacks = new ArrayList<>();
        if (name == null) data.forEach(s -> stacks.add(ApiClient.read(s, StackView.class)));
        else stacks.add(ApiClient.read(data, StackView.class));
        if (stacks.isEmpty()) {
            out.println("no stacks");
            out.flush();
            return 0;
        }
        var table = new Table("NAME", "GENERATION", "READY", "SERVICES", "AGE");
        Instant now = Instant.now();
        for (StackView s : stacks) {
            var summary = s.summary();
            String ready = s.deleting() ? "Deleting" : summary.ready() == ConditionStatus.True
                    && summary.progressing() == ConditionStatus.True && summary.progressingReason() != null
                    ? "True (" + summary.progressingReason() + ")" : String.valueOf(summary.ready());
            String generation = s.generation() + (s.observedGeneration() == s.generation() ? "" : " (seen " + s.observedGeneration() + ")");
            table.row(s.name(), generation, ready, summary.servicesReady() + "/" + summary.servicesTotal(), Table.age(s.createdAt(), now));
        }
        table.print(out);
        return 0;
    }
}
