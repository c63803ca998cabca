package dev.stackd.controller.plan;

import dev.stackd.controller.testing.RecordingEngine;
import static dev.stackd.controller.testing.Specs.service;
import static dev.stackd.controller.testing.Specs.stack;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.api.model.StackSpec;
import dev.stackd.controller.engine.Labels;
import dev.stackd.controller.observe.ComposeProject.ComposeContainer;
import dev.stackd.controller.engine.ContainerSettings;
import dev.stackd.controller.engine.ContainerSettings.ImageDefaults;
import dev.stackd.controller.engine.ObservedContainer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Taking over what docker compose runs: adopted when it matches, recreated when it does not, refused without --adopt. */
class PlannerAdoptionTest {
    private final Planner planner = new Planner();

    private List<String> converge(StackSpec desired, RecordingEngine world) {
        return RecordingEngine.converge(planner, desired, world);
    }

    private static ContainerSettings withCommand(ContainerSettings s, List<String> command) {
        return new ContainerSettings(s.imageId(), command, s.entrypoint(), s.environment(), s.labels(), s.mounts(), s.ports(),
                s.networkMode(), s.restart(), s.healthcheck(), s.memory(), s.memoryReservation(), s.nanoCpus(), s.pidsLimit(),
                s.user(), s.workingDir(), s.privileged(), s.readOnly(), s.init(), s.capAdd(), s.capDrop(), s.image());
    }

    @Test
    void adoptAllMatch() {
        // compose v1 made everything (p_web_1): each object is adopted, no container is created or restarted
        var desired = PlannerGoldenTest.demo();
        var world = RecordingEngine.composeMade(desired, true).adopt(true);
        var plan = planner.plan(desired, world.state());
        Golden.assertMatches("adopt-all-match", plan.render());
        assertThat(plan.operations()).allMatch(op -> op instanceof Operation.Adopt);

        var passes = converge(desired, world);
        assertThat(passes).hasSize(1); // the adoption, then nothing: the adopted containers are the stack's, as they are
        var after = world.state();
        assertThat(after.containers()).extracting(ObservedContainer::id).containsExactlyInAnyOrder("compose-demo_db_1", "compose-demo_web_1");
        assertThat(after.compose().isEmpty()).isTrue();
    }

    @Test
    void adoptSomeDiffer() {
        // compose v2 names (demo-web-1): web runs another command, so it is recreated; db matches and keeps running
        var desired = PlannerGoldenTest.demo();
        var world = RecordingEngine.composeMade(desired, false).adopt(true)
                .composeSettings("demo-web-1", s -> withCommand(s, List.of("nginx", "-g", "daemon off;")));
        Golden.assertMatches("adopt-some-differ", planner.plan(desired, world.state()).render());

        var passes = converge(desired, world);
        assertThat(passes).hasSize(2);
        assertThat(passes.get(1)).contains("create container demo-web-1-stackd-new: adopted from docker compose, differs: command [nginx, -g, daemon off;] -> []")
                .contains("remove container demo-web-1").doesNotContain("demo-db-1");
        var db = world.state().containers().stream().filter(c -> c.name().equals("demo-db-1")).findFirst().orElseThrow();
        assertThat(db.id()).isEqualTo("compose-demo-db-1");
        var web = world.state().containers().stream().filter(c -> c.name().equals("demo-web-1")).findFirst().orElseThrow();
        assertThat(web.id()).isNotEqualTo("compose-demo-web-1");
        // the replacement carries compose's labels too, so docker compose ps still lists the project
        assertThat(web.labels()).containsEntry(Labels.COMPOSE_PROJECT, "demo").containsEntry(Labels.COMPOSE_SERVICE, "web")
                .containsEntry(Labels.COMPOSE_ONEOFF, "False");
    }

    @Test
    void anAdoptedNetworkIsKeptAsComposeMadeIt() {
        // compose v1 makes its networks attachable; the spec's default is not: the network is not recreated for that
        var desired = stack("demo").service(service("web").image("nginx:1.27")).spec();
        var world = RecordingEngine.composeMade(desired, true).adopt(true);
        var n = world.state().networks().get("demo_default");
        world.network(new dev.stackd.controller.engine.ObservedNetwork(n.id(), n.name(), n.driver(), n.internal(), true,
                n.enableIpv6(), n.options(), n.subnets(), n.labels()));
        assertThat(converge(desired, world)).hasSize(1);
    }

    @Test
    void refuseWithoutAdopt() {
        // no second copy: nothing is created, a warning names compose's objects and the two ways on
        var desired = PlannerGoldenTest.demo();
        var world = RecordingEngine.composeMade(desired, true);
        var plan = planner.plan(desired, world.state());
        Golden.assertMatches("refuse-without-adopt", plan.render());
        assertThat(plan.operations()).isEmpty();
        assertThat(plan.notices()).singleElement().satisfies(n -> {
            assertThat(n.reason()).isEqualTo("ComposeProjectFound");
            assertThat(n.message()).contains("container demo_db_1", "container demo_web_1", "network demo_back",
                    "volume demo_data", "--adopt", "docker compose down");
        });
    }

    @Test
    void aServiceTheSpecLacksIsAdoptedThenRemovedAsAnOrphan() {
        var desired = PlannerGoldenTest.demo();
        var world = RecordingEngine.composeMade(desired, true).adopt(true);
        var old = RecordingEngine.running(desired, desired.service("web"), 1);
        var labels = Map.of(Labels.COMPOSE_PROJECT, "demo", Labels.COMPOSE_SERVICE, "cache", Labels.COMPOSE_CONTAINER_NUMBER, "1");
        world.composeContainer(new ComposeContainer(new ObservedContainer("compose-cache", "demo_cache_1", labels, "redis:7", "sha256:redis",
                ObservedContainer.State.RUNNING, 0, ObservedContainer.Health.NONE, null, null, 0, false, old.networks(), List.of()),
                "cache", 1, null));
        var passes = converge(desired, world);
        assertThat(passes.get(0)).contains("adopt container demo_cache_1: service cache not in the spec: removed next");
        assertThat(passes.get(1)).contains("remove container demo_cache_1: service cache not in spec");
    }

    @Test
    void aSettingThatIsNotComparedIsADifference() {
        var desired = stack("demo").service(service("web").image("nginx:1.27").sysctl("net.core.somaxconn", "1024")).spec();
        var world = RecordingEngine.composeMade(desired, false).adopt(true);
        var plan = planner.plan(desired, world.state()).render();
        assertThat(plan).contains("adopt container demo-web-1: differs from the spec (sysctls: set in the spec, not compared on adoption)");
    }

    @Test
    void whatTheSpecLeavesUnsetIsTheImages() {
        // command, environment, labels, user and a VOLUME of the image are the image's: not differences
        var desired = stack("demo").service(service("web").image("nginx:1.27").env("A", "1").label("team", "x")).spec();
        var image = new ImageDefaults(List.of("nginx", "-g", "daemon off;"), List.of("/docker-entrypoint.sh"),
                Map.of("PATH", "/usr/bin", "A", "0"), Map.of("maintainer", "nginx"), null, "nginx", "/", Set.of("/cache"));
        var world = RecordingEngine.composeMade(desired, false).adopt(true).composeSettings("demo-web-1", s -> {
            var labels = new java.util.HashMap<>(s.labels());
            labels.put("maintainer", "nginx");
            var mounts = List.of(new ContainerSettings.MountPoint("volume", "3f2a9c", "/cache", false));
            return new ContainerSettings(s.imageId(), image.command(), image.entrypoint(), Map.of("PATH", "/usr/bin", "A", "1"),
                    labels, mounts, s.ports(), s.networkMode(), s.restart(), null, null, null, null, null, "nginx", "/",
                    false, false, null, List.of(), List.of(), image);
        });
        assertThat(planner.plan(desired, world.state()).render()).contains("adopt container demo-web-1: matches the spec");

        world.composeSettings("demo-web-1", s -> new ContainerSettings(s.imageId(), s.command(), s.entrypoint(),
                Map.of("PATH", "/usr/bin", "A", "0", "SECRET", "hunter2"), s.labels(), s.mounts(), Set.of(":8080:80/tcp"),
                s.networkMode(), "always", null, 512L << 20, null, null, null, "root", "/", true, false, null, List.of("NET_ADMIN"),
                List.of(), image));
        String plan = planner.plan(desired, world.state()).render();
        assertThat(plan).contains("environment (A, SECRET)", "ports [:8080:80/tcp] -> []", "restart always -> no",
                "memory 536870912 -> null", "user root -> nginx", "privileged true -> false", "cap_add [NET_ADMIN] -> []")
                .doesNotContain("hunter2");
    }
}
