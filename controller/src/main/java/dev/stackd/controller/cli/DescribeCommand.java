package dev.stackd.controller.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stackd.controller.http.Json;
import dev.stackd.controller.http.StackView;
import dev.stackd.controller.status.StackStatus;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "describe", description = "Show a stack: its conditions, services, containers and latest events.")
final class DescribeCommand extends OutputCommand {
    static final int EVENTS = 20;

    @Parameters(paramLabel = "NAME", description = "The stack.")
    String name;

    @Override
    public Integer call() {
        ApiClient api = api();
        JsonNode stack = api.getJson("/api/v1/stacks/" + ApiClient.encode(name));
        List<JsonNode> events = EventsCommand.all(api, name, 0);
        events = events.subList(Math.max(0, events.size() - EVENTS), events.size());
        PrintWriter out = out();
        ObjectNode data = ((ObjectNode) stack.deepCopy()).set("events", Json.MAPPER.valueToTree(events));
        if (output.printData(out, data)) return 0;
        print(out, ApiClient.read(stack, StackView.class), events);
        out.flush();
        return 0;
    }

    private static void print(PrintWriter out, StackView stack, List<JsonNode> events) {
        StackStatus status = stack.status();
        out.println("Name:                " + stack.name());
        out.println("Generation:          " + stack.generation());
        out.println("Observed generation: " + stack.observedGeneration());
        out.println("Created:             " + stack.createdAt());
        if (stack.deleting()) {
            out.println("Deleting:            yes" + (Boolean.TRUE.equals(stack.deleteVolumes()) ? ", with its volumes" : ""));
        }
        section(out, "Conditions", status == null || status.conditions().isEmpty());
        if (status != null && !status.conditions().isEmpty()) {
            var t = new Table("TYPE", "STATUS", "REASON", "SINCE", "MESSAGE");
            for (var c : status.conditions()) t.row(c.type(), c.status(), c.reason(), c.lastTransitionTime(), c.message());
            indent(out, t);
        }
        section(out, "Services", status == null || status.services().isEmpty());
        if (status != null && !status.services().isEmpty()) {
            var t = new Table("NAME", "DESIRED", "RUNNING", "HEALTHY", "RESTARTS", "LAST EXIT", "BACKOFF UNTIL");
            for (var s : status.services()) {
                t.row(s.name(), s.desired(), s.running(), s.healthy(), s.restarts(), s.lastExitCode(), s.backoffUntil());
            }
            indent(out, t);
        }
        restarts(out, status);
        rollouts(out, status);
        section(out, "Containers", status == null || status.containers().isEmpty());
        if (status != null && !status.containers().isEmpty()) {
            var t = new Table("NAME", "SERVICE", "STATE", "HEALTH", "ID");
            for (var c : status.containers()) {
                String id = c.id();
                t.row(c.name(), c.service(), c.state(), c.health(), id != null && id.length() > 12 ? id.substring(0, 12) : id);
            }
            indent(out, t);
        }
        section(out, "Events", events.isEmpty());
        for (JsonNode e : events) out.println("  " + EventLines.of(e));
    }

    /** Each service's latest restart request and how far it got; nothing when no service has one. */
    private static void restarts(PrintWriter out, StackStatus status) {
        if (status == null) return;
        var t = new Table("SERVICE", "REQUESTED", "RESTARTED", "WAITING FOR");
        boolean any = false;
        for (var s : status.services()) {
            var r = s.restart();
            if (r == null) continue;
            any = true;
            t.row(s.name(), String.valueOf(r.requestedAt()), r.restarted() + "/" + r.total(), r.waitingFor());
        }
        if (!any) return;
        section(out, "Restarts", false);
        indent(out, t);
    }

    /** Each service's latest rollout of a new spec or image; nothing when no service had one. */
    private static void rollouts(PrintWriter out, StackStatus status) {
        if (status == null) return;
        var t = new Table("SERVICE", "GENERATION", "STATE", "UPDATED", "BATCH", "ORDER", "STARTED", "FAILED");
        boolean any = false;
        for (var s : status.services()) {
            var r = s.rollout();
            if (r == null) continue;
            any = true;
            String failed = r.failed().stream().map(f -> f.replica() + ": " + f.reason()).collect(java.util.stream.Collectors.joining("; "));
            t.row(s.name(), String.valueOf(r.generation()), r.state(), r.updated() + "/" + r.total(), r.batch() + "/" + r.batches(),
                    r.order(), String.valueOf(r.startedAt()), failed.isEmpty() ? "-" : failed);
        }
        if (!any) return;
        section(out, "Rollouts", false);
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
}
