package dev.stackd.api.compose;

import java.util.Locale;

/**
 * The host address of a published port, read as compose reads it (Go's {@code net.ParseIP}: dotted IPv4 without
 * leading zeros, IPv6 with at most one "::" and an optional dotted IPv4 tail, no zone), and the key under which the
 * engine's ports conflict: no address binds every address of both families (the engine binds 0.0.0.0 and ::), so
 * it conflicts with every claim on the same port and protocol; 0.0.0.0 binds every IPv4 address and :: every IPv6
 * address (the engine's proxy listens on tcp6 there: "0.0.0.0:80" and "[::]:80" are the two halves of a plain "80",
 * and "127.0.0.1:80" beside "[::]:80" runs); two specific addresses conflict when they are the same address,
 * however written ("::1" and "0:0::1").
 */
public final class HostAddress {
    /** The key of no address: both families' unspecified addresses. */
    public static final String ANY = "*";
    /** The key of 0.0.0.0: every IPv4 address. */
    public static final String ANY4 = "0.0.0.0";
    /** The key of :: (however written): every IPv6 address. */
    public static final String ANY6 = "::";

    private HostAddress() {}

    /** Whether {@code ip} is an IPv4 or IPv6 address as compose accepts it in a port. */
    public static boolean isValid(String ip) {
        return bytes(ip) != null;
    }

    /**
     * {@link #ANY} for no address, {@link #ANY4} and {@link #ANY6} for the unspecified ones, else the address in one
     * canonical form (an IPv4-mapped IPv6 address as IPv4); an invalid address is its own key.
     */
    public static String key(String ip) {
        if (ip == null || ip.isEmpty()) return ANY;
        byte[] b = bytes(ip);
        if (b == null) return ip;
        boolean zero = true;
        for (byte x : b) zero &= x == 0;
        if (zero) return b.length == 4 ? ANY4 : ANY6;
        if (b.length == 4) return (b[0] & 255) + "." + (b[1] & 255) + "." + (b[2] & 255) + "." + (b[3] & 255);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 16; i += 2) {
            if (i > 0) out.append(':');
            out.append(Integer.toHexString(((b[i] & 255) << 8) | (b[i + 1] & 255)));
        }
        return out.toString();
    }

    /** Whether a key (of {@link #key}) is an IPv6 address; {@link #ANY} is of both families, so neither. */
    static boolean isIpv6Key(String key) {
        return key.indexOf(':') >= 0;
    }

    /** 4 bytes (IPv4, or IPv4-mapped IPv6), 16 bytes (IPv6), or null when not an address. */
    private static byte[] bytes(String ip) {
        if (ip == null || ip.isEmpty() || ip.length() > 45) return null;
        return ip.indexOf(':') < 0 ? ipv4(ip) : ipv6(ip.toLowerCase(Locale.ROOT));
    }

    private static byte[] ipv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) return null;
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            // Go refuses leading zeros since 1.17: "010" would be octal to some readers and decimal to others
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) return null;
            int v = 0;
            for (char c : p.toCharArray()) {
                if (c < '0' || c > '9') return null;
                v = v * 10 + (c - '0');
            }
            if (v > 255) return null;
            out[i] = (byte) v;
        }
        return out;
    }

    private static byte[] ipv6(String s) {
        byte[] out = new byte[16];
        int gap = -1; // where "::" stands, in bytes
        int n = 0;
        int i = 0;
        if (s.startsWith("::")) {
            gap = 0;
            i = 2;
            if (i == s.length()) return out;
        }
        while (i < s.length()) {
            if (n == 16) return null;
            int end = i;
            while (end < s.length() && s.charAt(end) != ':') end++;
            String group = s.substring(i, end);
            if (group.indexOf('.') >= 0) {
                // a dotted IPv4 tail fills the last 4 bytes
                if (end != s.length() || n > 12) return null;
                byte[] v4 = ipv4(group);
                if (v4 == null) return null;
                System.arraycopy(v4, 0, out, n, 4);
                n += 4;
                break;
            }
            if (group.isEmpty() || group.length() > 4) return null;
            int v = 0;
            for (char c : group.toCharArray()) {
                int d = Character.digit(c, 16);
                if (d < 0) return null;
                v = v * 16 + d;
            }
            out[n++] = (byte) (v >> 8);
            out[n++] = (byte) v;
            if (end == s.length()) break;
            i = end + 1; // past ':'
            if (i < s.length() && s.charAt(i) == ':') {
                if (gap >= 0) return null; // a second "::"
                gap = n;
                i++;
                if (i == s.length()) break;
            } else if (i == s.length()) {
                return null; // a trailing single ':'
            }
        }
        if (gap < 0) {
            if (n != 16) return null;
        } else {
            if (n == 16) return null; // "::" must stand for at least one group
            int tail = n - gap;
            System.arraycopy(out, gap, out, 16 - tail, tail);
            java.util.Arrays.fill(out, gap, 16 - tail, (byte) 0);
        }
        boolean mapped = true;
        for (int k = 0; k < 10; k++) mapped &= out[k] == 0;
        if (mapped && out[10] == (byte) 0xff && out[11] == (byte) 0xff) return java.util.Arrays.copyOfRange(out, 12, 16);
        return out;
    }
}
