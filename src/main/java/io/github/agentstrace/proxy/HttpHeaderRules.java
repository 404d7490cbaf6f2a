package io.github.agentstrace.proxy;

import io.github.agentstrace.mcp.Direction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

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
 * Authorization value keeps only its scheme ({@code Bearer [REDACTED]}).
 */
final class HttpHeaderRules {
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "trailers", "transfer-encoding", "upgrade",
            "host", "content-length", "expect");
    private static final Set<String> CREDENTIALS = Set.of("authorization", "proxy-authorization", "cookie",
            "set-cookie", "x-api-key", "api-key");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(api[-_]?key|token|secret|password|passwd|credential|auth).*");
    static final String MASK = "[REDACTED]";

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

    /** True when a header's value must never reach a trace in clear. */
    static boolean isCredential(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return CREDENTIALS.contains(n)
                || (SECRET_NAME.matcher(n).matches() && !n.startsWith("mcp-") && !n.equals("www-authenticate"));
    }

    /** The value as recorded: masked for credentials (an Authorization scheme is kept), else as is. */
    static String recordedValue(String name, String value) {
        if (!isCredential(name)) {
            return value;
        }
        String n = name.toLowerCase(Locale.ROOT);
        if ((n.equals("authorization") || n.equals("proxy-authorization")) && value != null) {
            int space = value.indexOf(' ');
            if (space > 0) {
                return value.substring(0, space) + " " + MASK;
            }
        }
        return MASK;
    }

    /** Headers as a trace records them: lower-case names, masked credentials, one value or a list. */
    static Map<String, Object> recorded(Map<String, List<String>> headers) {
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
            List<String> masked = values.stream().map(v -> recordedValue(n, v)).toList();
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
