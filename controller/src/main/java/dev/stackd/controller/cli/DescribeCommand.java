package dev.stackd.controller.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stackd.controller.http.Json;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "describe", description = "Show a stack: its conditions, services, containers and latest events.")
final class DescribeCommand extends ClientCommand {
    static final int EVENTS = 20;

    @Parameters(paramLabel = "NAME", description = "The stack.")
    String name;

    @Option(names = {"-o", "--output"}, description = "table (default), json or yaml.")
    OutputFormat output = OutputFormat.table;

    @Override
    public Integer call() {
        ApiClient api = api();
        JsonNode stack = api.getJson("/api/v1/stacks/" + ApiClient.encode(name));
        List<JsonNode> events = EventsCommand.all(api, name, 0);
        events = events.subList(Math.max(0, events.size() - EVENTS), events.size());
        PrintWriter out = out();
        ObjectNode data = ((ObjectNode) stack.deepCopy()).set("events", Json.MAPPER.valueToTree(events));
        if (output.printData(out, data)) return 0;
        print(out, stack, events);
        out.flush();
        return 0;
    }

    private static void print(PrintWriter out, JsonNode stack, List<JsonNode> events) {
        JsonNode status = stack.get("status");
        out.println("Name:                " + stack.path("name").asText());
        out.println("Generation:          " + stack.path("generation").asLong());
        out.println("Observed generation: " + stack.path("observedGeneration").asLong());
        out.println("Created:             " + stack.path("createdAt").asText());
        if (stack.path("deleting").asBoolean()) {
            out.println("Deleting:            yes" + (stack.path("deleteVolumes").asBoolean() ? ", with its volumes" : ""));
        }
        section(out, "Conditions", status == null || status.path("conditions").isEmpty());
        if (status != null && !status.path("conditions").isEmpty()) {
            var t = new Table("TYPE", "STATUS", "REASON", "SINCE", "MESSAGE");
            for (JsonNode c : status.path("conditions")) {
                t.row(text(c, "type"), text(c, "status"), text(c, "reason"), text(c, "lastTransitionTime"), text(c, "message"));
            }
            indent(out, t);
        }
        section(out, "Services", status == null || status.path("services").isEmpty());
        if (status != null && !status.path("services").isEmpty()) {
            var t = new Table("NAME", "DESIRED", "RUNNING", "HEALTHY", "RESTARTS", "LAST EXIT", "BACKOFF UNTIL");
            for (JsonNode s : status.path("services")) {
                t.row(text(s, "name"), text(s, "desired"), text(s, "running"), text(s, "healthy"), text(s, "restarts"),
                        text(s, "lastExitCode"), text(s, "backoffUntil"));
            }
            indent(out, t);
        }
        restarts(out, status);
        section(out, "Containers", status == null || status.path("containers").isEmpty());
        if (status != null && !status.path("containers").isEmpty()) {
            var t = new Table("NAME", "SERVICE", "STATE", "HEALTH", "ID");
            for (JsonNode c : status.path("containers")) {
                String id = text(c, "id");
                t.row(text(c, "name"), text(c, "service"), text(c, "state"), text(c, "health"),
                        id != null && id.length() > 12 ? id.substring(0, 12) : id);
            }
            indent(out, t);
        }
        section(out, "Events", events.isEmpty());
        for (JsonNode e : events) out.println("  " + EventLines.of(e));
    }

    /** Each service's latest restart request and how far it got; nothing when no service has one. */
    private static void restarts(PrintWriter out, JsonNode status) {
        if (status == null) return;
        var t = new Table("SERVICE", "REQUESTED", "RESTARTED", "WAITING FOR");
        boolean any = false;
        for (JsonNode s : status.path("services")) {
            JsonNode r = s.path("restart");
            if (!r.isObject()) continue;
            any = true;
            t.row(text(s, "name"), text(r, "requestedAt"), text(r, "restarted") + "/" + text(r, "total"), text(r, "waitingFor"));
        }
        if (!any) return;
        section(out, "Restarts", false);
        indent(out, t);
    }

    private static void section(PrintWriter out, String title, boolean empty) {
        out.println(title + ":" + (empty ? " <none>" : ""));
    }

    private static void indent(PrintWriter out, Table table) {
        var buffer = new java.io.StringWriter();
        table.print(new PrintWriter(buffer));
        buffer.toString().lines().forEach(l -> out.println("  " + l));
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }
}
