package io.github.agentstrace.mcpserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stdio transport: one response line per request, in order; junk answered with a parse error. */
class StdioServerTest {
    private static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

    private static List<Map<String, Object>> serve(byte[] input) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new StdioServer(new Harness(Harness.EXAMPLES).server).serve(new ByteArrayInputStream(input), out);
        List<Map<String, Object>> responses = new ArrayList<>();
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.isEmpty() || text.endsWith("\n"), text);
        for (String line : text.split("\n")) {
            if (!line.isEmpty()) {
                responses.add(Json.asObject(Json.parse(line)));
            }
        }
        return responses;
    }

    private static List<Map<String, Object>> serve(String input) throws IOException {
        return serve(input.getBytes(StandardCharsets.UTF_8));
    }

    private static String errorMessage(Map<String, Object> response) {
        return (String) Json.asObject(response.get("error")).get("message");
    }

    @Test
    void answersEachRequestOnItsOwnLine_notificationsNotAtAll() throws IOException {
        List<Map<String, Object>> r = serve(INIT + "\n"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\r\n"
                + "\n"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"explain\","
                + "\"arguments\":{\"session_id\":\"9cc8\"}}}\n"
                + "{\"jsonrpc\":\"2.0\",\"id\":\"last\",\"method\":\"ping\"}\n");
        assertEquals(3, r.size());
        assertEquals(List.of(1L, 2L, "last"), r.stream().map(m -> m.get("id") instanceof Number n
                ? (Object) n.longValue() : m.get("id")).toList());
        Map<String, Object> explain = Json.asObject(Json.asObject(r.get(1).get("result")).get("structuredContent"));
        assertEquals("9cc82d8d0a3ce14b", explain.get("session_id"));
    }

    @Test
    void junkGetsAParseErrorAndTheNextLineIsServed() throws IOException {
        List<Map<String, Object>> r = serve("hello\n{\"jsonrpc\":\"2.0\",\"id\":1,\"method\"\n"
                + "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}\n");
        assertEquals(3, r.size());
        assertEquals("Parse error: not JSON-RPC: a line that is not JSON (send one JSON-RPC message per line)",
                errorMessage(r.get(0)));
        assertEquals(-32700, ((Number) Json.asObject(r.get(1).get("error")).get("code")).intValue());
        assertTrue(errorMessage(r.get(1)).startsWith("Parse error: "), errorMessage(r.get(1)));
        assertEquals(null, r.get(1).get("id"));
        assertEquals(Map.of(), r.get(2).get("result"));
    }

    @Test
    void contentLengthFramesAreReadToo() throws IOException {
        String ping = "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\"}";
        List<Map<String, Object>> r = serve("Content-Length: " + ping.length() + "\r\n\r\n" + ping);
        assertEquals(1, r.size());
        assertEquals(9L, ((Number) r.get(0).get("id")).longValue());
    }

    @Test
    void anOversizedMessageIsRefusedAndSkipped() throws IOException {
        String huge = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"x\":\""
                + "a".repeat(StdioServer.MAX_MESSAGE) + "\"}}\n";
        List<Map<String, Object>> r = serve(huge + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}\n");
        assertEquals(2, r.size());
        assertTrue(errorMessage(r.get(0)).contains("larger than the 4194304-byte recording limit"), errorMessage(r.get(0)));
        assertEquals(2L, ((Number) r.get(1).get("id")).longValue());
    }

    @Test
    void aPartialLastLineIsAParseError() throws IOException {
        List<Map<String, Object>> r = serve("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\n{\"jsonrpc\"");
        assertEquals(2, r.size());
        assertTrue(errorMessage(r.get(1)).startsWith("Parse error: incomplete frame at end of stream"));
    }

    @Test
    void stopsWhenTheClientClosesItsEnd() throws IOException {
        int[] writes = {0};
        OutputStream closed = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                writes[0]++;
                throw new IOException("Broken pipe");
            }
        };
        String pings = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\n".repeat(1000);
        new StdioServer(new Harness(Harness.EXAMPLES).server).serve(
                new ByteArrayInputStream(pings.getBytes(StandardCharsets.UTF_8)), new PrintStream(closed, false,
                        StandardCharsets.UTF_8));
        assertTrue(writes[0] <= 1, "nothing more is written after the first failed write: " + writes[0]);
    }
}
