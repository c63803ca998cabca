package dev.stackd.controller.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stackd.controller.http.Json;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "logs", description = "Print the output of a stack's containers, merged in time order; -f follows.")
final class LogsCommand extends ClientCommand {
    /** A colour a container, in turn (cyan, yellow, green, magenta, blue, then the bright ones), as compose does. */
    private static final String[] COLOURS = {"36", "33", "32", "35", "34", "96", "93", "92", "95", "94"};
    private static final String RESET = "\u001b[0m";
    /** The most lines per container the server serves: a reconnect asks for all since the last line, up to this. */
    private static final int MAX_TAIL = 10_000;

    @Parameters(index = "0", paramLabel = "NAME", description = "The stack.")
    String name;

    @Parameters(index = "1..*", paramLabel = "SERVICE", description = "Only these services (default: all).")
    List<String> services = new ArrayList<>();

    @Option(names = {"-f", "--follow"}, description = "Go on with new lines, across restarts and recreates of the containers; "
            + "reconnects by itself if stackd restarts. Ctrl-C ends it.")
    boolean follow;

    @Option(names = {"-n", "--tail"}, paramLabel = "N", description = "Lines per container from the end: 0 to 10000 "
            + "(default 100, or 10000 with --since).")
    Integer tail;

    @Option(names = "--since", paramLabel = "WHEN", description = "Only lines since a time back from now (10m, 1h30m) "
            + "or an RFC 3339 time (2026-01-02T03:04:05Z).")
    String since;

    @Option(names = {"-t", "--timestamps"}, description = "Show the engine's time of each line.")
    boolean timestamps;

    @Option(names = "--color", paramLabel = "WHEN", description = "auto (a colour per container when stdout is a terminal "
            + "and NO_COLOR is not set), always or never.")
    Colour colour = Colour.auto;

    @Option(names = "--idle-timeout", hidden = true, converter = Durations.class, defaultValue = "45s",
            description = "With -f: reconnect when the stream has been silent this long (the server's heartbeat is 15s).")
    Duration idleTimeout;

    enum Colour { auto, always, never }

    @Override
    public Integer call() {
        var printer = new Printer(out(), coloured());
        ApiClient api = api();
        if (!follow) {
            var body = api.ok(api.get(path(tail, since)), 200).body();
            for (String line : body.split("\n")) {
                if (line.isBlank()) continue;
                JsonNode node = Json.read(line);
                if (node.has("error")) throw new CliFailure("stackd: " + node.path("error").asText()); // cut off: overflow
                printer.print(node);
            }
            return 0;
        }
        return follow(api, printer);
    }

    private boolean coloured() {
        return switch (colour) {
            case always -> true;
            case never -> false;
            case auto -> !root.env().containsKey("NO_COLOR") && terminal();
        };
    }

    /**
     * Whether stdout is a terminal. From JDK 22 on, {@code System.console()} is there even when the output is piped and
     * {@code Console.isTerminal()} tells (looked up: the code is built for 21, where a console means a terminal).
     */
    static boolean terminal() {
        var console = System.console();
        if (console == null) return false;
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    /** Always asks for the times: they are where a reconnect goes on from. */
    private String path(Integer tail, String since) {
        var q = new StringBuilder("/api/v1/stacks/" + ApiClient.encode(name) + "/logs?timestamps=true");
        for (String s : services) q.append("&service=").append(ApiClient.encode(s));
        if (tail != null) q.append("&tail=").append(tail);
        if (since != null) q.append("&since=").append(ApiClient.encode(since));
        if (follow) q.append("&follow=true");
        return q.toString();
    }

    /**
     * Follows the stream; when it breaks (stackd restarting, a cut for falling behind) it reconnects with the same
     * backoff as {@code events -w} and goes on after the last line printed: since its time, the lines up to it that
     * were printed skipped. It ends when the server ends the stream (the stack was deleted), on an interrupt, when the
     * very first connection fails, or on an answer retrying will not change (401, 4xx).
     */
    private int follow(ApiClient api, Printer printer) {
        var reconnects = new Reconnects(err(), root.sleeper());
        var state = new Object() {
            String ended;
        };
        while (true) {
            String path = printer.last == null ? path(tail, since) : path(MAX_TAIL, printer.last.toString());
            try {
                api.watch(path, null, idleTimeout, reconnects::connected, m -> {
                    switch (m.event() == null ? "" : m.event()) {
                        case "log" -> printer.printOnce(Json.read(m.data()));
                        case "end" -> {
                            state.ended = Json.read(m.data()).path("reason").asText("the stream ended");
                            return false;
                        }
                        case "overflow", "error" -> {
                            reconnects.notice("stackd: " + Json.read(m.data()).path("error").asText(m.data()));
                            return false;
                        }
                        default -> { }
                    }
                    return true;
                });
            } catch (CliFailure f) {
                reconnects.failed(f);
            }
            if (state.ended != null) {
                reconnects.notice(state.ended);
                return 0;
            }
            reconnects.pauseAfterLoss();
        }
    }

    /** Prints lines as {@code name | text}, each container's name in a colour of its own when asked. */
    private final class Printer {
        private final PrintWriter out;
        private final boolean coloured;
        private final java.util.Map<String, String> colours = new java.util.HashMap<>();
        private int width;
        /** The time of the last line printed, and which lines had exactly that time (a reconnect skips them). */
        Instant last;
        private final Set<String> atLast = new HashSet<>();

        Printer(PrintWriter out, boolean coloured) {
            this.out = out;
            this.coloured = coloured;
        }

        /** Prints the line unless a reconnect brought it again (its time is before the last one printed, or it was one of those at that time). */
        void printOnce(JsonNode line) {
            Instant time = time(line);
            if (time != null && last != null) {
                if (time.isBefore(last)) return;
                if (time.equals(last) && atLast.contains(key(line))) return;
            }
            print(line);
        }

        void print(JsonNode line) {
            Instant time = time(line);
            if (time != null) {
                if (!time.equals(last)) atLast.clear();
                last = time;
                atLast.add(key(line));
            }
            String container = line.path("container").asText();
            width = Math.max(width, container.length());
            String prefix = container + " ".repeat(width - container.length()) + " |";
            if (coloured) {
                String c = colours.computeIfAbsent(container, k -> COLOURS[colours.size() % COLOURS.length]);
                prefix = "\u001b[" + c + "m" + prefix + RESET; // reset at once: an interrupt never leaves the terminal coloured
            }
            var text = new StringBuilder(prefix).append(' ');
            if (timestamps && time != null) text.append(time).append(' ');
            text.append(line.path("line").asText());
            out.println(text);
            out.flush();
        }

        private static String key(JsonNode line) {
            return line.path("container").asText() + "\n" + line.path("stream").asText() + "\n" + line.path("line").asText();
        }

        private static Instant time(JsonNode line) {
            JsonNode t = line.get("time");
            return t == null || t.isNull() ? null : Instant.parse(t.asText());
        }
    }
}
