package dev.stackd.controller.http;

import dev.stackd.api.model.StackSpec;
import dev.stackd.controller.metrics.Metrics;
import dev.stackd.controller.plan.Plan;
import dev.stackd.controller.store.Store;

/**
 * What the HTTP API needs from the running controller. The daemon implements it; the API's tests use a fake
 * with a real {@link Store}. The server calls every method off the event loop, so they may block, but
 * {@link #changed} should only hand the work on (enqueue) and return.
 */
public interface Backend {

    /** The open store: desired state, status and events. */
    Store store();

    /** What a reconcile of the stored stack would do now. Called only for stacks that exist. */
    Plan plan(String stack);

    /**
     * What a reconcile would do now if {@code spec} were the stack's desired state (a dry run: stores nothing).
     * @param adopt as an apply with {@code ?adopt=true}: docker compose's objects of the project are taken over
     */
    Plan planFor(StackSpec spec, boolean adopt);

    /**
     * docker compose's objects of the project named {@code stack} that stackd neither owns nor adopted ("container
     * p_web_1", "network p_default", "volume p_data"): an apply without {@code ?adopt=true} is refused while any exist.
     */
    java.util.List<String> composeObjects(String stack);

    /** The engine, for the calls an API request makes itself: an apply's pulls ({@code ?pull=}). */
    dev.stackd.controller.engine.Engine engine();

    /** The stack's desired state changed (applied or marked deleting): reconcile it soon. */
    void changed(String stack);

    /** The stacks' container logs, read from the engine ({@code GET /api/v1/stacks/{name}/logs}). */
    dev.stackd.controller.logs.StackLogs logs();

    /** True once the controller can act (engine reachable, loop running); {@code /readyz} answers 503 until then. */
    boolean ready();

    /** The registry {@code /metrics} exposes. */
    Metrics metrics();
}
