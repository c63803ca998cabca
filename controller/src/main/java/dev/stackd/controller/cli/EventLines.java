package dev.stackd.controller.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stackd.controller.http.EventView;
import java.time.temporal.ChronoUnit;

/** One event as a line: {@code time type reason object message (xN)}. */
final class EventLines {
    private EventLines() {
    }

    static String of(JsonNode json) {
        EventView e = ApiClient.read(json, EventView.class);
        String time = e.time() == null ? "<unknown>" : e.time().truncatedTo(ChronoUnit.SECONDS).toString();
        return time + " " + e.type() + " " + e.reason() + " " + e.object() + " " + e.message()
                + (e.count() > 1 ? " (x" + e.count() + ")" : "");
    }
}
