package io.github.agentstrace.mcpserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.analysis.CausalChain;
import io.github.agentstrace.analysis.Explanation;
import io.github.agentstrace.analysis.SessionDiff;
import io.github.agentstrace.json.Json;
import io.github.agentstrace.proxy.NodePeers;
import io.github.agentstrace.session.SessionListener;
import io.github.agentstrace.term.Ansi;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official TypeScript SDK client against the real jar, over stdio and over Streamable HTTP: it connects,
 * lists and calls every tool (the SDK checks each structured result against the tool's output schema), pages
 * with cursors, reads resources, and gets the errors it should. What it receives is what the analyses say.
 * Needs node ({@link NodePeers}); skipped loudly without it, failed on CI.
 */
@Timeout(300)
class McpServerIT {
    private static final Path EXAMPLES = Harness.EXAMPLES;
    private static final Ansi PLAIN = new Ansi(false);

    @TempDir
    Path dir;

    @BeforeAll
    static void needsNode() {
        NodePeers.require("McpServerIT");
    }

    private Path plan() throws Exception {
        String plan = """
                {"resource": "agent-strace://session/ec60", "calls": [
                  {"name": "list_sessions", "arguments": {}},
                  {"name": "list_sessions", "arguments": {"errors_only": true, "since": "2026-01-01"}},
                  {"name": "get_session", "arguments": {"session_id": "ec60", "limit": 5}},
                  {"name": "explain", "arguments": {"session_id": "ec60"}},
                  {"name": "explain", "arguments": {}},
                  {"name": "why", "arguments": {"session_id": "ec60", "event": 10}},
                  {"name": "diff", "arguments": {"session_id": "ec60", "other_session_id": "9cc8"}},
                  {"name": "stats", "arguments": {"session_id": "9cc8", "sort": "time", "include_subagents": true}},
                  {"name": "cost", "arguments": {"session_id": "9cc8"}},
                  {"name": "cost", "arguments": {"session_id": "1f49"}},
                  {"name": "recent_failures", "arguments": {}},
                  {"name": "explain", "arguments": {"session_id": "nope"}},
                  {"name": "list_sessions", "arguments": {"limit": "ten"}},
                  {"name": "search", "arguments": {"query": "type:error", "limit": 2}},
                  {"name": "clusters", "arguments": {"by": "phase"}}
                ]}
                """;
        return Files.writeString(dir.resolve("plan.json"), plan);
    }

    private Map<String, Object> client(String mode, List<String> target) throws Exception {
        Path out = dir.resolve(mode + ".json");
        List<String> cmd = new ArrayList<>(List.of("node", NodePeers.DIR.resolve("mcp-server-client.mjs").toString(),
                plan().toString(), out.toString(), mode));
        cmd.addAll(target);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(240, TimeUnit.SECONDS), "client hung:\n" + log);
        assertEquals(0, p.exitValue(), "client failed:\n" + log);
        return Json.asObject(Json.parse(Files.readString(out)));
    }

    @Test
    void sdkClientOverStdio() throws Exception {
        Map<String, Object> out = client("stdio", JarServer.command(EXAMPLES));
        assertEverything(out);
    }

    @Test
    void sdkClientOverStreamableHttp() throws Exception {
        try (JarServer server = new JarServer(EXAMPLES)) {
            Map<String, Object> out = client("http", List.of(server.url));
            assertEverything(out);
            assertTrue(((String) out.get("sessionId")).matches("[0-9a-f]{32}"), String.valueOf(out.get("sessionId")));
            assertEquals(true, out.get("terminated"));
            assertTrue(server.url.startsWith("http://127.0.0.1:"), server.url);
        }
    }

    private void assertEverything(Map<String, Object> out) {
        assertEquals("agent-strace", Json.asObject(out.get("server")).get("name"));
        assertEquals(List.of("resources", "tools"), Json.asObject(out.get("capabilities")).keySet().stream().sorted()
                .toList());
        assertTrue(((String) out.get("instructions")).contains("list_sessions"));
        assertEquals(Map.of(), Json.asObject(out.get("ping")).get("ok"));
        List<Object> tools = Json.asArray(out.get("tools"));
        assertEquals(10, tools.size());
        for (Object t : tools) {
            assertEquals(true, Json.asObject(t).get("readOnly"), t.toString());
            assertEquals(true, Json.asObject(t).get("hasOutputSchema"), t.toString());
        }

        Harness h = new Harness(EXAMPLES);
        List<Object> calls = Json.asArray(out.get("calls"));
        for (Object c : calls) {
            Map<String, Object> call = Json.asObject(c);
            assertFalse(call.containsKey("error"), "the SDK refused a result (schema?): " + Json.write(call));
        }
        Map<String, Object> explain = result(calls, 3);
        Explanation e = Explanation.of(h.traces.reading().read("ec60f27c-f718-4d", true, true, SessionListener.NONE));
        assertSameJson(e.toJson(), explain.get("structuredContent"));
        assertEquals(e.text(PLAIN, 100), text(explain));
        assertEquals("0564716b-912c-48", Json.asObject(result(calls, 4).get("structuredContent")).get("session_id"));
        CausalChain why = CausalChain.of(h.traces.store(), h.traces.reading().tree(), h.traces.prices(),
                "ec60f27c-f718-4d", "10", w -> { });
        assertSameJson(why.toJson(), result(calls, 5).get("structuredContent"));
        SessionDiff diff = SessionDiff.of(h.traces.reading(), "ec60f27c-f718-4d", "9cc82d8d0a3ce14b");
        assertSameJson(diff.toJson(), result(calls, 6).get("structuredContent"));
        assertEquals(diff.text(PLAIN, 100), text(result(calls, 6)));
        assertEquals(true, result(calls, 11).get("isError"));
        assertEquals("explain: Session not found: nope (list_sessions shows the sessions there are)", text(result(calls, 11)));
        assertEquals("list_sessions: argument 'limit' must be a whole number from 1 to 100, got \"ten\"",
                text(result(calls, 12)));
        assertEquals(false, result(calls, 13).get("isError"));
        assertFalse(Json.asArray(Json.asObject(result(calls, 13).get("structuredContent")).get("hits")).isEmpty());
        assertEquals(false, result(calls, 14).get("isError"));

        assertEquals(List.of(List.of("0564716b-912c-48"), List.of("1f49417ce8920b3b"), List.of("ec60f27c-f718-4d"),
                List.of("9cc82d8d0a3ce14b")), out.get("listPages"));
        assertEquals(List.of("agent-strace://session/0564716b-912c-48", "agent-strace://session/1f49417ce8920b3b",
                "agent-strace://session/aa7ddf1d23bc5b3bb",
                "agent-strace://session/ec60f27c-f718-4d", "agent-strace://session/9cc82d8d0a3ce14b"), out.get("resources"));
        assertEquals(List.of("agent-strace://session/{session_id}"), out.get("templates"));
        Map<String, Object> read = Json.asObject(Json.asArray(Json.asObject(Json.asObject(out.get("read")).get("ok"))
                .get("contents")).get(0));
        assertEquals("text/markdown", read.get("mimeType"));
        assertTrue(((String) read.get("text")).startsWith("# claude-code session ec60f27c-f718-4d\n"));
        assertEquals(-32002, code(out.get("readMissing")));
        assertEquals(-32602, code(out.get("unknownTool")));
    }

    private static Map<String, Object> result(List<Object> calls, int i) {
        Map<String, Object> ok = Json.asObject(Json.asObject(calls.get(i)).get("ok"));
        assertNotNull(ok.get("content"), Json.write(calls.get(i)));
        return ok;
    }

    private static String text(Map<String, Object> result) {
        return (String) Json.asObject(Json.asArray(result.get("content")).get(0)).get("text");
    }

    private static int code(Object attempt) {
        return ((Number) Json.asObject(Json.asObject(attempt).get("error")).get("code")).intValue();
    }

    /** Equal as JSON values: JavaScript writes 0.0 as 0, so numbers compare by value. */
    private static void assertSameJson(Object expected, Object actual) {
        assertTrue(same(Json.parse(Json.write(expected)), actual), () -> "expected " + Json.write(expected)
                + "\n     got " + Json.write(actual));
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            return x.keySet().equals(y.keySet()) && x.keySet().stream().allMatch(k -> same(x.get(k), y.get(k)));
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!same(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return java.util.Objects.equals(a, b);
    }
}
