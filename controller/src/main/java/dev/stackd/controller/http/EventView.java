package dev.stackd.controller.http;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.stackd.controller.event.EventType;
import dev.stackd.controller.store.Event;
import java.time.Instant;

/**
 * An event as the API shows it, and as the CLI reads it back: {@code time} is when it last happened, {@code count}
 * how often; {@code object} is the object's text ("container demo-web-1").
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EventView(long seq, Instant time, Instant firstTime, EventType type, String reason, String stack,
                        String service, String object, String message, int count) {

    static EventView of(Event e) {
        return new EventView(e.seq(), e.lastTime(), e.firstTime(), e.type(), e.reason(), e.stack(), e.service(),
                e.object(), e.message(), e.count());
    }
}
