package dev.stackd.controller.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Map;

/**
 * Where {@code stackd serve} listens: {@code --listen}, else {@code $STACKD_LISTEN}, else 127.0.0.1:7777 (loopback
 * only: the API can start containers, so reaching it from elsewhere must be a deliberate choice).
 * Forms: {@code host:port}, {@code [ipv6]:port}, {@code :port} and {@code port} (both loopback).
 */
public record ListenAddress(String host, int port) {
    public static final String ENV = "STACKD_LISTEN";

    public ListenAddress {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port " + port + " is out of range 0-65535");
    }

    public static ListenAddress defaults() {
        return new ListenAddress(HttpServer.DEFAULT_HOST, HttpServer.DEFAULT_PORT);
    }

    /** The flag, else the environment, else the default. */
    public static ListenAddress resolve(String flag, Map<String, String> env) {
        if (flag != null && !flag.isBlank()) return parse(flag);
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) return parse(fromEnv);
        return defaults();
    }

    public static ListenAddress parse(String value) {
        String v = value.strip();
        int colon = v.lastIndexOf(':');
        String host = colon < 0 ? "" : v.substring(0, colon);
        String port = colon < 0 ? v : v.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        else if (host.contains(":")) throw invalid(value, "write an IPv6 address in brackets: [::1]:7777");
        try {
            return new ListenAddress(host.isEmpty() ? HttpServer.DEFAULT_HOST : host, Integer.parseInt(port));
        } catch (NumberFormatException e) {
            throw invalid(value, "the port must be a number");
        }
    }

    /**
     * Whether only this host can connect: a loopback address, or a name that resolves only to loopback ones.
     * A name that does not resolve counts as not loopback (the bind fails anyway).
     */
    public boolean loopback() {
        try {
            var all = InetAddress.getAllByName(host);
            return all.length > 0 && Arrays.stream(all).allMatch(InetAddress::isLoopbackAddress);
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private static IllegalArgumentException invalid(String value, String why) {
        return new IllegalArgumentException("invalid listen address '" + value + "': " + why + " (e.g. 127.0.0.1:7777)");
    }
}
