package dev.stackd.controller.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stackd.controller.http.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "events", description = "List reconcile events, oldest first; -w follows new ones.")
final class EventsCommand implements Callable<Integer> {
    private static final int PAGE = 500;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @ParentCommand
    StackdCommand root;

    @Mixin
    ClientOptions client;

    @Option(names = "--stack", description = "Only this stack's events.")
    String stack;

    @Option(names = "--since", paramLabel = "SEQ", description = "Only events after this seq.")
    long since;

    @Option(names = {"-w", "--watch"}, description = "After the existing events, print new ones as they happen.")
    boolean watch;

    @Option(names = {"-o", "--output"}, description = "table (default), json or yaml (with -w: one JSON event per line).")
    OutputFormat output = OutputFormat.table;

    @Override
    public Integer call() {
        ApiClient api = client.client(root.env());
        return watch ? follow(api) : list(api);
    }

    private int list(ApiClient api) {
        var out = spec.commandLine().getOut();
        List<JsonNode> all = all(api, stack, since);
        if (output.printData(out, Json.MAPPER.valueToTree(all))) return 0;
        for (JsonNode e : all) out.println(EventLines.of(e));
        if (all.isEmpty()) out.println("no events");
        out.flush();
        return 0;
    }

    /** Follows the watch; when the server says this client fell behind, resumes after the last event printed. */
    private int follow(ApiClient api) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String path = "/api/v1/events?watch=true" + (stack == null ? "" : "&stack=" + ApiClient.encode(stack));
        String lastId = Long.toString(since);
        while (true) {
            var overflowed = new boolean[1];
            var last = new String[] {lastId};
            api.watch(path, lastId, m -> {
                if (m.isOverflow()) {
                    overflowed[0] = true;
                    return false;
                }
                JsonNode e = Json.read(m.data());
                out.println(output == OutputFormat.table ? EventLines.of(e) : e.toString());
                out.flush();
                last[0] = m.id();
                return true;
            });
            lastId = last[0];
            if (!overflowed[0]) throw new CliFailure("the event stream from stackd at " + api.server() + " ended: did stackd stop?");
            err.println("fell behind the event stream; catching up from event " + lastId);
            err.flush();
        }
    }

    /** Every event after {@code since}, page by page. */
    static List<JsonNode> all(ApiClient api, String stack, long since) {
        List<JsonNode> all = new ArrayList<>();
        long after = since;
        while (true) {
            JsonNode page = api.getJson("/api/v1/events?limit=" + PAGE + "&since=" + after
                    + (stack == null ? "" : "&stack=" + ApiClient.encode(stack)));
            page.forEach(all::add);
            if (page.size() < PAGE) return all;
            after = page.get(page.size() - 1).path("seq").asLong();
        }
    }
}
