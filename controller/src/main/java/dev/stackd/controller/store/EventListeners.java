package dev.stackd.controller.store;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Who hears of new events. A listener that throws is logged and does not stop the others. */
final class EventListeners {
    private static final Logger log = LoggerFactory.getLogger(EventListeners.class);

    private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();

    EventSubscription add(Consumer<Event> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    void publish(Event event) {
        for (Consumer<Event> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                log.warn("an event listener failed on event {}", event.seq(), e);
            }
        }
    }
}
