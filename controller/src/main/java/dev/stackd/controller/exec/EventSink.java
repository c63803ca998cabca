package dev.stackd.controller.exec;

/** Where reconcile events go (the store, in the daemon; a list, in tests). */
@FunctionalInterface
public interface EventSink {
    /**
     * @param type    "Normal" or "Warning"
     * @param reason  Created, Started, BackOff, ...
     * @param service the service, or null for stack-level objects
     * @param object  "container demo-web-1", "network demo_default", "stack demo"
     */
    void record(String stack, String type, String reason, String service, String object, String message);

    EventSink NONE = (stack, type, reason, service, object, message) -> {};
}
