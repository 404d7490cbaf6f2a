package io.github.agentstrace.proxy;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Maps the proxy's paths onto the upstream and back.
 *
 * <p>The proxy's {@code /} is the upstream URL's path as given, and {@code /x/y?q} is {@code <upstream path>/x/y?q}
 * (query strings kept; a query in the upstream URL comes first). URLs the upstream hands out that lie
 * outside its path or on another origin (a legacy SSE {@code endpoint} such as {@code /message?sessionId=..}
 * beside {@code /sse}) get an alias path {@code /.agent-strace/o/<n>/...}; {@code n} indexes origins the
 * upstream itself named, so the proxy never becomes an open relay to arbitrary hosts.
 */
final class UpstreamRoutes {
    static final String ALIAS = "/.agent-strace/o/";

    private final URI upstream;
    private final String rootPath;
    private final String basePath;
    private final String baseQuery;
    private final List<String> origins = new CopyOnWriteArrayList<>();

    UpstreamRoutes(URI upstream) {
        this.upstream = upstream;
        String path = upstream.getRawPath() == null ? "" : upstream.getRawPath();
        this.rootPath = path.isEmpty() ? "/" : path;
        this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        this.baseQuery = upstream.getRawQuery();
        origins.add(origin(upstream));
    }

    URI upstream() {
        return upstream;
    }

    /** The upstream URI for a request to the proxy, or null for an alias the proxy never handed out. */
    URI toUpstream(String rawPath, String rawQuery) {
        String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        if (path.startsWith(ALIAS)) {
            String rest = path.substring(ALIAS.length());
            int slash = rest.indexOf('/');
            String index = slash < 0 ? rest : rest.substring(0, slash);
            int n;
            try {
                n = Integer.parseInt(index);
            } catch (NumberFormatException e) {
                return null;
            }
            if (n < 0 || n >= origins.size()) {
                return null;
            }
            String tail = slash < 0 ? "/" : rest.substring(slash);
            return URI.create(origins.get(n) + tail + (rawQuery == null ? "" : "?" + rawQuery));
        }
        String target = path.equals("/") ? rootPath : basePath + path;
        String query = join(baseQuery, rawQuery);
        return URI.create(origins.get(0) + target + (query == null ? "" : "?" + query));
    }

    /**
     * The proxy path (with query) that reaches an absolute upstream URI: under the base path when it
     * lies there, else an alias, registering a new origin if the upstream named another server.
     */
    String toProxy(URI absolute) {
        String origin = origin(absolute);
        String path = absolute.getRawPath() == null || absolute.getRawPath().isEmpty() ? "/" : absolute.getRawPath();
        String query = absolute.getRawQuery();
        String mapped = null;
        if (origin.equals(origins.get(0)) && sameQueryPrefix(query)) {
            if (path.equals(rootPath)) {
                mapped = "/";
            } else if (path.startsWith(basePath + "/") && path.length() > basePath.length() + 1) {
                mapped = path.substring(basePath.length());
            }
            if (mapped != null) {
                query = stripBaseQuery(query);
            }
        }
        if (mapped == null) {
            mapped = ALIAS + register(origin) + path;
        }
        String fragment = absolute.getRawFragment();
        return mapped + (query == null ? "" : "?" + query) + (fragment == null ? "" : "#" + fragment);
    }

    private boolean sameQueryPrefix(String query) {
        return baseQuery == null || (query != null && (query.equals(baseQuery) || query.startsWith(baseQuery + "&")));
    }

    private String stripBaseQuery(String query) {
        if (baseQuery == null || query == null) {
            return query;
        }
        return query.equals(baseQuery) ? null : query.substring(baseQuery.length() + 1);
    }

    private synchronized int register(String origin) {
        int i = origins.indexOf(origin);
        if (i >= 0) {
            return i;
        }
        origins.add(origin);
        return origins.size() - 1;
    }

    private static String join(String a, String b) {
        if (a == null || a.isEmpty()) {
            return b;
        }
        return b == null || b.isEmpty() ? a : a + "&" + b;
    }

    /** {@code scheme://host[:port]} in lower case, the default port left out. */
    static String origin(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        int port = uri.getPort();
        boolean defaultPort = port < 0 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        return scheme + "://" + host + (defaultPort ? "" : ":" + port);
    }
}
