package dev.stackd.controller.plan;

import dev.stackd.controller.testing.RecordingEngine;
import static dev.stackd.controller.testing.Specs.service;
import static dev.stackd.controller.testing.Specs.stack;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.api.model.NetworkSpec;
import dev.stackd.api.model.NetworkSpec.Ipam;
import dev.stackd.api.model.NetworkSpec.IpamConfig;
import dev.stackd.api.model.StackSpec;
import dev.stackd.api.model.VolumeSpec;
import dev.stackd.controller.engine.Labels;
import dev.stackd.controller.engine.ObservedNetwork;
import dev.stackd.controller.engine.ObservedNetwork.Subnet;
import dev.stackd.controller.engine.ObservedVolume;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Drift in a network's or a volume's own settings: golden plans, and what must not count as drift. */
class PlannerSettingsDriftTest {
    private final Planner planner = new Planner();

    private static NetworkSpec network(String name, String driver, boolean internal, Map<String, String> opts, Ipam ipam,
                                       Map<String, String> labels) {
        return new NetworkSpec(name, driver, new TreeMap<>(opts), internal, false, false, null, ipam, new TreeMap<>(labels));
    }

    /** The demo stack with back as given. */
    private static StackSpec demoWith(NetworkSpec back) {
        var demo = PlannerGoldenTest.demo();
        return stack("demo").network("front").network("back", back).volume("data")
                .service(service("db").image("postgres:16").volume("data", "/var/lib/postgresql/data").healthcheck()
                        .stopGrace(demo.service("db").stopGracePeriod()).network("back"))
                .service(service("web").image("nginx:1.27").port(8080, 80).network("front", "www").network("back")
                        .dependsOn("db", "service_healthy"))
                .spec();
    }

    @Test
    void networkSettingsChangedRecreatesTheNetworkAndReconnects() {
        var changed = demoWith(network("demo_back", "macvlan", true, Map.of(), null, Map.of()));
        var plan = planner.plan(changed, RecordingEngine.converged(PlannerGoldenTest.demo()).state());
        assertThat(plan.infrastructure()).filteredOn(op -> op instanceof Operation.CreateNetwork)
                .extracting(Operation::reason).containsExactly("NetworkRecreated");
        Golden.assertMatches("network-settings-changed", plan.render());
    }

    @Test
    void networkSettingsChangedConverges() {
        var changed = demoWith(network("demo_back", "bridge", true, Map.of("com.docker.network.bridge.name", "br-back"), null, Map.of()));
        var world = RecordingEngine.converged(PlannerGoldenTest.demo());
        for (int pass = 0; pass < 3; pass++) {
            var plan = planner.plan(changed, world.state());
            if (plan.isEmpty()) return;
            world.run(plan, s -> changed.service(s).healthcheck() != null);
        }
        throw new AssertionError("no convergence: " + planner.plan(changed, world.state()).render());
    }

    /** What an engine reports of a network stackd made before it wrote the settings hash: the same, less that label. */
    private static ObservedNetwork legacy(ObservedNetwork n, Map<String, String> options, List<Subnet> subnets) {
        var labels = new HashMap<>(n.labels());
        labels.remove(Labels.SPEC_HASH);
        return new ObservedNetwork(n.id(), n.name(), n.driver(), n.internal(), n.attachable(), n.enableIpv6(), options, subnets, labels);
    }

    @Test
    void aNetworkWithoutTheHashLabelIsAdoptedWhenItsFieldsMatch() {
        var back = network("demo_back", "bridge", true, Map.of("com.docker.network.bridge.name", "br-back"),
                new Ipam(null, List.of(new IpamConfig("10.5.0.0/16", null, "10.5.0.1")), new TreeMap<>()), Map.of("tier", "back"));
        var desired = demoWith(back);
        var converged = RecordingEngine.converged(desired).state().networks();
        var world = RecordingEngine.converged(desired)
                // front: the spec leaves driver, IPAM and IPv6 to the engine, which picked its own
                .network(legacy(converged.get("demo_front"), Map.of(), List.of(new Subnet("172.21.0.0/16", null, "172.21.0.1"))))
                // back: the engine adds an option of its own and writes the subnet its way; neither is drift
                .network(legacy(converged.get("demo_back"),
                        Map.of("com.docker.network.bridge.name", "br-back", "com.docker.network.driver.mtu", "1500"),
                        List.of(new Subnet("10.5.0.0/16", null, "10.5.0.1"))));
        var plan = planner.plan(desired, world.state());
        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.notices()).isEmpty();
        Golden.assertMatches("network-legacy-matching", plan.render());
    }

    @Test
    void aNetworkWithoutTheHashLabelIsRecreatedWhenAReportedFieldDiffers() {
        var desired = demoWith(network("demo_back", null, true, Map.of(), null, Map.of()));
        var converged = RecordingEngine.converged(PlannerGoldenTest.demo()).state().networks();
        var world = RecordingEngine.converged(PlannerGoldenTest.demo()).network(legacy(converged.get("demo_back"), Map.of(), List.of()));
        Golden.assertMatches("network-legacy-changed", planner.plan(desired, world.state()).render());
    }

    @Test
    void externalAndForeignNetworksAreNeverRecreated() {
        var desired = stack("demo").externalNetwork("shared", "proxy").network("front")
                .service(service("api").image("api:1").network("shared").network("front"))
                .spec();
        var world = RecordingEngine.converged(desired)
                // external: made by someone else, with other settings (and even stackd's labels of another stack)
                .network(new ObservedNetwork("id-proxy", "proxy", "macvlan", true, true, true, Map.of("parent", "eth0"),
                        List.of(), Map.of(Labels.STACK, "other")))
                // a network under the wanted name that stackd did not make: used as it is
                .network(new ObservedNetwork("id-demo_front", "demo_front", "bridge", true, Map.of("owner", "someone")));
        var plan = planner.plan(desired, world.state());
        assertThat(plan.isEmpty()).isTrue();
        Golden.assertMatches("network-external-differs", plan.render());
    }

    @Test
    void volumeDriftIsAWarningAndChangesNothing() {
        var desired = stack("demo")
                .volume("data", new VolumeSpec("demo_data", null, new TreeMap<>(Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=64m")),
                        false, new TreeMap<>()))
                .volume("logs", new VolumeSpec("demo_logs", "local", new TreeMap<>(), false, new TreeMap<>()))
                .externalVolume("media", "media-archive")
                .service(service("db").image("postgres:16").volume("data", "/data").volume("logs", "/logs").volume("media", "/media"))
                .spec();
        var world = RecordingEngine.converged(desired)
                .volume(new ObservedVolume("demo_data", "local", Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=32m"),
                        ObjectLabels.volume("demo", "data", desired.volumes().get("data"))))
                .volume(new ObservedVolume("demo_logs", "example/nfs", Map.of("share", "logs"),
                        ObjectLabels.volume("demo", "logs", desired.volumes().get("logs"))))
                .volume(new ObservedVolume("media-archive", "example/s3", Map.of("bucket", "media"), Map.of()));
        var plan = planner.plan(desired, world.state());
        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.notices()).extracting(Notice::reason).containsExactly("VolumeConfigDrift", "VolumeConfigDrift");
        Golden.assertMatches("volume-config-drift", plan.render());
    }

    @Test
    void subnetsAndGatewaysCompareAsAddresses() {
        assertThat(NetworkDrift.sameAddress("2001:db8::/64", "2001:0db8:0:0::/64")).isTrue();
        assertThat(NetworkDrift.sameAddress("10.5.0.1", "10.5.0.1")).isTrue();
        assertThat(NetworkDrift.sameAddress("10.5.0.0/16", "10.5.0.0/24")).isFalse();
        assertThat(NetworkDrift.sameAddress("10.5.0.0/16", "10.6.0.0/16")).isFalse();
        assertThat(NetworkDrift.sameAddress("not-an-address", "not-an-address")).isTrue(); // compared as text, never looked up
    }
}
