package dev.stackd.api.compose;

import dev.stackd.api.compose.yaml.YNode;
import dev.stackd.api.model.ServiceSpec.PortSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * ports, both syntaxes: "[host_ip:][published:]target[/protocol]" with ranges ("3000-3005", "9090-9091:8080-8081"),
 * and the long form. A range becomes one PortSpec per port, once the service's {@link PortBudget} has room for it.
 */
final class PortParser {
    private static final Set<String> PROTOCOLS = Set.of("tcp", "udp", "sctp");
    private final Fields f;

    PortParser(Fields f) {
        this.f = f;
    }

    List<PortSpec> parse(YNode n, String path, PortBudget.Service budget) {
        if (n instanceof YNode.Mapping m) return longForm(m, path, budget);
        String s = f.string(n, path);
        if (s == null) {
            if (n instanceof YNode.Scalar) f.error(path, n, "expected a port, got null");
            return List.of();
        }
        try {
            return shortForm(s.trim(), budget);
        } catch (IllegalArgumentException e) {
            f.error(path, n, "invalid port " + Fields.quote(s) + ": " + e.getMessage());
            return List.of();
        }
    }

    private static List<PortSpec> shortForm(String s, PortBudget.Service budget) {
        String protocol = "tcp";
        int slash = s.lastIndexOf('/');
        if (slash >= 0) {
            protocol = protocol(s.substring(slash + 1));
            s = s.substring(0, slash);
        }
        String hostIp = null;
        if (s.startsWith("[")) {
            int close = s.indexOf("]:");
            if (close < 0) throw new IllegalArgumentException("an IPv6 host address must be written [address]:published:target");
            hostIp = s.substring(1, close);
            s = s.substring(close + 2);
            if (!s.contains(":")) throw new IllegalArgumentException("a host address needs a published port: [address]:published:target");
        }
        String[] parts = s.split(":", -1);
        String published;
        String target;
        switch (parts.length) {
            case 1 -> { published = null; target = parts[0]; }
            case 2 -> { published = parts[0]; target = parts[1]; }
            default -> {
                if (hostIp != null) throw new IllegalArgumentException("too many ':'");
                // as compose: what comes before the last two parts is the address, so "::1:8080:80" is [::1]:8080:80
                hostIp = String.join(":", java.util.Arrays.asList(parts).subList(0, parts.length - 2));
                published = parts[parts.length - 2];
                target = parts[parts.length - 1];
            }
        }
        if (hostIp != null && hostIp.isEmpty()) hostIp = null;
        checkHostIp(hostIp);
        if (published != null && published.isEmpty()) published = null;
        int[] targets = range(target, "container port");
        if (published == null) {
            budget.take(targets[1] - targets[0] + 1L);
            List<PortSpec> out = new ArrayList<>();
            for (int t = targets[0]; t <= targets[1]; t++) out.add(new PortSpec(hostIp, null, t, protocol));
            return out;
        }
        int[] publishedRange = range(published, "published port");
        int count = targets[1] - targets[0];
        if (count == 0 && publishedRange[1] != publishedRange[0]) {
            // as compose (go-connections nat.ParsePortSpec): one container port, a range of host ports to pick from
            budget.take(1);
            return List.of(new PortSpec(hostIp, publishedRange[0], targets[0], protocol, publishedRange[1]));
        }
        if (publishedRange[1] - publishedRange[0] != count) {
            throw new IllegalArgumentException("the published range has " + (publishedRange[1] - publishedRange[0] + 1L)
                    + " ports and the container range " + (count + 1L) + ": they must have the same length (or give one container port)");
        }
        budget.take(count + 1L);
        List<PortSpec> out = new ArrayList<>();
        for (int i = 0; i <= count; i++) out.add(new PortSpec(hostIp, publishedRange[0] + i, targets[0] + i, protocol));
        return out;
    }

    private List<PortSpec> longForm(YNode.Mapping m, String path, PortBudget.Service budget) {
        Keys.PORT.check(m, path, f.problems());
        Long target = f.integer(m, "target", path, Ranges.PORT);
        if (target == null) {
            if (!m.has("target")) f.error(path, m, "a port needs a target (the container port)");
            return List.of();
        }
        String protocol = "tcp";
        String p = f.string(m, "protocol", path);
        if (p != null) {
            try {
                protocol = protocol(p);
            } catch (IllegalArgumentException e) {
                f.error(Fields.child(path, "protocol"), m.get("protocol"), e.getMessage());
            }
        }
        String mode = f.string(m, "mode", path);
        if (mode != null && !mode.equals("host") && !mode.equals("ingress")) {
            f.error(Fields.child(path, "mode"), m.get("mode"), "port mode must be host or ingress, got \"" + mode + "\"");
        }
        String hostIp = f.string(m, "host_ip", path);
        if (hostIp != null && !hostIp.isEmpty() && !HostAddress.isValid(hostIp)) {
            f.error(Fields.child(path, "host_ip"), m.get("host_ip"), "invalid host IP address " + Fields.quote(hostIp)
                    + ": expected an IPv4 or IPv6 address");
            return List.of();
        }
        String published = f.string(m, "published", path);
        Integer publishedPort = null;
        Integer publishedEnd = null;
        if (published != null && !published.isEmpty()) {
            try {
                int[] r = range(published, "published port");
                publishedPort = r[0];
                // a range for the one target: the engine binds the first free port of it, as in the short syntax
                if (r[1] != r[0]) publishedEnd = r[1];
            } catch (IllegalArgumentException e) {
                f.error(Fields.child(path, "published"), m.get("published"), "invalid port " + Fields.quote(published) + ": " + e.getMessage());
                return List.of();
            }
        }
        try {
            budget.take(1);
        } catch (IllegalArgumentException e) {
            f.error(path, m, "invalid port: " + e.getMessage());
            return List.of();
        }
        return List.of(new PortSpec(hostIp, publishedPort, Math.toIntExact(target), protocol, publishedEnd));
    }

    private static void checkHostIp(String ip) {
        if (ip != null && !HostAddress.isValid(ip)) {
            throw new IllegalArgumentException("invalid host IP address " + Fields.quote(ip) + ": expected an IPv4 or IPv6 address");
        }
    }

    private static String protocol(String p) {
        String lower = p.toLowerCase(java.util.Locale.ROOT);
        if (!PROTOCOLS.contains(lower)) throw new IllegalArgumentException("unknown protocol \"" + p + "\": use tcp, udp or sctp");
        return lower;
    }

    /** "80" or "3000-3005" as [low, high]. */
    static int[] range(String s, String what) {
        int dash = s.indexOf('-');
        int low = port(dash < 0 ? s : s.substring(0, dash), what);
        int high = dash < 0 ? low : port(s.substring(dash + 1), what);
        if (high < low) throw new IllegalArgumentException("the range " + s + " ends before it starts");
        return new int[] {low, high};
    }

    private static int port(String s, String what) {
        String t = s.trim();
        if (!Units.isInteger(t)) throw new IllegalArgumentException(what + " " + Fields.quote(s) + " is not a number");
        Long v = Units.parseLong(t);
        if (v == null || !Ranges.PORT.contains(v)) {
            throw new IllegalArgumentException(what + " " + Fields.abbreviate(t) + " must be " + Ranges.PORT.describe());
        }
        return Math.toIntExact(v);
    }
}
