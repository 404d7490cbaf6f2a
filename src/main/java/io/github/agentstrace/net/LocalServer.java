package io.github.agentstrace.net;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Binding a server and naming it: the pieces every server of ours needs the same way. */
public final class LocalServer {
    private static final String NODELAY = "sun.net.httpserver.nodelay";

    private LocalServer() {
    }

    /** An unstarted JDK server bound to {@code host:port} (port 0 picks a free one). */
    public static HttpServer bind(String host, int port) throws IOException {
        // The JDK server writes response headers and body in separate segments; with Nagle on, each
        // response then waits for the client's delayed ACK (~40 ms). Read once when the server's
        // configuration class loads, so it must be set before the first server is created.
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
        return HttpServer.create(new InetSocketAddress(host, port), 128);
    }

    /** True when {@code host} names this machine only (so listening there needs no warning). */
    public static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** {@code host} as the host part of a URL or a {@code Host} header: an IPv6 literal gets its brackets. */
    public static String urlHost(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** {@code http://host:port}, without a trailing slash. */
    public static String url(String host, int port) {
        return "http://" + urlHost(host) + ":" + port;
    }
}
