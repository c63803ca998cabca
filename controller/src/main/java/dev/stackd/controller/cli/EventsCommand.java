package dev.stackd.controller.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stackd.controller.http.Json;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "events", description = "List reconcile events, oldest first; -w follows new ones.")
final class EventsCommand extends ClientCommand {
    private static final int PAGE = 500;

    @Option(names = "--stack", description = "Only this stack's events.")
    String stack;

    @Option(names = "--since", paramLabel = "SEQ", description = "Only events after this seq.")
    long since;

    @Option(names = {"-w", "--watch"}, description = "After the existing events, print new ones as they happen; "
            + "reconnects by itself if stackd restarts.")
    boolean watch;

    @Option(names = "--idle-timeout", hidden = true, converter = Durations.class, defaultValue = "45s",
            description = "With -w: reconnect when the stream has been silent this long (the server's heartbeat is 15s).")
    Duration idleTimeout;

    @Option(names = {"-o", "--output"}, description = "table (default), json or yaml (with -w: one JSON event per line).")
    OutputFormat output = OutputFormat.table;

    @Override
    public Integer call() {
        ApiClient api = api();
        return watch ? follow(api) : list(api);
    }

    private int list(ApiClient api) {
        var out = out();
        List<JsonNode> all = all(api, stack, since);
        if (output.printData(out, Json.MAPPER.valueToTree(all))) return 0;
        for (JsonNode e : all) out.println(EventLines.of(e));
        if (all.isEmpty()) out.println("no events");
        out.flush();
        return 0;
    }

    /**
     * Follows the watch, always resuming after the last event printed (Last-Event-ID), so that no event is
     * missed or printed twice: at once when the server says this client fell behind, and after a pause that
     * grows when the connection is lost (stackd restarting, the stream breaking) until the server answers again.
     * It ends only on an interrupt, when the very first connection fails, or on an answer that retrying will
     * not change (401, 4xx).
     */
    private int follow(ApiClient api) {
        PrintWriter out = out();
        String path = "/api/v1/events?watch=true" + (stack == null ? "" : "&stack=" + ApiClient.encode(stack));
        var reconnects = new Reconnects(err(), root.sleeper());
        var watch = new Object() {
            String lastId = Long.toString(since);
            boolean overflowed;
        };
        while (true) {
            watch.overflowed = false;
            try {
                api.watch(path, watch.lastId, idleTimeout, reconnects::connected, m -> {
                    if (m.isOverflow()) {
                        watch.overflowed = true;
                        return false;
                    }
                    if (m.isError()) {
                        reconnects.notice("stackd: " + Json.read(m.data()).path("error").asText(m.data()));
                        return false; // the server ends the stream: retried like a lost connection
                    }
                    JsonNode e = Json.read(m.data());
                    out.println(output == OutputFormat.table ? EventLines.of(e) : e.toString());
                    out.flush();
                    if (m.id() != null) watch.lastId = m.id();
                    return true;
                });
            } catch (CliFailure f) {
                reconnects.failed(f);
            }
            if (Thread.currentThread().isInterrupted()) throw new CliFailure("interrupted");
            if (watch.overflowed) {
                reconnects.notice("fell behind the event stream; catching up from event " + watch.lastId);
                continue;
            }
            reconnects.pauseAfterLoss();
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
