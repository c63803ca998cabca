package dev.stackd.controller.http;

import dev.stackd.controller.store.Event;
import java.time.Instant;

/** An event as the API shows it: {@code time} is when it last happened, {@code count} how often. */
record EventView(long seq, Instant time, Instant firstTime, String type, String reason, String stack,
                 String service, String object, String message, int count) {

    static EventView of(Event e) {
        return new EventView(e.seq(), e.lastTime(), e.firstTime(), e.type(), e.reason(), e.stack(), e.service(),
                e.object(), e.message(), e.count());
    }
}
