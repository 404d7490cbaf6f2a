package io.github.agentstrace.web;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * What every request to {@code serve} must pass before anything is read: a read-only method, a {@code Host}
 * header naming this server (so a web page cannot reach it through DNS rebinding), and, when the server
 * listens beyond loopback, the access token. Also the headers every response carries.
 *
 * <p>The {@code Host} rule: its port must be the server's, and its name must be {@code localhost}, the
 * {@code --host} name as given, or an IP literal. An IP literal is safe: rebinding needs a name the attacker
 * controls, and a browser that was given an address sends that address.
 */
final class Guard {
    /** The cookie that carries the token after the first request with {@code ?token=}. */
    static final String COOKIE = "agent_strace_token";

    /** Why a request was refused: its HTTP status and one line. */
    record Refusal(int status, String message) {
    }

    private final String host;
    private final int port;
    private final String token;

    /**
     * @param host  the {@code --host} value
     * @param port  the port the server listens on
     * @param token the access token, or null when none is needed (loopback)
     */
    Guard(String host, int port, String token) {
        this.host = host.toLowerCase(Locale.ROOT);
        this.port = port;
        this.token = token;
    }

    /** A fresh random token: 32 bytes from SecureRandom, URL-safe. */
    static String newToken() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** True when {@code host} names this machine only. */
    static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The reason to refuse a request, or null to serve it. Headers are lists as the server gives them. */
    Refusal check(String method, URI uri, List<String> hostHeaders, List<String> cookies) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return new Refusal(405, "read-only: only GET and HEAD are served");
        }
        if (hostHeaders == null || hostHeaders.size() != 1 || !hostAllowed(hostHeaders.get(0))) {
            return new Refusal(421, "this server answers only to localhost, " + host + " or an IP address on port " + port);
        }
        if (token != null && !tokenGiven(uri, cookies)) {
            return new Refusal(401, "this server needs its access token: open the URL it printed when it started");
        }
        return null;
    }

    /** True when the request carries the token in its query (to be kept in a cookie). */
    boolean tokenInQuery(URI uri) {
        return token != null && matches(queryToken(uri));
    }

    String token() {
        return token;
    }

    private boolean tokenGiven(URI uri, List<String> cookies) {
        if (matches(queryToken(uri))) {
            return true;
        }
        if (cookies != null) {
            for (String header : cookies) {
                for (String part : header.split(";")) {
                    String p = part.strip();
                    if (p.startsWith(COOKIE + "=") && matches(p.substring(COOKIE.length() + 1))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private boolean matches(String given) {
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8));
    }

    private static String queryToken(URI uri) {
        String q = uri.getRawQuery();
        if (q == null) {
            return null;
        }
        for (String pair : q.split("&")) {
            if (pair.startsWith("token=")) {
                return pair.substring("token=".length());
            }
        }
        return null;
    }

    boolean hostAllowed(String header) {
        String h = header.strip().toLowerCase(Locale.ROOT);
        String name;
        String portText;
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            if (close < 0) {
                return false;
            }
            name = h.substring(0, close + 1);
            portText = h.substring(close + 1);
        } else {
            int colon = h.lastIndexOf(':');
            name = colon < 0 ? h : h.substring(0, colon);
            portText = colon < 0 ? "" : h.substring(colon);
        }
        if (!portText.equals(":" + port)) {
            return false;
        }
        return name.equals("localhost") || name.equals(host) || isIpLiteral(name);
    }

    private static boolean isIpLiteral(String name) {
        if (name.startsWith("[") && name.endsWith("]")) {
            String inner = name.substring(1, name.length() - 1);
            return !inner.isEmpty() && inner.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
        }
        String[] parts = name.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }
}
