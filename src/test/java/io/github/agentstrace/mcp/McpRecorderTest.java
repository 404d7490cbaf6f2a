package io.github.agentstrace.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.model.Clock;
import io.github.agentstrace.model.Ids;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.Texts;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.store.SessionWriter;
import io.github.agentstrace.store.TraceStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class McpRecorderTest {
    private static final Direction C2S = Direction.CLIENT_TO_SERVER;
    private static final Direction S2C = Direction.SERVER_TO_CLIENT;

    @TempDir
    Path dir;
    TraceStore store;
    SessionWriter writer;
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    McpRecorder recorder;
    final List<TraceEvent> seen = new ArrayList<>();

    @BeforeEach
    void setUp() {
        store = new TraceStore(dir);
        store.create(SessionMeta.start("s1", 1000.0, "test", "cmd"), Redactor.disabled());
        writer = store.writer("s1", Redactor.standard());
        recorder = new McpRecorder(writer, Clock.at(nanos::get, () -> 1000.0 + nanos.get() / 1e9),
                new Ids(new SplittableRandom(7)), seen::add, w -> { throw new AssertionError(w); });
    }

    private List<TraceEvent> events() {
        return store.reader("s1", w -> { throw new AssertionError(w); }).events().toList();
    }

    private void send(Direction d, String json) {
        recorder.message(d, json, Map.of());
    }

    @Test
    void batch_writesTheEventsOfItsWorkWithOneAppendWhenItEnds() throws Exception {
        java.nio.file.Path events = store.eventsFile("s1");
        recorder.batch(() -> {
            send(C2S, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"t\"}}");
            nanos.addAndGet(1_000_000);
            send(S2C, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[]}}");
            assertEquals(0, events.toFile().length(), "written during the batch");
            assertEquals(List.of(), seen, "announced before it was written");
        });
        List<TraceEvent> ev = events();
        assertEquals(List.of("tool_call", "tool_result"), ev.stream().map(TraceEvent::type).toList());
        assertEquals(ev.get(0).eventId(), ev.get(1).parentId(), "paired inside a batch");
        assertEquals(1.0, ev.get(1).durationMs(), 1e-9);
        assertEquals(ev, seen, "every written event announced, in order");
    }

    @Test
    void toolCall_pairsWithItsResultByIdAndMeasuresLatencyOnTheMonotonicClock() {
        send(C2S, """
                {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"/a"}}}""");
        nanos.addAndGet(2_500_000);
        send(S2C, """
                {"jsonrpc":"2.0","id":3.0,"result":{"content":[{"type":"text","text":"hello"},{"type":"image","data":"AA","mimeType":"image/png"}]}}""");
        List<TraceEvent> ev = events();
        assertEquals(2, ev.size());
        TraceEvent call = ev.get(0);
        assertEquals("tool_call", call.type());
        assertEquals("read_file", call.data().get("tool_name"));
        assertEquals(Map.of("path", "/a"), call.data().get("arguments"));
        assertEquals(3, ((Number) call.data().get("request_id")).intValue());
        assertEquals("tools/call", call.data().get("mcp_method"));
        assertEquals("client_to_server", call.data().get("direction"));
        TraceEvent result = ev.get(1);
        assertEquals("tool_result", result.type());
        assertEquals(call.eventId(), result.parentId());
        assertEquals(2.5, result.durationMs(), 1e-9);
        assertEquals("read_file", result.data().get("tool_name"));
        assertEquals("hello\n[image image/png]", result.data().get("result"));
        assertEquals(List.of("text", "image"), result.data().get("content_types"));
        assertEquals(2, seen.size());
    }

    @Test
    void ids_stringAndNumberWithSameDigitsDoNotPair() {
        send(C2S, "{\"jsonrpc\":\"2.0\",\"id\":\"7\",\"method\":\"tools/call\",\"params\":{\"name\":\"a\"}}");
        send(S2C, "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"content\":[]}}");
        TraceEvent response = events().get(1);
        assertEquals("decision", response.type());
        assertNull(response.parentId());
        assertEquals("response to an unknown request", response.data().get("reason"));
    }

    @Test
    void ids_arePairedPerDirection() {
        // Both sides use id 1: the server's sampling request must not take the client's tools/call answer.
        send(C2S, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"t\"}}");
        send(S2C, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"sampling/createMessage\",\"params\":{\"messages\":[{\"role\":\"user\",\"content\":{\"type\":\"text\",\"text\":\"hi\"}}],\"modelPreferences\":{\"hints\":[{\"name\":\"claude\"}]},\"maxTokens\":10}}");
        send(C2S, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"role\":\"assistant\",\"model\":\"claude-x\",\"stopReason\":\"endTurn\",\"content\":{\"type\":\"text\",\"text\":\"yo\"},\"usage\":{\"inputTokens\":5,\"outputTokens\":2}}}");
        send(S2C, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"done\"}]}}");
        List<TraceEvent> ev = events();
        assertEquals(List.of("tool_call", "llm_request", "llm_response", "tool_result"),
                ev.stream().map(TraceEvent::type).toList());
        assertEquals(ev.get(1).eventId(), ev.get(2).parentId());
        assertEquals(ev.get(0).eventId(), ev.get(3).parentId());
        assertEquals("claude", ev.get(1).data().get("model"));
        assertEquals(1, ((Number) ev.get(1).data().get("message_count")).intValue());
        assertEquals("claude-x", ev.get(2).data().get("model"));
        assertEquals("endTurn", ev.get(2).data().get("stop_reason"));
        assertEquals(7L, ((Number) ev.get(2).data().get("total_tokens")).longValue());
        assertEquals("yo", ev.get(2).data().get("content_preview"));
    }

    @Test
    void toolResult_withIsErrorIsAFailureLinkedToTheCall() {
        send(C2S, "{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"tools/call\",\"params\":{\"name\":\"boom\",\"arguments\":{}}}");
        send(S2C, "{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"result\":{\"isError\":true,\"content\":[{\"type\":\"text\",\"text\":\"no such file\"}]}}");
        TraceEvent err = events().get(1);
        assertEquals("error", err.type());
        assertEquals("tool_error", err.data().get("error_type"));
        assertEquals("boom", err.data().get("tool_name"));
        assertEquals("no such file", err.data().get("message"));
        assertEquals(events().get(0).eventId(), err.parentId());
        recorder.close();
        SessionMeta meta = store.readMeta("s1");
        assertEquals(1, meta.toolCalls());
        assertEquals(1, meta.errors());
    }

    @Test
    void jsonRpcError_isAnErrorLinkedToItsRequest() {
        send(C2S, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"x\"}}");
        send(S2C, "{\"jsonrpc\":\"2.0\",\"id\":5,\"error\":{\"code\":-32602,\"message\":\"Unknown tool: x\"}}");
        TraceEvent err = events().get(1);
        assertEquals("error", err.type());
        assertEquals(-32602, ((Number) err.data().get("code")).intValue());
        assertEquals("Unknown tool: x", err.data().get("message"));
        assertEquals("x", err.data().get("tool_name"));
        assertEquals(events().get(0).eventId(), err.parentId());
        assertTrue(err.durationMs() >= 0);
    }

    @Test
    void resourcesRead_isAFileReadAndUpdatesAreFileWrites() {
        send(C2S, "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"resources/read\",\"params\":{\"uri\":\"file:///a\"}}");
        send(S2C, "{\"jsonrpc\":\"2.0\",\"id\":6,\"result\":{\"contents\":[{\"uri\":\"file:///a\",\"text\":\"x\"}]}}");
        send(S2C, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/resources/updated\",\"params\":{\"uri\":\"file:///a\"}}");
        List<TraceEvent> ev = events();
        assertEquals(List.of("file_read", "decision", "file_write"), ev.stream().map(TraceEvent::type).toList());
        assertEquals("file:///a", ev.get(0).data().get("uri"));
        assertEquals("result: 1 contents", ev.get(1).data().get("reason"));
        assertEquals(ev.get(0).eventId(), ev.get(1).parentId());
    }

    @Test
    void initialize_isCapturedAsSessionInfo() {
        send(C2S, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{\"sampling\":{}},\"clientInfo\":{\"name\":\"cli\",\"version\":\"1\"}}}");
        send(S2C, "{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"srv\",\"version\":\"2\"}}}");
        Map<String, Object> info = recorder.sessionInfo();
        assertEquals("2025-06-18", info.get("protocol_version"));
        assertEquals(Map.of("name", "cli", "version", "1"), info.get("client_info"));
        assertEquals(Map.of("name", "srv", "version", "2"), info.get("server_info"));
        assertEquals("server srv 2 (protocol 2025-06-18)", events().get(1).data().get("reason"));
    }

    @Test
    void progressNotifications_linkToTheRequestThatAskedForThem() {
        send(C2S, "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"slow\",\"_meta\":{\"progressToken\":\"p1\"}}}");
        send(S2C, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":\"p1\",\"progress\":1,\"total\":3}}");
        TraceEvent progress = events().get(1);
        assertEquals("decision", progress.type());
        assertEquals(events().get(0).eventId(), progress.parentId());
        assertEquals("progress 1/3", progress.data().get("reason"));
    }

    @Test
    void batch_isUnpackedIntoOneEventPerMessage() {
        send(C2S, "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"},{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}]");
        send(S2C, "[{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}]");
        List<TraceEvent> ev = events();
        assertEquals(3, ev.size());
        assertEquals("ping", ev.get(0).data().get("choice"));
        assertEquals(2, ((Number) ev.get(0).data().get("batch_size")).intValue());
        assertEquals(ev.get(0).eventId(), ev.get(2).parentId());
        assertEquals(3, recorder.messages());
    }

    @Test
    void badInput_isRecordedAsParseErrorsAndNeverThrows() {
        send(C2S, "{bad json");
        send(C2S, "[]");
        send(C2S, "42");
        send(C2S, "{\"jsonrpc\":\"2.0\"}");
        recorder.unparsed(S2C, "invalid UTF-8", new byte[] {(byte) 0xff, 'a'});
        List<TraceEvent> ev = events();
        assertEquals(5, ev.size());
        for (TraceEvent e : ev) {
            assertEquals("error", e.type());
        }
        assertEquals("parse_error", ev.get(0).data().get("error_type"));
        assertTrue(((String) ev.get(0).data().get("message")).startsWith("not JSON"));
        assertEquals("invalid_message", ev.get(2).data().get("error_type"));
        assertEquals(2, ((Number) ev.get(4).data().get("sample_bytes")).intValue());
    }

    @Test
    void close_recordsPendingRequestsAsUnansweredAndFlushesMeta() {
        send(C2S, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"hang\"}}");
        send(C2S, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"prompts/list\"}");
        send(C2S, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":2}}");
        recorder.close();
        recorder.close();
        send(C2S, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}"); // after close: ignored, no throw
        List<TraceEvent> ev = events();
        assertEquals(5, ev.size());
        TraceEvent hang = ev.stream().filter(e -> "unanswered".equals(e.data().get("error_type"))).findFirst().orElseThrow();
        assertEquals(ev.get(0).eventId(), hang.parentId());
        TraceEvent cancelled = ev.stream().filter(e -> "cancelled".equals(e.data().get("mcp_kind"))).findFirst().orElseThrow();
        assertEquals("decision", cancelled.type());
        assertEquals(ev.get(1).eventId(), ev.get(2).parentId());
        SessionMeta meta = store.readMeta("s1");
        assertEquals(1, meta.toolCalls());
        assertEquals(1, meta.errors());
    }

    @Test
    void largeResult_isBoundedInTheRecord() {
        send(C2S, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"big\"}}");
        String big = "x".repeat(1_000_000);
        send(S2C, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"" + big + "\"}]}}");
        TraceEvent result = events().get(1);
        String text = (String) result.data().get("result");
        assertTrue(text.length() < 5000, "result kept at " + text.length());
        assertTrue(Texts.wasCut(text), "cut with the one marker: " + text.substring(text.length() - 70));
    }

    @Test
    void recordedData_isRedactedButTheCallerKeepsGoing() {
        send(C2S, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"s\",\"arguments\":{\"q\":\"sk-abcdefghijklmnopqrstuvwxyz\"}}}");
        String line = new String(readEventsBytes(), StandardCharsets.UTF_8);
        assertTrue(!line.contains("sk-abcdefghijklmnopqrstuvwxyz"), line);
    }

    private byte[] readEventsBytes() {
        try {
            return java.nio.file.Files.readAllBytes(store.eventsFile("s1"));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void modernProtocol_peerInfoComesFromMeta() {
        send(C2S, """
                {"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientInfo":{"name":"new-client","version":"3"}}}}""");
        send(S2C, """
                {"jsonrpc":"2.0","id":1,"result":{"resultType":"complete","tools":[],"_meta":{"io.modelcontextprotocol/serverInfo":{"name":"new-server","version":"4"}}}}""");
        Map<String, Object> info = recorder.sessionInfo();
        assertEquals("2026-07-28", info.get("protocol_version"));
        assertEquals(Map.of("name", "new-client", "version", "3"), info.get("client_info"));
        assertEquals(Map.of("name", "new-server", "version", "4"), info.get("server_info"));
    }

    @Test
    void message_isSafeFromManyThreads() throws Exception {
        McpRecorder shared = new McpRecorder(writer, Clock.at(System::nanoTime, () -> 1000.0), Ids.secure());
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            int base = t * 1000;
            threads[t] = new Thread(() -> {
                for (int i = base; i < base + 200; i++) {
                    shared.message(C2S, "{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"tools/call\",\"params\":{\"name\":\"t\"}}", Map.of());
                    shared.message(S2C, "{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"result\":{\"content\":[]}}", Map.of());
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        shared.close();
        List<TraceEvent> ev = events();
        assertEquals(1600, ev.size());
        assertEquals(800, ev.stream().filter(e -> "tool_result".equals(e.type()) && e.parentId() != null).count());
        assertEquals(800, store.readMeta("s1").toolCalls());
        assertEquals(0, shared.failures());
    }
}
