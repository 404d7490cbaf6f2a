package io.github.agentstrace.mcpserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Streamable HTTP over a real socket (raw HTTP/1.1, so Host and Origin can be anything): the guards, the
 * status codes, and Mcp-Session-Id sessions.
 */
@Timeout(60)
class McpHttpServerTest {
    private static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}";

    private final List<String> warnings = new ArrayList<>();
    private McpHttpServer http;

    @BeforeEach
    void start() throws IOException {
        http = McpHttpServer.start(new Harness(Harness.EXAMPLES).server, "127.0.0.1", 0, warnings::add);
    }

    @AfterEach
    void stop() {
        http.close();
        assertEquals(List.of(), warnings);
    }

    record Response(int status, Map<String, String> headers, String body) {
        Map<String, Object> json() {
            return Json.asObject(Json.parse(body));
        }

        String errorMessage() {
            return (String) Json.asObject(json().get("error")).get("message");
        }
    }

    private Response send(String method, String path, Map<String, String> headers, byte[] body) throws IOException {
        try (Socket s = new Socket("127.0.0.1", http.port())) {
            StringBuilder req = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
            Map<String, String> h = new LinkedHashMap<>();
            h.put("Host", "127.0.0.1:" + http.port());
            h.putAll(headers);
            h.put("Connection", "close");
            if (body != null) {
                h.put("Content-Length", Integer.toString(body.length));
            }
            h.forEach((k, v) -> {
                if (v != null) {
                    req.append(k).append(": ").append(v).append("\r\n");
                }
            });
            req.append("\r\n");
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return read(s.getInputStream());
        }
    }

    private static Response read(InputStream in) throws IOException {
        byte[] all = in.readAllBytes();
        String text = new String(all, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        String body = text.substring(end + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Response(status, headers, body);
    }

    private static String dechunk(String body) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (true) {
            int nl = body.indexOf("\r\n", i);
            int size = Integer.parseInt(body.substring(i, nl).trim(), 16);
            if (size == 0) {
                return sb.toString();
            }
            sb.append(body, nl + 2, nl + 2 + size);
            i = nl + 2 + size + 2;
        }
    }

    private Response post(String body, Map<String, String> extra) throws IOException {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        h.put("Accept", "application/json, text/event-stream");
        h.putAll(extra);
        return send("POST", "/mcp", h, body.getBytes(StandardCharsets.UTF_8));
    }

    private String session() throws IOException {
        Response r = post(INIT, Map.of());
        assertEquals(200, r.status(), r.body());
        String id = r.headers().get("mcp-session-id");
        assertNotNull(id);
        assertTrue(id.matches("[0-9a-f]{32}"), id);
        return id;
    }

    @Test
    void initializeOpensASession_laterRequestsUseIt() throws IOException {
        Response init = post(INIT, Map.of());
        assertEquals("application/json", init.headers().get("content-type"));
        assertEquals("2025-11-25", Json.asObject(init.json().get("result")).get("protocolVersion"));
        String id = init.headers().get("mcp-session-id");
        Response ping = post(PING, Map.of("Mcp-Session-Id", id, "MCP-Protocol-Version", "2025-11-25"));
        assertEquals(200, ping.status());
        assertEquals(Map.of(), ping.json().get("result"));
        Response note = post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", Map.of("Mcp-Session-Id", id));
        assertEquals(202, note.status());
        assertEquals("", note.body());
        Response tools = post("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"explain\","
                + "\"arguments\":{\"session_id\":\"ec60\"}}}", Map.of("Mcp-Session-Id", id));
        assertEquals("ec60f27c-f718-4d", Json.asObject(Json.asObject(tools.json().get("result"))
                .get("structuredContent")).get("session_id"));
    }

    @Test
    void eachInitializeGetsItsOwnSession() throws IOException {
        assertTrue(!session().equals(session()));
    }

    @Test
    void aRequestWithoutOrWithAnUnknownSession_isRefused() throws IOException {
        Response none = post(PING, Map.of());
        assertEquals(400, none.status());
        assertEquals("the Mcp-Session-Id header is missing: send initialize first and repeat the id it returns on"
                + " every request", none.errorMessage());
        assertNull(none.json().get("id"));
        Response unknown = post(PING, Map.of("Mcp-Session-Id", "0123"));
        assertEquals(404, unknown.status());
        assertEquals("no session 0123 (it ended, or the server restarted): send initialize again", unknown.errorMessage());
    }

    @Test
    void deleteEndsASession() throws IOException {
        String id = session();
        assertEquals(200, send("DELETE", "/mcp", Map.of("Mcp-Session-Id", id), null).status());
        assertEquals(404, post(PING, Map.of("Mcp-Session-Id", id)).status());
        assertEquals(404, send("DELETE", "/mcp", Map.of("Mcp-Session-Id", id), null).status());
        assertEquals(400, send("DELETE", "/mcp", Map.of(), null).status());
    }

    @Test
    void aForeignHost_isRefusedBeforeAnythingElse() throws IOException {
        Response r = post(INIT, Map.of("Host", "evil.example.com:" + http.port()));
        assertEquals(403, r.status());
        assertEquals("Host 'evil.example.com:" + http.port() + "' is not this server's (a guard against DNS rebinding):"
                + " this server answers only to localhost, 127.0.0.1 or an IP address on port " + http.port(),
                r.errorMessage());
        assertEquals(403, send("GET", "/nowhere", Map.of("Host", "attacker.test"), null).status());
        for (String bad : List.of("127.0.0.1", "LOCALHOST", "localhost:" + (http.port() + 1), "127.0.0.1.nip.io:" + http.port())) {
            assertEquals(403, post(INIT, Map.of("Host", bad)).status(), bad);
        }
        for (String ok : List.of("localhost:" + http.port(), "127.0.0.1:" + http.port(), "[::1]:" + http.port(),
                "LOCALHOST:" + http.port())) {
            assertEquals(200, post(INIT, Map.of("Host", ok)).status(), ok);
        }
    }

    @Test
    void aForeignOrigin_isRefused_aLocalOneIsNot() throws IOException {
        Response r = post(INIT, Map.of("Origin", "https://evil.example.com"));
        assertEquals(403, r.status());
        assertEquals("Origin 'https://evil.example.com' may not use this server: only pages served from this"
                + " machine's loopback may", r.errorMessage());
        assertEquals(403, post(INIT, Map.of("Origin", "null")).status());
        assertEquals(403, post(INIT, Map.of("Origin", "http://203.0.113.7")).status(), "a page from a public address");
        assertEquals(200, post(INIT, Map.of("Origin", "http://localhost:3000")).status());
        assertEquals(200, post(INIT, Map.of("Origin", "http://[::1]:8080")).status());
    }

    @Test
    void onlyPostAndDeleteAtTheEndpoint() throws IOException {
        Response get = send("GET", "/mcp", Map.of("Accept", "text/event-stream"), null);
        assertEquals(405, get.status());
        assertEquals("POST, DELETE", get.headers().get("allow"));
        Response other = send("POST", "/other", Map.of("Content-Type", "application/json"),
                INIT.getBytes(StandardCharsets.UTF_8));
        assertEquals(404, other.status());
        assertEquals("no MCP endpoint at /other; it is /mcp", other.errorMessage());
    }

    @Test
    void badBodiesAndHeaders() throws IOException {
        Response type = send("POST", "/mcp", Map.of("Content-Type", "text/plain"), INIT.getBytes(StandardCharsets.UTF_8));
        assertEquals(415, type.status());
        assertEquals("Content-Type must be application/json, got 'text/plain'", type.errorMessage());
        assertEquals(406, post(INIT, Map.of("Accept", "text/html")).status());
        Response version = post(INIT, Map.of("MCP-Protocol-Version", "2099-01-01"));
        assertEquals(400, version.status());
        assertEquals("unsupported MCP-Protocol-Version '2099-01-01' (supported: 2025-11-25, 2025-06-18, 2025-03-26,"
                + " 2024-11-05, 2024-10-07)", version.errorMessage());
        Response junk = post("{not json", Map.of());
        assertEquals(400, junk.status());
        assertEquals(-32700, ((Number) Json.asObject(junk.json().get("error")).get("code")).intValue());
        Response batch = post("[" + INIT + "]", Map.of());
        assertEquals(400, batch.status());
        Response big = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"x\":\""
                + "a".repeat(McpHttpHandler.MAX_BODY) + "\"}}", Map.of());
        assertEquals(413, big.status());
        assertEquals("body larger than 1048576 bytes", big.errorMessage());
    }

    @Test
    void aRequestThatFails_isA200WithItsJsonRpcError() throws IOException {
        String id = session();
        Response r = post("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"prompts/list\"}", Map.of("Mcp-Session-Id", id));
        assertEquals(200, r.status());
        assertEquals(5L, ((Number) r.json().get("id")).longValue());
        assertEquals(-32601, ((Number) Json.asObject(r.json().get("error")).get("code")).intValue());
    }

    @Test
    void theUrlNamesTheEndpoint() {
        assertEquals("http://127.0.0.1:" + http.port() + "/mcp", http.url());
    }
}
