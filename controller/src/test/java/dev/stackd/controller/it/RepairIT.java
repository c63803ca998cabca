package dev.stackd.controller.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stackd.api.model.NetworkSpec;
import dev.stackd.controller.engine.Labels;
import dev.stackd.controller.engine.NetworkRequest;
import dev.stackd.controller.engine.ObservedContainer;
import dev.stackd.controller.engine.ObservedContainer.State;
import dev.stackd.controller.engine.ObservedNetwork;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The control loop against the real engine: converge, then each kind of drift made by hand, then the repair. */
@ExtendWith(StackFixtureExtension.class)
class RepairIT {
    static final String WEB_DB = """
            services:
              db:
                image: IMAGE
                command: ["sleep", "3600"]
                volumes: [data:/data]
                restart: unless-stopped
              web:
                image: IMAGE
                command: ["sleep", "3600"]
                depends_on: [db]
                networks:
                  default:
                    aliases: [www]
            volumes:
              data: {}
            """;

    StackFixture f; // set by StackFixtureExtension

    @BeforeEach
    void converge() {
        f.apply(WEB_DB);
        f.running(f.name("db", 1));
        f.running(f.name("web", 1));
        f.awaitReady();
    }

    @Test
    void convergesWithCompatibleNamesLabelsAndAliases() {
        var web = f.container(f.name("web", 1)).orElseThrow();
        assertThat(web.labels()).containsEntry("com.docker.compose.project", f.stack).containsEntry("com.docker.compose.service", "web")
                .containsEntry("dev.stackd.replica", "1");
        assertThat(web.networks().get(f.network("default")).aliases()).contains("web", "www");
        assertThat(f.container(f.name("db", 1)).orElseThrow().volumes()).containsExactly(f.stack + "_data");
    }

    @Test
    void aRemovedContainerIsCreatedAndStarted() {
        var before = f.container(f.name("web", 1)).orElseThrow();
        f.engine.removeContainer(before.id(), true);
        var after = f.running(f.name("web", 1));
        assertThat(after.id()).isNotEqualTo(before.id());
    }

    @Test
    void aStoppedContainerIsStartedAgainWithoutARecreate() {
        var before = f.container(f.name("db", 1)).orElseThrow();
        f.engine.stopContainer(before.id(), Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> f.container(f.name("db", 1)).map(c -> c.state() == State.RUNNING
                && !c.startedAt().equals(before.startedAt())).orElse(false));
        assertThat(f.container(f.name("db", 1)).orElseThrow().id()).isEqualTo(before.id());
    }

    @Test
    void aChangedServiceIsRecreatedAndTheOthersAreLeftAlone() {
        var db = f.container(f.name("db", 1)).orElseThrow();
        var web = f.container(f.name("web", 1)).orElseThrow();
        f.apply(WEB_DB.replace("""
                    depends_on: [db]
                """, """
                    depends_on: [db]
                    environment: {MODE: changed}
                """));
        await().atMost(Duration.ofSeconds(60)).until(() -> f.container(f.name("web", 1))
                .map(c -> !c.id().equals(web.id()) && c.state() == State.RUNNING).orElse(false));
        var db2 = f.container(f.name("db", 1)).orElseThrow();
        assertThat(db2.id()).isEqualTo(db.id());
        assertThat(db2.startedAt()).isEqualTo(db.startedAt());
        assertThat(f.containers()).hasSize(2);
    }

    @Test
    void aDisconnectedNetworkIsReconnectedWithItsAliasesWithoutARecreate() {
        var web = f.container(f.name("web", 1)).orElseThrow();
        f.engine.disconnectNetwork(f.network("default"), web.id());
        await().atMost(Duration.ofSeconds(30)).until(() -> f.container(f.name("web", 1))
                .map(c -> c.networks().containsKey(f.network("default"))).orElse(false));
        var after = f.container(f.name("web", 1)).orElseThrow();
        assertThat(after.id()).isEqualTo(web.id());
        assertThat(after.networks().get(f.network("default")).aliases()).contains("web", "www");
    }

    @Test
    void aRemovedNetworkIsRecreatedAndEveryContainerReattached() {
        // stackd reconnects a disconnected container within moments, so the user has to be quick and persistent:
        // disconnect everything and remove the network, again if stackd got a container back on it in between
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            for (var c : f.containers()) {
                if (c.networks().containsKey(f.network("default"))) f.engine.disconnectNetwork(f.network("default"), c.id());
            }
            f.engine.removeNetwork(f.network("default"));
            return true;
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> f.containers().stream()
                .filter(c -> c.state() == State.RUNNING && c.networks().containsKey(f.network("default"))).count() == 2);
        assertThat(f.engine.listNetworks()).anyMatch(n -> n.name().equals(f.network("default")));
    }

    @Test
    void aNetworkWhoseSettingsChangedIsRecreatedAndItsContainersReattachedWithTheirAliases() {
        String net = f.network("default");
        var before = network(net).orElseThrow();
        var db = f.container(f.name("db", 1)).orElseThrow();
        var web = f.container(f.name("web", 1)).orElseThrow();
        f.apply(WEB_DB + """
                networks:
                  default:
                    internal: true
                """);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> network(net)
                .filter(n -> n.internal() && !n.id().equals(before.id()))
                .map(n -> f.containers().stream().filter(c -> c.state() == State.RUNNING && c.networks().containsKey(net)
                        && n.id().equals(c.networks().get(net).networkId())).count() == 2)
                .orElse(false));
        assertThat(network(net).orElseThrow().labels()).containsKey(Labels.SPEC_HASH);
        var web2 = f.container(f.name("web", 1)).orElseThrow();
        var db2 = f.container(f.name("db", 1)).orElseThrow();
        assertThat(web2.networks().get(net).aliases()).contains("web", "www");
        assertThat(db2.networks().get(net).aliases()).contains("db");
        // reconnected, not recreated
        assertThat(web2.id()).isEqualTo(web.id());
        assertThat(db2.id()).isEqualTo(db.id());
        await().atMost(Duration.ofSeconds(10)).until(() -> f.reasons().contains("NetworkRecreated network " + net));
    }

    @Test
    void aNetworkMadeBeforeTheSettingsHashIsAdoptedAsItIs() {
        String net = f.network("default");
        f.daemon.close(); // hold the loop while the network is made again as an older stackd made it: no settings hash
        for (var c : f.containers()) f.engine.disconnectNetwork(net, c.id());
        f.engine.removeNetwork(net);
        f.engine.createNetwork(new NetworkRequest(new NetworkSpec(net, null, null, false, false, false, null, null, null),
                Map.of(Labels.STACK, f.stack, Labels.NETWORK, "default", Labels.COMPOSE_PROJECT, f.stack, Labels.COMPOSE_NETWORK, "default")));
        var legacy = network(net).orElseThrow();
        f.startDaemon();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> f.containers().stream()
                .filter(c -> c.state() == State.RUNNING && c.networks().containsKey(net)).count() == 2);
        long reconciles = f.daemon.reconciles();
        f.daemon.changed(f.stack);
        await().atMost(Duration.ofSeconds(30)).until(() -> f.daemon.reconciles() > reconciles);
        assertThat(network(net).orElseThrow().id()).isEqualTo(legacy.id());
        assertThat(network(net).orElseThrow().labels()).doesNotContainKey(Labels.SPEC_HASH);
        assertThat(f.reasons()).doesNotContain("NetworkRecreated network " + net);
    }

    @Test
    void aVolumeWhoseSettingsChangedIsLeftAloneWithAWarning() {
        String volume = f.stack + "_data";
        var db = f.container(f.name("db", 1)).orElseThrow();
        assertThat(f.reasons()).doesNotContain("VolumeConfigDrift volume " + volume); // as created: no drift
        f.apply(WEB_DB.replace("""
                volumes:
                  data: {}
                """, """
                volumes:
                  data:
                    driver_opts: {type: tmpfs, device: tmpfs}
                """));
        await().atMost(Duration.ofSeconds(30)).until(() -> f.reasons().contains("VolumeConfigDrift volume " + volume));
        assertThat(f.engine.listVolumes()).filteredOn(v -> v.name().equals(volume)).singleElement()
                .satisfies(v -> assertThat(v.options()).isEmpty());
        var db2 = f.container(f.name("db", 1)).orElseThrow();
        assertThat(db2.id()).isEqualTo(db.id());
        assertThat(db2.startedAt()).isEqualTo(db.startedAt());
    }

    private Optional<ObservedNetwork> network(String name) {
        return f.engine.listNetworks().stream().filter(n -> n.name().equals(name)).findFirst();
    }

    @Test
    void aRemovedVolumeIsRecreatedAndMountedAgain() {
        var db = f.container(f.name("db", 1)).orElseThrow();
        f.daemon.close(); // hold the loop while the user removes the container and its volume
        f.engine.removeContainer(db.id(), true);
        f.engine.removeVolume(f.stack + "_data");
        f.startDaemon();
        var again = f.running(f.name("db", 1));
        assertThat(again.volumes()).containsExactly(f.stack + "_data");
        assertThat(f.engine.listVolumes()).anyMatch(v -> v.name().equals(f.stack + "_data"));
    }

    @Test
    void orphansAndReplicasAboveTheScaleAreRemoved() {
        f.apply(WEB_DB.replace("""
                    depends_on: [db]
                """, """
                    depends_on: [db]
                    scale: 3
                """));
        f.running(f.name("web", 3));
        f.apply(WEB_DB);
        await().atMost(Duration.ofSeconds(60)).until(() -> f.containers().size() == 2);
        assertThat(f.containers()).extracting(ObservedContainer::name).containsExactlyInAnyOrder(f.name("db", 1), f.name("web", 1));
    }

    @Test
    void aRestartOfStackdAdoptsWhatRunsWithoutRestartingIt() {
        var before = f.containers();
        f.restartDaemon();
        f.awaitReady();
        long reconciles = f.daemon.reconciles();
        await().atMost(Duration.ofSeconds(10)).until(() -> f.daemon.reconciles() > reconciles || reconciles > 0);
        var after = f.containers();
        assertThat(after).extracting(c -> c.id() + "@" + c.startedAt())
                .containsExactlyInAnyOrderElementsOf(before.stream().map(c -> c.id() + "@" + c.startedAt()).toList());
    }

    @Test
    void deletionRemovesContainersAndNetworksAndKeepsTheNamedVolume() {
        f.delete(false);
        await().atMost(Duration.ofSeconds(60)).until(() -> f.daemon.store().get(f.stack).isEmpty());
        assertThat(f.containers()).isEmpty();
        assertThat(f.engine.listNetworks()).noneMatch(n -> n.name().equals(f.network("default")));
        assertThat(f.engine.listVolumes()).anyMatch(v -> v.name().equals(f.stack + "_data"));
        assertThat(f.reasons()).contains("Deleted stack " + f.stack);
    }
}
