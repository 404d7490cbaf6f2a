package io.github.agentstrace.mcpserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.cost.PriceTable;
import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.Clock;
import io.github.agentstrace.model.TestClock;
import io.github.agentstrace.store.TraceStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An {@link McpServer} over a trace directory, driven in-process message by message. */
final class Harness {
    /** The sample sessions of the README (4 sessions, one a subagent). */
    static final Path EXAMPLES = Path.of(".agent-traces.example").toAbsolutePath();
    /** The original's fixture sessions. */
    static final Path FIXTURES = Path.of("src", "test", "resources", "fixtures").toAbsolutePath();
    /** A fixed now, after every sample session. */
    static final Clock CLOCK = TestClock.fixed(Instant.parse("2026-12-01T00:00:00Z"));

    final Traces traces;
    final McpServer server;
    final McpServer.Conversation conversation;
    final List<String> warnings = new ArrayList<>();
    private int nextId = 1;

    Harness(Path traceDir) {
        this(traceDir, Tools.standard());
    }

    Harness(Path traceDir, Tools tools) {
        traces = new Traces(new TraceStore(traceDir), PriceTable.load(null), CLOCK, warnings::add);
        server = new McpServer(traces, tools, "test");
        conversation = server.conversation();
    }

    /** Sends a request; the whole response. */
    Map<String, Object> request(String method, Map<String, Object> params) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jsonrpc", "2.0");
        m.put("id", nextId++);
        m.put("method", method);
        if (params != null) {
            m.put("params", params);
        }
        // Through the codec both ways, as a transport would: what is sent must be JSON, numbers included.
        return Json.asObject(Json.parse(Json.write(server.handle(Json.parse(Json.write(m)), conversation))));
    }

    /** The result of a request that must succeed. */
    Map<String, Object> result(String method, Map<String, Object> params) {
        Map<String, Object> r = request(method, params);
        assertFalse(r.containsKey("error"), () -> method + " failed: " + Json.write(r));
        return Json.asObject(r.get("result"));
    }

    /** The JSON-RPC error of a request that must fail. */
    Map<String, Object> error(String method, Map<String, Object> params) {
        Map<String, Object> r = request(method, params);
        assertTrue(r.containsKey("error"), () -> method + " should have failed: " + Json.write(r));
        return Json.asObject(r.get("error"));
    }

    /** A tools/call result (a CallToolResult). */
    Map<String, Object> call(String tool, Map<String, Object> arguments) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("name", tool);
        params.put("arguments", arguments);
        return result("tools/call", params);
    }

    /** The structured content of a call that must succeed. */
    Map<String, Object> structured(String tool, Map<String, Object> arguments) {
        Map<String, Object> r = call(tool, arguments);
        assertEquals(false, r.get("isError"), () -> tool + " failed: " + Json.write(r));
        assertNotNull(r.get("structuredContent"));
        return Json.asObject(r.get("structuredContent"));
    }

    /** The text content of a call. */
    static String text(Map<String, Object> callResult) {
        List<Object> content = Json.asArray(callResult.get("content"));
        assertEquals(1, content.size());
        Map<String, Object> block = Json.asObject(content.get(0));
        assertEquals("text", block.get("type"));
        return (String) block.get("text");
    }

    /** The message of a call that must come back as an isError result. */
    String toolError(String tool, Map<String, Object> arguments) {
        Map<String, Object> r = call(tool, arguments);
        assertEquals(true, r.get("isError"), () -> tool + " should have failed: " + Json.write(r));
        assertFalse(r.containsKey("structuredContent"));
        return text(r);
    }

    /** A value as the client sees it: through the codec, so it compares with a response. */
    static Object asSent(Object value) {
        return Json.parse(Json.write(value));
    }

    static Map<String, Object> args(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
