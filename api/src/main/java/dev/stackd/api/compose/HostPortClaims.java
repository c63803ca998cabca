package dev.stackd.api.compose;

import java.util.HashMap;
import java.util.Map;

/**
 * Host ports claimed by published ports, checked the way the engine conflicts: a claim is on (address, port,
 * protocol); an unspecified address (none, 0.0.0.0, ::) conflicts with every claim on its port and protocol, a
 * specific one with an unspecified one or one on the same address (see {@link HostAddress#key}). Each check and
 * each claim costs a constant number of lookups.
 *
 * @param <T> what a claim records about its owner (a field path, a service)
 */
public final class HostPortClaims<T> {
    /** order: when the claim was made, among those of its port; the earliest conflicting claim is the one named. */
    private record Claim<T>(String address, int order, T owner) {}

    /** The claims on one port and protocol: the first, the first on an unspecified address, the first on each address. */
    private static final class OnePort<T> {
        int count;
        Claim<T> first;
        Claim<T> any;
        final Map<String, Claim<T>> byAddress = new HashMap<>();
    }

    private final Map<String, OnePort<T>> ports = new HashMap<>();

    /** The owner of the earliest claim {@code (hostIp, port, protocol)} conflicts with, or null. */
    public T conflict(String hostIp, int port, String protocol) {
        OnePort<T> claims = ports.get(port + "/" + protocol);
        if (claims == null) return null;
        String address = HostAddress.key(hostIp);
        Claim<T> c;
        if (address.equals(HostAddress.ANY)) {
            c = claims.first;
        } else {
            Claim<T> same = claims.byAddress.get(address);
            c = same == null ? claims.any : claims.any == null || same.order() < claims.any.order() ? same : claims.any;
        }
        return c == null ? null : c.owner();
    }

    /** Records a claim (a conflicting one too: the first claim of each address stays the one named). */
    public void claim(String hostIp, int port, String protocol, T owner) {
        OnePort<T> claims = ports.computeIfAbsent(port + "/" + protocol, k -> new OnePort<>());
        String address = HostAddress.key(hostIp);
        Claim<T> c = new Claim<>(address, claims.count++, owner);
        if (claims.first == null) claims.first = c;
        if (address.equals(HostAddress.ANY)) {
            if (claims.any == null) claims.any = c;
        } else {
            claims.byAddress.putIfAbsent(address, c);
        }
    }

    /** How a claim's address is shown: "0.0.0.0" for every unspecified one. */
    public static String shown(String hostIp) {
        return hostIp == null || hostIp.isEmpty() ? "0.0.0.0" : hostIp;
    }
}
