package dev.stackd.controller.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** One event as a line: {@code time type reason object message (xN)}. */
final class EventLines {
    private EventLines() {
    }

    static String of(JsonNode e) {
        String time = e.path("time").asText();
        try {
            time = Instant.parse(time).truncatedTo(ChronoUnit.SECONDS).toString();
        } catch (RuntimeException unparsable) {
            // print it as the server wrote it
        }
        int count = e.path("count").asInt(1);
        return time + " " + e.path("type").asText() + " " + e.path("reason").asText() + " " + e.path("object").asText()
                + " " + e.path("message").asText() + (count > 1 ? " (x" + count + ")" : "");
    }
}
