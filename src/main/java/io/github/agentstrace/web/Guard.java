package io.github.agentstrace.web;

import io.github.agentstrace.net.HostRule;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * What every request to {@code serve} must pass before anything is read: a read-only method, a {@code Host}
 * header naming this server (so a web page cannot reach it through DNS rebinding), and, when the server
 * listens beyond loopback, the access token. Also the headers every response carries.
 *
 * <p>The {@code Host} rule is every server's ({@link HostRule}).
 */
final class Guard {
    /** The cookie that carries the token after the first request with {@code ?token=}. */
    static final String COOKIE = "agent_strace_token";

    /** Why a request was refused: its HTTP status and one line. */
    record Refusal(int status, String message) {
    }

    private final HostRule hosts;
    private final String token;

    /**
     * @param host  the {@code --host} value
     * @param port  the port the server listens on
     * @param token the access token, or null when none is needed (loopback)
     */
    Guard(String host, int port, String token) {
        this.hosts = new HostRule(host, port);
        this.token = token;
    }

    /** A fresh random token: 32 bytes from SecureRandom, URL-safe. */
    static String newToken() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The reason to refuse a request, or null to serve it. Headers are lists as the server gives them. */
    Refusal check(String method, URI uri, List<String> hostHeaders, List<String> cookies) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return new Refusal(405, "read-only: only GET and HEAD are served");
        }
        if (!hosts.allows(hostHeaders)) {
            return new Refusal(421, "this server answers only to " + hosts.expected());
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
}
