package dev.stackd.controller.plan;

import dev.stackd.api.model.NetworkSpec;
import dev.stackd.controller.engine.Labels;
import dev.stackd.controller.engine.ObservedNetwork;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Whether a network stackd made still has the spec's settings. The engine cannot change a network in place, so a
 * difference means a recreate; being wrong costs every attached container a disconnect, so the test is careful:
 * <ul>
 * <li>a network with a settings hash ({@link NetworkHash}, written at creation) differs when the hash does;</li>
 * <li>a network made before stackd wrote the hash is compared field by field, and only where the engine reports what
 * was asked for: a setting the spec leaves to the engine (driver, enable_ipv6, IPAM) is not compared, and driver
 * options and labels the engine has beyond the spec's are allowed. A missing hash alone is never a difference.</li>
 * </ul>
 */
final class NetworkDrift {
    private NetworkDrift() {}

    /** Why the network must be recreated ("config changed (internal false -> true)"), or null when it need not be. */
    static String cause(NetworkSpec spec, ObservedNetwork observed) {
        String hash = observed.labels().get(Labels.SPEC_HASH);
        if (hash == null) {
            var differences = differences(spec, observed, false);
            return differences.isEmpty() ? null : "config changed (" + String.join(", ", differences) + ")";
        }
        if (hash.equals(NetworkHash.of(spec))) return null;
        var differences = differences(spec, observed, true);
        // a setting the list call does not show (IPAM driver or options) changed
        return "config changed (" + (differences.isEmpty() ? "settings hash" : String.join(", ", differences)) + ")";
    }

    /**
     * Each differing setting as "name engine -> spec". Strict: the spec's defaults count as values and maps must be
     * equal (to explain a hash that differs); otherwise only what the spec sets is compared, maps as subsets.
     */
    static List<String> differences(NetworkSpec spec, ObservedNetwork n, boolean strict) {
        var out = new ArrayList<String>();
        if (spec.driver() != null ? !spec.driver().equals(n.driver()) : strict && !"bridge".equals(n.driver()))
            out.add("driver " + n.driver() + " -> " + (spec.driver() == null ? "default" : spec.driver()));
        if (spec.internal() != n.internal()) out.add("internal " + n.internal() + " -> " + spec.internal());
        if (spec.attachable() != n.attachable()) out.add("attachable " + n.attachable() + " -> " + spec.attachable());
        boolean ipv6 = Boolean.TRUE.equals(spec.enableIpv6());
        if ((spec.enableIpv6() != null || strict) && ipv6 != n.enableIpv6())
            out.add("enable_ipv6 " + n.enableIpv6() + " -> " + ipv6);
        if (!matches(spec.driverOpts(), n.options(), strict))
            out.add("driver_opts " + new TreeMap<>(n.options()) + " -> " + spec.driverOpts());
        if (!ipamMatches(spec.ipam(), n.subnets(), strict))
            out.add("ipam " + render(n.subnets()) + " -> " + render(spec.ipam()));
        var own = withoutStackdLabels(n.labels());
        if (!matches(spec.labels(), own, strict)) out.add("labels " + own + " -> " + spec.labels());
        return out;
    }

    /** Equal maps (strict), or every wanted entry present (the engine may add its own). */
    private static boolean matches(Map<String, String> wanted, Map<String, String> actual, boolean strict) {
        if (strict) return wanted.equals(actual);
        return wanted.entrySet().stream().allMatch(e -> Objects.equals(actual.get(e.getKey()), e.getValue()));
    }

    /** Every subnet the spec asks for is there (with its gateway and range when set); strict: and no other. */
    private static boolean ipamMatches(NetworkSpec.Ipam ipam, List<ObservedNetwork.Subnet> actual, boolean strict) {
        if (ipam == null || ipam.config().isEmpty()) return true; // the engine picks: whatever it picked is right
        if (strict && ipam.config().size() != actual.size()) return false;
        for (var want : ipam.config()) {
            if (want.subnet() == null) continue;
            boolean found = actual.stream().anyMatch(a -> sameAddress(want.subnet(), a.subnet())
                    && (want.gateway() == null || sameAddress(want.gateway(), a.gateway()))
                    && (want.ipRange() == null || sameAddress(want.ipRange(), a.ipRange())));
            if (!found) return false;
        }
        return true;
    }

    /** Addresses and CIDRs compared as addresses ("2001:db8::/64" is "2001:0db8:0::/64"); unparsable ones as text. */
    static boolean sameAddress(String a, String b) {
        if (a == null || b == null) return Objects.equals(a, b);
        String[] pa = a.split("/", 2);
        String[] pb = b.split("/", 2);
        if (pa.length != pb.length || (pa.length == 2 && !pa[1].equals(pb[1]))) return false;
        try {
            return literal(pa[0]).equals(literal(pb[0]));
        } catch (UnknownHostException | IllegalArgumentException e) {
            return a.equals(b);
        }
    }

    /** An IP literal only: anything with a letter other than hex digits is not looked up. */
    private static InetAddress literal(String s) throws UnknownHostException {
        if (!s.matches("[0-9a-fA-F:.]+")) throw new IllegalArgumentException("not an IP literal: " + s);
        return InetAddress.getByName(s);
    }

    private static Map<String, String> withoutStackdLabels(Map<String, String> labels) {
        var out = new TreeMap<String, String>();
        labels.forEach((k, v) -> {
            if (!k.startsWith("dev.stackd.") && !k.startsWith("com.docker.compose.")) out.put(k, v);
        });
        return out;
    }

    private static String render(List<ObservedNetwork.Subnet> subnets) {
        return subnets.stream().map(s -> subnet(s.subnet(), s.gateway())).toList().toString();
    }

    private static String render(NetworkSpec.Ipam ipam) {
        return ipam.config().stream().map(c -> subnet(c.subnet(), c.gateway())).toList().toString();
    }

    private static String subnet(String subnet, String gateway) {
        return subnet + (gateway == null ? "" : " gw " + gateway);
    }
}
