package dev.stackd.controller.store;

/** A listener's registration; closing it stops the events, and closing twice is harmless. */
@FunctionalInterface
public interface EventSubscription extends AutoCloseable {
    @Override
    void close();
}
