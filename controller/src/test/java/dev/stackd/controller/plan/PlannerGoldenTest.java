package dev.stackd.controller.plan;

import dev.stackd.controller.testing.RecordingEngine;
import static dev.stackd.controller.testing.Specs.service;
import static dev.stackd.controller.testing.Specs.stack;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.api.model.NetworkSpec;
import dev.stackd.api.model.StackSpec;
import dev.stackd.api.model.VolumeSpec;
import java.util.TreeMap;
import dev.stackd.controller.engine.Labels;
import dev.stackd.controller.engine.ObservedContainer.Health;
import dev.stackd.controller.engine.ObservedContainer.ObservedEndpoint;
import dev.stackd.controller.engine.ObservedContainer.State;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One golden plan per kind of drift: a hand-made desired and observed state, the rendered plan compared to its text. */
class PlannerGoldenTest {
    private final Planner planner = new Planner();

    /** db (healthchecked, a named volume, 30 s grace) on back; web (port 8080) on front (alias www) and back, after db is healthy. */
    static StackSpec demo() {
        return stack("demo").network("front").network("back").volume("data")
                .service(service("db").image("postgres:16").volume("data", "/var/lib/postgresql/data").healthcheck()
                        .stopGrace(Duration.ofSeconds(30)).network("back"))
                .service(service("web").image("nginx:1.27").port(8080, 80).network("front", "www").network("back")
                        .dependsOn("db", "service_healthy"))
                .spec();
    }

    private String render(StackSpec desired, RecordingEngine world) {
        return planner.plan(desired, world.state()).render();
    }

    private void golden(String name, StackSpec desired, RecordingEngine world) {
        Golden.assertMatches(name, render(desired, world));
    }

    @Test
    void nothingExists() {
        // db is created and started; web waits: db is not healthy until a later observation shows it
        golden("nothing-exists", demo(), RecordingEngine.empty(demo()));
    }

    @Test
    void nothingExistsWithoutDependencyConditions() {
        var desired = stack("demo")
                .service(service("db").image("postgres:16"))
                .service(service("web").image("nginx:1.27").dependsOn("db", "service_started"))
                .spec();
        golden("nothing-exists-started-dependency", desired, RecordingEngine.empty(desired).image("postgres:16", "sha256:pg"));
    }

    @Test
    void externalObjectsMissing() {
        var desired = stack("demo").externalNetwork("shared", "proxy").externalVolume("media", "media-archive")
                .service(service("api").image("api:1").network("shared").volume("media", "/media"))
                .service(service("worker").image("worker:1"))
                .spec();
        var world = RecordingEngine.converged(desired).withoutNetwork("proxy").withoutVolume("media-archive")
                .withoutContainer("demo-api-1").withoutContainer("demo-worker-1");
        golden("external-missing", desired, world);
    }

    @Test
    void converged() {
        var plan = planner.plan(demo(), RecordingEngine.converged(demo()).state());
        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.services()).isEmpty();
        assertThat(plan.notices()).isEmpty();
        assertThat(plan.requeueAfter()).isNull();
        Golden.assertMatches("converged", plan.render());
    }

    @Test
    void containerMissing() {
        golden("container-missing", demo(), RecordingEngine.converged(demo()).withoutContainer("demo-web-1"));
    }

    @Test
    void containersStoppedOutsideStackd() {
        var desired = stack("demo")
                .service(service("web").image("nginx:1.27"))
                .service(service("cache").image("redis:7").restart("always"))
                .service(service("migrate").image("migrate:1").restart("no"))
                .service(service("job").image("job:1").restart("on-failure"))
                .service(service("worker").image("worker:1").restart("unless-stopped"))
                .service(service("paused").image("paused:1"))
                .spec();
        var world = RecordingEngine.converged(desired)
                .change("demo-web-1", c -> c.exited(137))
                .change("demo-cache-1", c -> c.state = State.CREATED)
                .change("demo-migrate-1", c -> c.exited(0))            // Completed: left alone
                .change("demo-job-1", c -> c.exited(2))                // failed one-shot: started again
                .change("demo-worker-1", c -> c.state = State.RESTARTING) // the engine's policy is at work
                .change("demo-paused-1", c -> c.state = State.PAUSED);
        golden("containers-stopped", desired, world);
    }

    @Test
    void specChanged() {
        var changed = stack("demo").network("front").network("back").volume("data")
                .service(service("db").image("postgres:16").volume("data", "/var/lib/postgresql/data").healthcheck()
                        .stopGrace(Duration.ofSeconds(30)).network("back"))
                .service(service("web").image("nginx:1.28").port(8080, 80).network("front", "www").network("back")
                        .dependsOn("db", "service_healthy"))
                .spec();
        golden("spec-changed", changed, RecordingEngine.converged(demo()).image("nginx:1.28", "sha256:nginx128"));
    }

    @Test
    void scaleAndDependsOnDoNotForceRecreate() {
        var scaled = stack("demo").network("front").network("back").volume("data")
                .service(service("db").image("postgres:16").volume("data", "/var/lib/postgresql/data").healthcheck()
                        .stopGrace(Duration.ofSeconds(30)).network("back"))
                .service(service("web").image("nginx:1.27").port(8080, 80).network("front", "www").network("back")
                        .replicas(2))
                .spec();
        golden("scale-up-no-recreate", scaled, RecordingEngine.converged(demo()));
    }

    @Test
    void imageChanged() {
        golden("image-changed", demo(), RecordingEngine.converged(demo()).image("postgres:16", "sha256:newer"));
    }

    @Test
    void networkDisconnectedAndAliasMissing() {
        var world = RecordingEngine.converged(demo())
                .change("demo-web-1", c -> {
                    c.networks.remove("demo_back");
                    c.networks.put("demo_front", new ObservedEndpoint("id-demo_front", List.of("web"), null));
                });
        golden("network-disconnected", demo(), world);
    }

    @Test
    void networkRemoved() {
        // front was removed after web was disconnected from it; db (stopped) still holds an endpoint on the old back
        var world = RecordingEngine.converged(demo())
                .withoutNetwork("demo_front")
                .change("demo-web-1", c -> c.networks.remove("demo_front"))
                .network("demo_old", Map.of(Labels.STACK, "demo", Labels.NETWORK, "old"))
                .network("other_net", Map.of(Labels.STACK, "other"))
                .network("hand-made", Map.of());
        golden("network-removed", demo(), world);
    }

    @Test
    void staleEndpointForcesRecreate() {
        // back was removed and made again while db was stopped: db's endpoint names a network that is gone,
        // which can be neither used nor disconnected (the engine refuses to remove a network with running containers)
        var world = RecordingEngine.converged(demo())
                .withoutNetwork("demo_back").network("demo_back", Map.of(Labels.STACK, "demo", Labels.NETWORK, "back"))
                .change("demo-db-1", c -> {
                    c.exited(137);
                    c.networks.put("demo_back", new ObservedEndpoint("id-of-the-removed-network", List.of("db"), null));
                })
                .change("demo-web-1", c -> c.networks.put("demo_back", new ObservedEndpoint("id-demo_back", List.of("web"), null)));
        golden("network-stale-endpoint", demo(), world);
    }

    @Test
    void volumeRemoved() {
        var desired = stack("demo").volume("data").volume("logs")
                .service(service("db").image("postgres:16").volume("data", "/data"))
                .service(service("app").image("app:1").volume("logs", "/logs"))
                .spec();
        var world = RecordingEngine.converged(desired)
                .withoutVolume("demo_data")
                .change("demo-app-1", c -> c.volumes.clear()); // a mount the container lacks
        golden("volume-removed", desired, world);
    }

    @Test
    void orphansDuplicatesAndLeftovers() {
        var desired = stack("demo")
                .service(service("web").image("nginx:1.27").replicas(2))
                .service(service("api").image("api:1"))
                .service(service("db").image("postgres:16"))
                .spec();
        var old = stack("demo")
                .service(service("web").image("nginx:1.27").replicas(4))
                .service(service("api").image("api:1"))
                .service(service("db").image("postgres:16"))
                .service(service("legacy").image("legacy:1"))
                .spec();
        var world = RecordingEngine.converged(old)
                // a second container claiming web replica 1, older than the kept one
                .add(RecordingEngine.running(old, old.service("web"), 1)).change("demo-web-1", c -> c.name = "demo-web-1-copy")
                .add(RecordingEngine.running(old, old.service("web"), 1))
                .change("demo-web-1-copy", c -> c.startedAt = RecordingEngine.NOW.minusSeconds(7200))
                // a container with a replica label that is no number
                .add(RecordingEngine.running(old, old.service("web"), 2)).change("demo-web-2", c -> {
                    c.name = "demo-web-x";
                    c.replica("x");
                })
                .add(RecordingEngine.running(old, old.service("web"), 2))
                // interrupted recreates: api's old one is gone (rename the new), db's old one is still there (drop the new)
                .change("demo-api-1", c -> {
                    c.name = "demo-api-1-stackd-new";
                    c.state = State.CREATED;
                })
                .add(RecordingEngine.running(old, old.service("db"), 1)).change("demo-db-1", c -> {
                    c.name = "demo-db-1-stackd-new";
                    c.state = State.CREATED;
                })
                .add(RecordingEngine.running(old, old.service("db"), 1));
        golden("orphans", desired, world);
    }

    @Test
    void anInterruptedRecreateResumesWithTheReplacementItMade() {
        // the create of demo-web-1-stackd-new went through but its reply was lost (or stackd was killed right after):
        // before, the next pass removed it and created it again, a duplicate operation for one spec
        var desired = stack("demo").service(service("web").image("nginx:1.28").replicas(2)).spec();
        var old = stack("demo").service(service("web").image("nginx:1.27").replicas(2)).spec();
        var world = RecordingEngine.converged(old)
                .add(RecordingEngine.running(desired, desired.service("web"), 1)).change("demo-web-1", c -> {
                    c.name = "demo-web-1-stackd-new";
                    c.state = State.CREATED;
                    c.networks.clear(); // its network connect had not happened yet
                })
                .add(RecordingEngine.running(old, old.service("web"), 1))
                .image("nginx:1.28", "sha256:nginx128");
        golden("recreate-resumed", desired, world);
    }

    @Test
    void aContainerCreatedButNeverStartedIsStartedNotRecreated() {
        // the engine reports no network ID for an endpoint until the container first starts (Docker 20.10: "NetworkID": "");
        // a start whose reply was lost, or a kill of stackd between create and start, left such a container, and the
        // next pass took the empty ID for a recreated network and created the replica again (reliability/run: slow)
        var desired = stack("demo").network("front").network("back")
                .service(service("web").image("nginx:1.28").network("front").network("back")).spec();
        var world = RecordingEngine.converged(desired).change("demo-web-1", c -> {
            c.state = State.CREATED;
            c.networks.replaceAll((network, e) -> new ObservedEndpoint("", e.aliases(), e.ipv4Address()));
        });
        golden("created-never-started", desired, world);
    }

    @Test
    void aContainerTheEngineCannotStartAgainIsRecreated() {
        // reliability/run chaos: a start cut short by the engine's shutdown left a containerd task of the container's
        // ID; after the engine came back every start of it failed ("task ...: already exists") until the stack went.
        // A new container has a new ID: the replica is recreated
        var desired = stack("demo").service(service("web").image("nginx:1.28")).spec();
        var world = RecordingEngine.converged(desired).change("demo-web-1", c -> c.exited(143));
        world.staleTask("demo-web-1");
        golden("stale-task-recreated", desired, world);
    }

    @Test
    void anInterruptedRecreateWhoseOldContainerIsGoneIsRenamedAndStarted() {
        // create of the replacement, stop and remove of the old one went through, then the rename failed: the next pass
        // renames the replacement (never started: no network IDs yet) and starts it, nothing is created again
        var desired = stack("demo").network("front")
                .service(service("web").image("nginx:1.28").network("front")).spec();
        var world = RecordingEngine.converged(desired).change("demo-web-1", c -> {
            c.name = "demo-web-1-stackd-new";
            c.state = State.CREATED;
            c.networks.replaceAll((network, e) -> new ObservedEndpoint("", e.aliases(), e.ipv4Address()));
        });
        golden("recreate-rename-resumed", desired, world);
    }

    @Test
    void unhealthy() {
        var desired = stack("demo")
                .service(service("api").image("api:1").healthcheck())
                .service(service("legacy").image("legacy:1").healthcheck().restartUnhealthy(false))
                .spec();
        var world = RecordingEngine.converged(desired)
                .change("demo-api-1", c -> c.health = Health.UNHEALTHY)
                .change("demo-legacy-1", c -> c.health = Health.UNHEALTHY);
        golden("unhealthy", desired, world);
    }

    @Test
    void crashLoopBackoff() {
        var desired = stack("demo")
                .service(service("api").image("api:1").restart("always"))
                .service(service("worker").image("worker:1").restart("always"))
                .service(service("flaky").image("flaky:1").healthcheck())
                .spec();
        var world = RecordingEngine.converged(desired)
                .change("demo-api-1", c -> c.exited(1)).restarts("demo-api-1", 3, RecordingEngine.NOW.plusSeconds(40))
                .change("demo-worker-1", c -> c.exited(1)).restarts("demo-worker-1", 1, RecordingEngine.NOW.minusSeconds(1))
                .change("demo-flaky-1", c -> c.health = Health.UNHEALTHY).restarts("demo-flaky-1", 5, RecordingEngine.NOW.plusSeconds(160));
        golden("backoff", desired, world);
    }

    @Test
    void dependencyConditions() {
        var desired = stack("demo")
                .service(service("db").image("postgres:16").healthcheck())
                .service(service("migrate").image("migrate:1").restart("no").dependsOn("db", "service_healthy"))
                .service(service("api").image("api:1").dependsOn("migrate", "service_completed_successfully")
                        .dependsOn("db", "service_healthy"))
                .service(service("web").image("nginx:1.27").dependsOn("api", "service_started"))
                .service(service("admin").image("admin:1").dependsOn("db", "service_healthy"))
                .spec();
        var world = RecordingEngine.converged(desired)
                .change("demo-db-1", c -> c.health = Health.STARTING)
                .change("demo-migrate-1", c -> c.exited(0))
                .withoutContainer("demo-api-1")
                .withoutContainer("demo-web-1");
        // admin keeps running although db is not healthy; api waits for db; web waits for api (not started)
        golden("depends-on-waiting", desired, world);
        var healthy = world.change("demo-db-1", c -> c.health = Health.HEALTHY);
        // db healthy, migrate completed: api is created; web may go along (api is started by this plan)
        golden("depends-on-met", desired, healthy);
    }

    @Test
    void images() {
        var desired = stack("demo")
                .service(service("pulled").image("nginx:1.27"))
                .service(service("also").image("nginx:1.27"))
                .service(service("pinned").image("local/tool:1").pullPolicy("never"))
                .service(service("fresh").image("redis:7").pullPolicy("always"))
                .service(service("app").build("/src/app"))
                .service(service("tagged").build("/src/tagged").image("registry.local/tagged:2").pullPolicy("build"))
                .service(service("steady").image("busybox:1").pullPolicy("always"))
                .spec();
        var world = RecordingEngine.converged(desired)
                .withoutImage("nginx:1.27").withoutImage("local/tool:1").withoutImage("demo-app")
                .withoutContainer("demo-pulled-1").withoutContainer("demo-also-1").withoutContainer("demo-pinned-1")
                .withoutContainer("demo-fresh-1").withoutContainer("demo-app-1").withoutContainer("demo-tagged-1");
        // steady runs: pull_policy always does not pull on every pass
        golden("images", desired, world);
    }

    /**
     * compose's refresh windows (daily, weekly, every_N): stackd pulls when it creates a container, as for always,
     * and never on a pass that creates nothing.
     */
    @Test
    void imagesRefreshWindowsPullOnCreate() {
        var desired = stack("demo")
                .service(service("nightly").image("redis:7").pullPolicy("daily"))
                .service(service("hourly").image("nginx:1.27").pullPolicy("every_1h"))
                .service(service("steady").image("busybox:1").pullPolicy("weekly"))
                .spec();
        var world = RecordingEngine.converged(desired).withoutContainer("demo-nightly-1").withoutContainer("demo-hourly-1");
        golden("images-refresh-windows", desired, world);
    }

    @Test
    void nameConflict() {
        var desired = demo();
        var world = RecordingEngine.converged(desired).withoutContainer("demo-web-1")
                .add(RecordingEngine.running(desired, desired.service("web"), 1))
                .change("demo-web-1", c -> c.labels.clear());
        golden("name-conflict", desired, world);
    }

    @Test
    void anotherStacksNetworkAndVolumeAreNotJoinedUnlessExternal() {
        // docker compose refuses a non-external network or volume that another project made; before, stackd joined
        // and mounted them (and would have recreated the other stack's network on a settings difference)
        var desired = stack("demo")
                .network("shared", new NetworkSpec("other_default", "bridge", new TreeMap<>(), false, false, false, null, null, new TreeMap<>()))
                .volume("data", new VolumeSpec("other_data", "local", new TreeMap<>(), false, new TreeMap<>()))
                .externalNetwork("ext", "other_front")
                .service(service("api").image("api:1").network("shared").volume("data", "/data"))
                .service(service("proxy").image("proxy:1").network("ext"))
                .spec();
        var other = Map.of(Labels.STACK, "other");
        var world = RecordingEngine.empty(desired).image("api:1", "sha256:api").image("proxy:1", "sha256:proxy")
                .network("other_default", Map.of(Labels.STACK, "other", Labels.SPEC_HASH, "a-hash-of-other-settings"))
                .volume("other_data", other).network("other_front", other);
        golden("owned-by-another-stack", desired, world);
    }

    @Test
    void networkModeSkipsNetworkChecks() {
        var desired = stack("demo")
                .service(service("agent").image("agent:1").networkMode("host"))
                .service(service("sidecar").image("sidecar:1").networkMode("service:agent").dependsOn("agent", "service_started"))
                .spec();
        var converged = planner.plan(desired, RecordingEngine.converged(desired).state());
        assertThat(converged.isEmpty()).isTrue();
        golden("network-mode", desired, RecordingEngine.empty(desired).image("agent:1", "sha256:agent").image("sidecar:1", "sha256:sidecar"));
    }

    @Test
    void replicas() {
        var three = stack("demo").service(service("web").image("nginx:1.27").replicas(3)).spec();
        var one = stack("demo").service(service("web").image("nginx:1.27").replicas(1)).spec();
        golden("scale-up", three, RecordingEngine.converged(one));
        golden("scale-down", one, RecordingEngine.converged(three));
    }

    @Test
    void extraNetworksOnRecreate() {
        var desired = stack("demo").network("front").network("back")
                .service(service("web").image("nginx:1.27").network("back", 0, "10.5.0.10").network("front", 10, null)
                        .env("MODE", "new"))
                .spec();
        var before = stack("demo").network("front").network("back")
                .service(service("web").image("nginx:1.27").network("back", 0, "10.5.0.10").network("front", 10, null))
                .spec();
        golden("recreate-extra-networks", desired, RecordingEngine.converged(before));
    }

    @Test
    void deletion() {
        var world = RecordingEngine.converged(demo())
                .change("demo-db-1", c -> c.exited(0))
                .add(RecordingEngine.running(stack("other").service(service("web").image("nginx:1.27")).spec(),
                        stack("other").service(service("web").image("nginx:1.27")).spec().service("web"), 1))
                .network("hand-made", Map.of())
                .volume("demo_unlabelled", Map.of())
                .volume("demo_scratch", Map.of(Labels.STACK, "demo", Labels.VOLUME, "scratch"));
        Golden.assertMatches("delete-keep-volumes", planner.planDeletion("demo", world.state(), false, null).render());
        Golden.assertMatches("delete-all-volumes", planner.planDeletion("demo", world.state(), true, null).render());
        Golden.assertMatches("delete-last-known-spec", planner.planDeletion(demo(), world.state(), true).render());
    }
}
