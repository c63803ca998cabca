package dev.stackd.controller.cli;

import java.util.Iterator;
import java.util.function.Consumer;

/**
 * One server-sent event: {@code event:} (null for the default "message"), {@code id:} and the joined
 * {@code data:} lines. Comments ({@code : hb}) are not messages.
 */
public record SseMessage(String event, String id, String data) {

    public boolean isOverflow() {
        return "overflow".equals(event);
    }

    /** The server could not go on (e.g. it could not read the events) and ends the stream. */
    public boolean isError() {
        return "error".equals(event);
    }

    /** Reads messages off a stream's lines until it ends. */
    public static void read(Iterator<String> lines, Consumer<SseMessage> sink) {
        String event = null;
        String id = null;
        StringBuilder data = null;
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.isEmpty()) {
                if (data != null) sink.accept(new SseMessage(event, id, data.toString()));
                event = null;
                id = null;
                data = null;
            } else if (!line.startsWith(":")) {
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1);
                if (value.startsWith(" ")) value = value.substring(1);
                switch (field) {
                    case "event" -> event = value;
                    case "id" -> id = value;
                    case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                    default -> { }
                }
            }
        }
    }
}
