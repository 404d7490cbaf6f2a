package io.github.agentstrace.net;

import java.util.List;
import java.util.Locale;

/**
 * The one {@code Host} check of our servers, against DNS rebinding: a page whose own DNS name was pointed at
 * 127.0.0.1 reaches a loopback server with that name in {@code Host}. So a request must carry exactly one
 * {@code Host}, on the server's port, naming {@code localhost}, the address the server was bound to as given,
 * or an IP literal (rebinding needs a DNS name of the attacker's, so no IP literal can be one).
 */
public final class HostRule {
    private final String bound;
    private final int port;

    /**
     * @param boundHost the address the server was told to listen on ({@code --host})
     * @param port      the port it actually listens on
     */
    public HostRule(String boundHost, int port) {
        this.bound = LocalServer.urlHost(boundHost.strip().toLowerCase(Locale.ROOT));
        this.port = port;
    }

    /** Whether the request's {@code Host} headers (null when absent) pass: exactly one, and {@link #allows(String)}. */
    public boolean allows(List<String> hostHeaders) {
        return hostHeaders != null && hostHeaders.size() == 1 && allows(hostHeaders.get(0));
    }

    /** Whether one {@code Host} value names this server: {@code name:port} with the rule's name and our port. */
    public boolean allows(String hostHeader) {
        if (hostHeader == null) {
            return false;
        }
        String h = hostHeader.strip().toLowerCase(Locale.ROOT);
        int split = h.startsWith("[") ? h.indexOf(']') + 1 : h.lastIndexOf(':');
        if (split <= 0 || split >= h.length() || h.charAt(split) != ':'
                || !h.substring(split + 1).equals(Integer.toString(port))) {
            return false;
        }
        String name = h.substring(0, split);
        return name.equals("localhost") || name.equals(bound) || isIpLiteral(name);
    }

    /**
     * Whether a page at {@code host} (an {@code Origin}'s host, any port) is this machine's own: {@code localhost},
     * a loopback address or the bound address. Unlike {@link #allows(String)} no other IP literal passes: an
     * Origin names where a page came from, and a page from any public address is foreign.
     */
    public boolean isOwnPage(String host) {
        String h = LocalServer.urlHost(host.strip().toLowerCase(Locale.ROOT));
        return h.equals("localhost") || h.equals(bound) || h.equals("[::1]")
                || (h.startsWith("127.") && isIpLiteral(h));
    }

    /** How to reach this server, for a refusal's message: {@code localhost, <bound> or an IP address on port N}. */
    public String expected() {
        return "localhost, " + bound + " or an IP address on port " + port;
    }

    private static boolean isIpLiteral(String name) {
        if (name.startsWith("[") && name.endsWith("]")) {
            String inner = name.substring(1, name.length() - 1);
            return !inner.isEmpty() && inner.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
        }
        int parts = 0;
        int start = 0;
        while (true) {
            int dot = name.indexOf('.', start);
            int end = dot < 0 ? name.length() : dot;
            if (end == start || end - start > 3 || !isOctet(name, start, end)) {
                return false;
            }
            parts++;
            if (dot < 0) {
                return parts == 4;
            }
            start = dot + 1;
        }
    }

    private static boolean isOctet(String s, int start, int end) {
        int v = 0;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            v = v * 10 + (c - '0');
        }
        return v <= 255;
    }
}
