package dev.stackd.controller.plan;

import dev.stackd.controller.testing.RecordingEngine;
import static dev.stackd.controller.testing.Specs.service;
import static dev.stackd.controller.testing.Specs.stack;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.api.model.StackSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * network_mode: service:X as compose does it: an implicit dependency on X (start order), resolved to X's container
 * by ID when the container is created, and recreated when X's container is; container:NAME as given.
 */
class PlannerNetworkModeTest {
    private final Planner planner = new Planner();

    /** app joins vpn's namespace; sidecar joins a container stackd does not manage. */
    static StackSpec desired() {
        return stack("demo")
                .service(service("vpn").image("vpn:1"))
                .service(service("app").image("app:1").networkMode("service:vpn"))
                .service(service("sidecar").image("side:1").networkMode("container:legacy-proxy"))
                .spec();
    }

    private List<String> converge(StackSpec desired, RecordingEngine world) {
        var passes = new ArrayList<String>();
        for (int pass = 0; pass < 6; pass++) {
            var plan = planner.plan(desired, world.state());
            if (plan.isEmpty() && plan.notices().isEmpty()) return passes;
            passes.add(plan.render());
            world.run(plan, s -> false);
        }
        throw new AssertionError("no convergence after 6 passes:\n" + String.join("\n", passes));
    }

    @Test
    void theServiceWaitsForTheContainerItJoins() {
        var world = RecordingEngine.empty(desired()).image("vpn:1", "sha256:vpn").image("app:1", "sha256:app").image("side:1", "sha256:side");
        Golden.assertMatches("network-mode-service-waits", planner.plan(desired(), world.state()).render());
        assertThat(desired().startOrder()).containsSubsequence("vpn", "app");
    }

    @Test
    void itIsCreatedInTheNamespaceOfThatContainerByItsId() {
        var world = RecordingEngine.converged(desired()).withoutContainer("demo-app-1").withoutContainer("demo-sidecar-1");
        var plan = planner.plan(desired(), world.state());
        Golden.assertMatches("network-mode-service-resolved", plan.render());
        var create = plan.operations().stream().filter(op -> op instanceof Operation.CreateContainer c
                && c.request().name().equals("demo-app-1")).map(op -> ((Operation.CreateContainer) op).request()).findFirst().orElseThrow();
        assertThat(create.networkMode()).isEqualTo("container:cid-demo-vpn-1");
    }

    @Test
    void recreatingTheContainerItJoinedRecreatesIt() {
        // vpn's image changed: vpn is recreated (a new ID), then app, whose namespace went with the old one
        var world = RecordingEngine.converged(desired()).image("vpn:1", "sha256:vpn2");
        var passes = converge(desired(), world);
        Golden.assertMatches("network-mode-service-recreated", String.join("\n", passes));
        assertThat(passes).hasSize(2);
        assertThat(passes.get(0)).contains("rename container demo-vpn-1-stackd-new to demo-vpn-1").doesNotContain("demo-app-1");
        assertThat(passes.get(1)).contains("create container demo-app-1-stackd-new in container:cid-demo-vpn-1-stackd-new-1:"
                + " network_mode service:vpn (its container was recreated)");
    }

    @Test
    void aSharedNamespaceThatIsStillTheSameChangesNothing() {
        assertThat(planner.plan(desired(), RecordingEngine.converged(desired()).state()).isEmpty()).isTrue();
    }

    /** pid and ipc "service:X" (compose's convergence.go resolves them as network_mode): app shares vpn's pid, tool its ipc. */
    static StackSpec sharedNamespaces() {
        return stack("demo")
                .service(service("vpn").image("vpn:1"))
                .service(service("app").image("app:1").pid("service:vpn"))
                .service(service("tool").image("tool:1").ipc("service:vpn"))
                .service(service("host").image("host:1").pid("host"))
                .spec();
    }

    @Test
    void recreatingTheContainerWhosePidOrIpcItSharesRecreatesIt() {
        assertThat(planner.plan(sharedNamespaces(), RecordingEngine.converged(sharedNamespaces()).state()).isEmpty()).isTrue();
        // vpn's image changed: vpn is recreated (a new ID); app and tool still share the old one's namespaces
        var world = RecordingEngine.converged(sharedNamespaces()).image("vpn:1", "sha256:vpn2");
        var passes = converge(sharedNamespaces(), world);
        Golden.assertMatches("pid-ipc-service-recreated", String.join("\n", passes));
        assertThat(String.join("\n", passes)).contains("pid service:vpn (its container was recreated)")
                .contains("ipc service:vpn (its container was recreated)").doesNotContain("demo-host-1");
    }
}
