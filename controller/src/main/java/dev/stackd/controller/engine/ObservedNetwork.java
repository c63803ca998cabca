package dev.stackd.controller.engine;

import java.util.List;
import java.util.Map;

/**
 * A network as the engine's list call reports it: enough to see that it exists, whose it is, and how it was made.
 *
 * @param options the driver options (compose's driver_opts) as the engine reports them; it may add its own
 * @param subnets the IPAM configs: the ones asked for, or the ones the engine picked
 */
public record ObservedNetwork(String id, String name, String driver, boolean internal, boolean attachable, boolean enableIpv6,
                              Map<String, String> options, List<Subnet> subnets, Map<String, String> labels) {
    public ObservedNetwork {
        options = options == null ? Map.of() : Map.copyOf(options);
        subnets = subnets == null ? List.of() : List.copyOf(subnets);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** A network made with the engine's defaults for everything but driver and internal. */
    public ObservedNetwork(String id, String name, String driver, boolean internal, Map<String, String> labels) {
        this(id, name, driver, internal, false, false, Map.of(), List.of(), labels);
    }

    /** One IPAM config; ipRange and gateway may be null. */
    public record Subnet(String subnet, String ipRange, String gateway) {}
}
