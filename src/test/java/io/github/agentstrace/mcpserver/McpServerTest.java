package io.github.agentstrace.mcpserver;

import static io.github.agentstrace.mcpserver.Harness.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The protocol: negotiation, the methods offered, and errors that say what was wrong. */
class McpServerTest {
    private final Harness h = new Harness(Harness.EXAMPLES);

    private static Map<String, Object> init(String version) {
        return args("protocolVersion", version, "capabilities", Map.of(),
                "clientInfo", args("name", "test", "version", "1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05", "2024-10-07"})
    void initialize_agreesToEveryRevisionTheSdkSpeaks(String version) {
        Map<String, Object> r = h.result("initialize", init(version));
        assertEquals(version, r.get("protocolVersion"));
        assertEquals(version, h.conversation.version());
    }

    @Test
    void initialize_offersTheLatestForAnUnknownRevision() {
        assertEquals("2025-11-25", h.result("initialize", init("2099-01-01")).get("protocolVersion"));
    }

    @Test
    void initialize_statesItsCapabilitiesHonestly() {
        Map<String, Object> r = h.result("initialize", init("2025-06-18"));
        Map<String, Object> caps = Json.asObject(r.get("capabilities"));
        assertEquals(List.of("tools", "resources"), new ArrayList<>(caps.keySet()));
        assertEquals(Map.of("listChanged", false), caps.get("tools"));
        assertEquals(Map.of("subscribe", false, "listChanged", false), caps.get("resources"));
        Map<String, Object> info = Json.asObject(r.get("serverInfo"));
        assertEquals("agent-strace", info.get("name"));
        assertEquals("test", info.get("version"));
        assertTrue(((String) r.get("instructions")).contains(Harness.EXAMPLES.toString()));
    }

    @Test
    void initialize_withoutAVersion_isInvalidParams() {
        Map<String, Object> e = h.error("initialize", args("capabilities", Map.of()));
        assertEquals(-32602, ((Number) e.get("code")).intValue());
        assertEquals("\"params.protocolVersion\" must be the MCP revision the client speaks, such as 2025-11-25",
                e.get("message"));
    }

    @Test
    void ping_answersAnEmptyObject() {
        assertEquals(Map.of(), h.result("ping", null));
    }

    @Test
    void unknownMethod_isMethodNotFound_namingWhatIsOffered() {
        Map<String, Object> e = h.error("prompts/list", null);
        assertEquals(-32601, ((Number) e.get("code")).intValue());
        assertEquals("Method not found: prompts/list (this server offers initialize, ping, tools/list, tools/call,"
                + " resources/list, resources/templates/list and resources/read)", e.get("message"));
    }

    @Test
    void notificationsAndResponses_getNoAnswer() {
        assertNull(h.server.handle(Json.parse("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"),
                h.conversation));
        assertNull(h.server.handle(Json.parse("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}"), h.conversation));
    }

    @Test
    void malformedMessages_areInvalidRequests() {
        assertInvalid("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]", null,
                "JSON-RPC batches are not supported (MCP removed them in 2025-06-18); send one message at a time");
        assertInvalid("\"ping\"", null, "a JSON-RPC message is an object, got \"ping\"");
        assertInvalid("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}", 1L, "\"jsonrpc\" must be \"2.0\"");
        assertInvalid("{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}", null, "\"id\" must be a string or a number");
        assertInvalid("{\"jsonrpc\":\"2.0\",\"id\":\"a\"}", "a", "a request needs a \"method\" string");
    }

    private void assertInvalid(String message, Object id, String text) {
        Map<String, Object> r = Json.asObject(Harness.asSent(h.server.handle(Json.parse(message), h.conversation)));
        Object gotId = r.get("id") instanceof Number n ? (Object) n.longValue() : r.get("id");
        assertEquals(id, gotId, message);
        Map<String, Object> e = Json.asObject(r.get("error"));
        assertEquals(-32600, ((Number) e.get("code")).intValue(), message);
        assertEquals(text, e.get("message"));
    }

    @Test
    void stringIdsAreEchoed() {
        Map<String, Object> r = Json.asObject(Harness.asSent(h.server.handle(
                Json.parse("{\"jsonrpc\":\"2.0\",\"id\":\"req-1\",\"method\":\"ping\"}"), h.conversation)));
        assertEquals("req-1", r.get("id"));
    }

    @Test
    void paramsThatAreNoObject_areInvalidParams() {
        Map<String, Object> r = Json.asObject(Harness.asSent(h.server.handle(
                Json.parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":[1]}"), h.conversation)));
        assertEquals(-32602, ((Number) Json.asObject(r.get("error")).get("code")).intValue());
    }

    @Test
    void toolsList_describesEveryToolAsReadOnlyWithBothSchemas() {
        List<Object> tools = Json.asArray(h.result("tools/list", null).get("tools"));
        List<String> names = new ArrayList<>();
        for (Object o : tools) {
            Map<String, Object> t = Json.asObject(o);
            names.add((String) t.get("name"));
            assertFalse(((String) t.get("description")).isBlank());
            Map<String, Object> input = Json.asObject(t.get("inputSchema"));
            assertEquals("object", input.get("type"));
            assertEquals(false, input.get("additionalProperties"));
            assertEquals("object", Json.asObject(t.get("outputSchema")).get("type"));
            Map<String, Object> hints = Json.asObject(t.get("annotations"));
            assertEquals(true, hints.get("readOnlyHint"), t.get("name").toString());
            assertEquals(false, hints.get("destructiveHint"));
            assertEquals(false, hints.get("openWorldHint"));
        }
        assertEquals(List.of("list_sessions", "get_session", "explain", "why", "diff", "stats", "cost",
                "recent_failures", "search", "clusters"), names);
    }

    @Test
    void toolsList_hasOnePage_soAnyCursorIsInvalid() {
        assertEquals("invalid cursor: this list has a single page",
                h.error("tools/list", args("cursor", "abc")).get("message"));
    }

    @Test
    void toolsCall_unknownTool_isInvalidParamsNamingTheTools() {
        Map<String, Object> e = h.error("tools/call", args("name", "grep", "arguments", Map.of()));
        assertEquals(-32602, ((Number) e.get("code")).intValue());
        assertEquals("Unknown tool: grep (tools: list_sessions, get_session, explain, why, diff, stats, cost,"
                + " recent_failures, search, clusters)", e.get("message"));
        assertEquals("\"params.name\" must be the name of a tool from tools/list",
                h.error("tools/call", args("arguments", Map.of())).get("message"));
    }

    @Test
    void aToolThatBreaks_isAnInternalErrorAndAWarning() {
        Harness b = new Harness(Harness.EXAMPLES, new Tools(List.of(new FakeTool("explain", a -> {
            throw new IllegalStateException("boom");
        }))));
        Map<String, Object> e = b.error("tools/call", args("name", "explain"));
        assertEquals(-32603, ((Number) e.get("code")).intValue());
        assertEquals("internal error in tools/call: java.lang.IllegalStateException: boom", e.get("message"));
        assertEquals(List.of("internal error in tools/call: java.lang.IllegalStateException: boom"), b.warnings);
    }

    @Test
    void resourceTemplates_nameASessionById() {
        Map<String, Object> t = Json.asObject(Json.asArray(h.result("resources/templates/list", null)
                .get("resourceTemplates")).get(0));
        assertEquals("agent-strace://session/{session_id}", t.get("uriTemplate"));
        assertEquals("text/markdown", t.get("mimeType"));
    }

    @Test
    void resourcesRead_unknownOrForeignUri_isResourceNotFound() {
        Map<String, Object> e = h.error("resources/read", args("uri", "test://static-text"));
        assertEquals(-32002, ((Number) e.get("code")).intValue());
        assertEquals("Resource not found: test://static-text (session resources look like"
                + " agent-strace://session/<session id or unique prefix>)", e.get("message"));
        assertEquals(Map.of("uri", "test://static-text"), e.get("data"));
        e = h.error("resources/read", args("uri", "agent-strace://session/../../etc"));
        assertEquals(-32002, ((Number) e.get("code")).intValue());
        e = h.error("resources/read", args("uri", "agent-strace://session/ffff"));
        assertEquals("Resource not found: agent-strace://session/ffff (Session not found: ffff (list_sessions shows"
                + " the sessions there are))", e.get("message"));
        assertEquals("\"params.uri\" must be a resource URI such as agent-strace://session/<session id>",
                h.error("resources/read", null).get("message"));
    }

    @Test
    void resourcesRead_givesTheSessionsMarkdownSummary() {
        Map<String, Object> c = Json.asObject(Json.asArray(h.result("resources/read",
                args("uri", "agent-strace://session/ec60")).get("contents")).get(0));
        assertEquals("agent-strace://session/ec60", c.get("uri"));
        assertEquals("text/markdown", c.get("mimeType"));
        io.github.agentstrace.replay.Golden.assertMatches("mcp/resource-ec60.md", (String) c.get("text"));
    }

    @Test
    void aTraceDirectoryThatIsNone_saysThereAreNoSessions() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("not-a-dir", ".txt");
        try {
            Harness bad = new Harness(file.resolve("sub"));
            Map<String, Object> r = bad.call("explain", Map.of());
            assertEquals(true, r.get("isError"));
            assertTrue(Harness.text(r).startsWith("explain: No sessions found in "), Harness.text(r));
        } finally {
            java.nio.file.Files.delete(file);
        }
    }
}
