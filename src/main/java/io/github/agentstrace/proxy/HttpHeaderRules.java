package io.github.agentstrace.proxy;

import io.github.agentstrace.redact.Redactor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which headers cross the proxy and how they look in a trace.
 *
 * <p>End-to-end headers pass both ways untouched (Authorization, Accept, Content-Type, Mcp-Session-Id,
 * MCP-Protocol-Version, Last-Event-ID, Mcp-Method, Mcp-Name, custom ones). Hop-by-hop headers (RFC 9110
 * §7.6.1, plus any named in {@code Connection}) and the framing headers each hop sets itself
 * (Host, Content-Length) do not. {@code Accept-Encoding} is not forwarded either: the proxy has to read
 * the bodies it records, so it asks the upstream for identity encoding.
 *
 * <p>In the trace, credential headers are always masked, whatever the redaction setting: an
 * Authorization value keeps only its scheme ({@code Bearer [REDACTED:authorization]}).
 */
final class HttpHeaderRules {
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "trailers", "transfer-encoding", "upgrade",
            "host", "content-length", "expect");

    private HttpHeaderRules() {
    }

    /** Header names (lower case) listed in Connection, which are hop-by-hop for this message only. */
    static Set<String> connectionTokens(List<String> connectionValues) {
        Set<String> tokens = new TreeSet<>();
        if (connectionValues != null) {
            for (String v : connectionValues) {
                for (String t : v.split(",")) {
                    if (!t.isBlank()) {
                        tokens.add(t.trim().toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        return tokens;
    }

    /** True when a request header goes on to the upstream. */
    static boolean forwardRequest(String name, Set<String> connectionTokens) {
        String n = name.toLowerCase(Locale.ROOT);
        return !HOP_BY_HOP.contains(n) && !connectionTokens.contains(n) && !n.equals("accept-encoding");
    }

    /** True when a response header goes back to the client. */
    static boolean forwardResponse(String name, Set<String> connectionTokens) {
        String n = name.toLowerCase(Locale.ROOT);
        // Date is set by the proxy's own server; pseudo-headers (":status") exist only in HTTP/2.
        return !HOP_BY_HOP.contains(n) && !connectionTokens.contains(n) && !n.equals("date") && !n.startsWith(":");
    }

    /**
     * Headers as a trace records them: lower-case names, one value or a list, and the values of credential
     * headers (as {@code credentials} names them: Authorization, Cookie, X-Api-Key, ...) masked by it. The
     * caller passes a redactor that is always on, so credentials stay masked even in a {@code --no-redact}
     * session; an Authorization value keeps its scheme.
     */
    static Map<String, Object> recorded(Map<String, List<String>> headers, Redactor credentials) {
        Map<String, Object> out = new LinkedHashMap<>();
        new TreeSet<>(headers.keySet()).forEach(name -> {
            List<String> values = headers.get(name);
            if (name == null || values == null || values.isEmpty()) {
                return;
            }
            String n = name.toLowerCase(Locale.ROOT);
            if (n.equals("content-length") || n.startsWith(":")) {
                return;
            }
            List<String> masked = credentials.isSensitiveName(n)
                    ? values.stream().map(v -> credentials.redactHeader(n, v)).toList() : values;
            out.put(n, masked.size() == 1 ? masked.get(0) : masked);
        });
        return out;
    }

    /** The first value of a header, matched case-insensitively, or null. */
    static String first(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }
}
