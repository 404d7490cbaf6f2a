package io.github.agentstrace.mcpserver;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.github.agentstrace.json.Json;
import io.github.agentstrace.json.JsonException;
import io.github.agentstrace.net.HostRule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Streamable HTTP for one endpoint, {@value #PATH}: a POST carries one JSON-RPC message and gets the
 * response as {@code application/json} (a notification gets 202); DELETE ends a session; GET is 405, since
 * this server never sends anything unasked.
 *
 * <p>Guards, before anything is parsed: the {@code Host} header must pass every server's {@link HostRule}, and
 * an {@code Origin}, when a browser sends one, must be a page of this machine's loopback (or of the address
 * the server was told to bind), so a web page cannot reach the server through DNS rebinding (403); bodies are capped at {@value #MAX_BODY} bytes (413);
 * only JSON is taken (415). {@code initialize} opens a session whose id comes back in
 * {@code Mcp-Session-Id}; every later request must carry it (400 without, 404 for one unknown or ended). At
 * most {@value #MAX_SESSIONS} sessions are kept; the least recently used goes first.
 */
final class McpHttpHandler implements HttpHandler {
    static final String PATH = "/mcp";
    static final int MAX_BODY = 1024 * 1024;
    static final int MAX_SESSIONS = 256;
    static final String SESSION_HEADER = "Mcp-Session-Id";
    static final String VERSION_HEADER = "MCP-Protocol-Version";

    private final McpServer server;
    private final HostRule hosts;
    private final Consumer<String> warnings;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, McpServer.Conversation> sessions = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, McpServer.Conversation> eldest) {
            return size() > MAX_SESSIONS;
        }
    };

    /**
     * @param hosts which {@code Host} (and {@code Origin}) values name this server
     */
    McpHttpHandler(McpServer server, HostRule hosts, Consumer<String> warnings) {
        this.server = server;
        this.hosts = hosts;
        this.warnings = warnings;
    }

    @Override
    public void handle(HttpExchange ex) {
        try {
            exchange(ex);
        } catch (IOException e) {
            // the client went away: nobody is left to answer
        } catch (RuntimeException e) {
            warnings.accept("internal error serving " + ex.getRequestMethod() + " " + ex.getRequestURI() + ": " + e);
            try {
                refuse(ex, 500, Protocol.INTERNAL_ERROR, "internal error: " + e);
            } catch (IOException | RuntimeException ignored) {
                // the response had begun: nothing more can be said
            }
        } finally {
            ex.close();
        }
    }

    private void exchange(HttpExchange ex) throws IOException {
        Headers h = ex.getRequestHeaders();
        if (!hosts.allows(h.get("Host"))) {
            refuse(ex, 403, Protocol.SERVER_ERROR, "Host '" + h.getFirst("Host") + "' is not this server's (a guard"
                    + " against DNS rebinding): this server answers only to " + hosts.expected());
            return;
        }
        String origin = h.getFirst("Origin");
        if (origin != null && !allowedOrigin(origin)) {
            refuse(ex, 403, Protocol.SERVER_ERROR, "Origin '" + origin + "' may not use this server: only pages"
                    + " served from this machine's loopback may");
            return;
        }
        if (!ex.getRequestURI().getPath().equals(PATH)) {
            refuse(ex, 404, Protocol.SERVER_ERROR, "no MCP endpoint at " + ex.getRequestURI().getPath()
                    + "; it is " + PATH);
            return;
        }
        switch (ex.getRequestMethod()) {
            case "POST" -> post(ex);
            case "DELETE" -> delete(ex);
            default -> {
                ex.getResponseHeaders().set("Allow", "POST, DELETE");
                refuse(ex, 405, Protocol.SERVER_ERROR, ex.getRequestMethod() + " is not served: POST one JSON-RPC"
                        + " message (this server sends nothing unasked, so it has no event stream), DELETE ends a session");
            }
        }
    }

    private void post(HttpExchange ex) throws IOException {
        Headers h = ex.getRequestHeaders();
        String type = h.getFirst("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            refuse(ex, 415, Protocol.SERVER_ERROR, "Content-Type must be application/json, got "
                    + (type == null ? "none" : "'" + type + "'"));
            return;
        }
        String accept = h.getFirst("Accept");
        if (accept != null && !acceptsJson(accept)) {
            refuse(ex, 406, Protocol.SERVER_ERROR, "Accept must allow application/json, got '" + accept + "'");
            return;
        }
        String version = h.getFirst(VERSION_HEADER);
        if (version != null && !Protocol.SUPPORTED.contains(version)) {
            refuse(ex, 400, Protocol.SERVER_ERROR, "unsupported " + VERSION_HEADER + " '" + version + "' (supported: "
                    + String.join(", ", Protocol.SUPPORTED) + ")");
            return;
        }
        byte[] body = readBody(ex.getRequestBody());
        if (body == null) {
            refuse(ex, 413, Protocol.SERVER_ERROR, "body larger than " + MAX_BODY + " bytes");
            return;
        }
        Object message;
        try {
            message = Json.parse(body);
        } catch (JsonException e) {
            refuse(ex, 400, Protocol.PARSE_ERROR, "Parse error: " + e.getMessage());
            return;
        }
        Map<String, Object> m = Json.asObject(message);
        McpServer.Conversation conversation;
        String newSession = null;
        if ("initialize".equals(m.get("method")) && m.containsKey("id")) {
            conversation = server.conversation();
            newSession = HexFormat.of().formatHex(bytes(16));
        } else {
            String id = h.getFirst(SESSION_HEADER);
            if (id == null) {
                refuse(ex, 400, Protocol.SERVER_ERROR, "the " + SESSION_HEADER + " header is missing: send initialize"
                        + " first and repeat the id it returns on every request");
                return;
            }
            synchronized (sessions) {
                conversation = sessions.get(id);
            }
            if (conversation == null) {
                refuse(ex, 404, Protocol.SERVER_ERROR, "no session " + id + " (it ended, or the server restarted):"
                        + " send initialize again");
                return;
            }
        }
        Map<String, Object> response = server.handle(message, conversation);
        if (response == null) {
            ex.sendResponseHeaders(202, -1);
            return;
        }
        if (newSession != null && response.containsKey("result")) {
            synchronized (sessions) {
                sessions.put(newSession, conversation);
            }
            ex.getResponseHeaders().set(SESSION_HEADER, newSession);
        }
        // A message the server could not take at all (not an object, no id) is the request's fault.
        int status = response.containsKey("error") && response.get("id") == null ? 400 : 200;
        send(ex, status, response);
    }

    private void delete(HttpExchange ex) throws IOException {
        String id = ex.getRequestHeaders().getFirst(SESSION_HEADER);
        if (id == null) {
            refuse(ex, 400, Protocol.SERVER_ERROR, "DELETE ends a session: send its " + SESSION_HEADER + " header");
            return;
        }
        McpServer.Conversation gone;
        synchronized (sessions) {
            gone = sessions.remove(id);
        }
        if (gone == null) {
            refuse(ex, 404, Protocol.SERVER_ERROR, "no session " + id);
            return;
        }
        ex.sendResponseHeaders(200, -1);
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** The body, or null when it is longer than {@link #MAX_BODY} (read no further than that). */
    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        return body.length > MAX_BODY ? null : body;
    }

    private boolean allowedOrigin(String origin) {
        try {
            URI u = new URI(origin.strip());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && u.getHost() != null
                    && hosts.isOwnPage(u.getHost());
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean acceptsJson(String accept) {
        String a = accept.toLowerCase(Locale.ROOT);
        return a.contains("application/json") || a.contains("application/*") || a.contains("*/*");
    }

    private static void send(HttpExchange ex, int status, Map<String, Object> body) throws IOException {
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** An HTTP refusal with a JSON-RPC error body (id null), as SDK clients expect one. */
    private static void refuse(HttpExchange ex, int status, int code, String message) throws IOException {
        send(ex, status, Protocol.error(null, code, message, null));
    }
}
