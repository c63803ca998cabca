package dev.stackd.api.compose;

import java.util.HashMap;
import java.util.Map;

/**
 * Host ports claimed by published ports, checked the way the engine conflicts (see {@link HostAddress}): a claim is
 * on (address, port, protocol); no address conflicts with every claim on its port and protocol; 0.0.0.0 with no
 * address and every IPv4 claim, :: with no address and every IPv6 claim; a specific address with no address, its
 * family's unspecified one, and the same address. Each check and each claim costs a constant number of lookups.
 *
 * @param <T> what a claim records about its owner (a field path, a service)
 */
public final class HostPortClaims<T> {
    /** order: when the claim was made, among those of its port; the earliest conflicting claim is the one named. */
    private record Claim<T>(String address, int order, T owner) {}

    /**
     * The claims on one port and protocol: the first of all, the first on no address, the first of each family
     * (specific or unspecified), the first on each family's unspecified address, the first on each address.
     */
    private static final class OnePort<T> {
        int count;
        Claim<T> first;
        Claim<T> none;
        Claim<T> first4;
        Claim<T> first6;
        final Map<String, Claim<T>> byAddress = new HashMap<>();
    }

    private final Map<String, OnePort<T>> ports = new HashMap<>();

    /** The owner of the earliest claim {@code (hostIp, port, protocol)} conflicts with, or null. */
    public T conflict(String hostIp, int port, String protocol) {
        OnePort<T> claims = ports.get(port + "/" + protocol);
        if (claims == null) return null;
        String address = HostAddress.key(hostIp);
        Claim<T> c = switch (address) {
            case HostAddress.ANY -> claims.first;
            case HostAddress.ANY4 -> earliest(claims.none, claims.first4);
            case HostAddress.ANY6 -> earliest(claims.none, claims.first6);
            default -> earliest(earliest(claims.none, claims.byAddress.get(address)),
                    claims.byAddress.get(HostAddress.isIpv6Key(address) ? HostAddress.ANY6 : HostAddress.ANY4));
        };
        return c == null ? null : c.owner();
    }

    private static <T> Claim<T> earliest(Claim<T> a, Claim<T> b) {
        if (a == null) return b;
        if (b == null) return a;
        return a.order() < b.order() ? a : b;
    }

    /** Records a claim (a conflicting one too: the first claim of each address stays the one named). */
    public void claim(String hostIp, int port, String protocol, T owner) {
        OnePort<T> claims = ports.computeIfAbsent(port + "/" + protocol, k -> new OnePort<>());
        String address = HostAddress.key(hostIp);
        Claim<T> c = new Claim<>(address, claims.count++, owner);
        if (claims.first == null) claims.first = c;
        if (address.equals(HostAddress.ANY)) {
            if (claims.none == null) claims.none = c;
            return;
        }
        if (HostAddress.isIpv6Key(address)) {
            if (claims.first6 == null) claims.first6 = c;
        } else if (claims.first4 == null) {
            claims.first4 = c;
        }
        claims.byAddress.putIfAbsent(address, c);
    }

    /** How a claim's address is shown: "0.0.0.0" for no address (and the address as written otherwise). */
    public static String shown(String hostIp) {
        return hostIp == null || hostIp.isEmpty() ? "0.0.0.0" : hostIp;
    }
}
