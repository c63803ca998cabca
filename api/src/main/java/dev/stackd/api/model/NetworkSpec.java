package dev.stackd.api.model;

import java.util.List;
import java.util.SortedMap;

/** A top-level network. name is the engine's name: "{stack}_{key}" unless set or external. */
public record NetworkSpec(
        String name,
        String driver,
        SortedMap<String, String> driverOpts,
        boolean internal,
        boolean attachable,
        boolean external,
        Boolean enableIpv6,
        Ipam ipam,
        SortedMap<String, String> labels) {

    public NetworkSpec {
        driverOpts = Maps.sorted(driverOpts);
        labels = Maps.sorted(labels);
    }

    public record Ipam(String driver, List<IpamConfig> config, SortedMap<String, String> options) {
        public Ipam {
            config = Maps.list(config);
            options = Maps.sorted(options);
        }
    }

    public record IpamConfig(String subnet, String ipRange, String gateway) {}
}
