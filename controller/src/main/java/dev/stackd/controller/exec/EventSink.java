package dev.stackd.controller.exec;

import dev.stackd.controller.event.EventDraft;

/** Where reconcile events go (the store, in the daemon; a list, in tests). */
@FunctionalInterface
public interface EventSink {
    void record(EventDraft event);

    EventSink NONE = event -> {};
}
