package dev.stackd.controller.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "jobs", description = "List a stack's scheduled jobs: last schedule, last success, active runs, next fire time.")
final class JobsCommand extends OutputCommand {
    @Parameters(index = "0", paramLabel = "STACK", description = "The stack.")
    String stack;

    @Override
    public Integer call() {
        ApiClient api = api();
        JsonNode data = api.getJson("/api/v1/stacks/" + ApiClient.encode(stack) + "/jobs");
        var out = out();
        if (output.printData(out, data)) return 0;
        if (data.path("jobs").isEmpty()) {
            out.println("no jobs in stack " + stack);
            out.flush();
            return 0;
        }
        var table = new Table("JOB", "SCHEDULE", "SUSPEND", "ACTIVE", "LAST SCHEDULE", "LAST SUCCESS", "NEXT", "RUNS");
        Instant now = Instant.now();
        for (JsonNode j : data.path("jobs")) {
            table.row(j.path("service").asText(), j.path("schedule").asText(), j.path("suspended").asBoolean() ? "True" : "False",
                    j.path("active").size(), ago(j.path("lastScheduleTime"), now), ago(j.path("lastSuccessfulTime"), now),
                    text(j.path("nextFireTime")), j.path("runs").size());
        }
        table.print(out);
        return 0;
    }

    private static String ago(JsonNode t, Instant now) {
        return t.isTextual() ? Table.age(Instant.parse(t.asText()), now) + " ago" : null;
    }

    private static String text(JsonNode t) {
        return t.isTextual() ? t.asText() : null;
    }
}
