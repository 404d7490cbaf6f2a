package io.github.agentstrace.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.model.Clock;
import io.github.agentstrace.model.Ids;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.store.TraceStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The traffic the original's proxy saw (fixture c-stdio-proxy: client input with a Content-Length frame
 * and junk lines, and the fake server's answers), framed and classified here. Unlike the original, the
 * junk is recorded and the sampling answer is an llm_response linked to its request.
 */
class OriginalFixtureTest {
    @TempDir
    Path dir;

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = OriginalFixtureTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void fixtureTraffic_isClassifiedAndPaired() throws IOException {
        TraceStore store = new TraceStore(dir);
        store.create(SessionMeta.start("fx", 1.0, "fake-mcp", "python3 fake_mcp_server.py"), Redactor.disabled());
        long[] now = {0};
        try (var writer = store.writer("fx", Redactor.standard());
             McpRecorder recorder = new McpRecorder(writer, Clock.at(() -> now[0] += 1_000_000, () -> 1.0 + now[0] / 1e9),
                     new Ids(new SplittableRandom(1)))) {
            for (Direction d : Direction.values()) {
                Framer f = Framer.recording(recorder, d);
                byte[] bytes = resource(d == Direction.CLIENT_TO_SERVER ? "stdio-client-input.bin" : "stdio-proxy-stdout.ndjson");
                f.feed(bytes, 0, bytes.length);
                f.end();
            }
        }
        List<TraceEvent> ev = store.reader("fx", w -> { }).events().toList();
        List<TraceEvent> calls = ev.stream().filter(e -> "tool_call".equals(e.type())).toList();
        assertEquals(List.of("read_file", "search", "delete_everything", "read_file"),
                calls.stream().map(e -> e.data().get("tool_name")).toList());
        for (TraceEvent call : calls) {
            long outcomes = ev.stream().filter(e -> call.eventId().equals(e.parentId())).count();
            assertEquals(1, outcomes, "one outcome for " + call.data());
        }
        TraceEvent framed = calls.get(3);
        assertEquals(Map.of("framing", "content-length"), framed.data().get("transport"));
        TraceEvent unknownTool = ev.stream().filter(e -> calls.get(2).eventId().equals(e.parentId())).findFirst().orElseThrow();
        assertEquals("error", unknownTool.type());
        assertEquals("Unknown tool: delete_everything", unknownTool.data().get("message"));
        long junk = ev.stream().filter(e -> "parse_error".equals(e.data().get("error_type"))).count();
        assertEquals(2, junk, "'this line is not json' and '{bad json'");
        TraceEvent llm = ev.stream().filter(e -> "llm_request".equals(e.type())).findFirst().orElseThrow();
        assertEquals("fake-model", llm.data().get("model"));
        assertTrue(ev.stream().anyMatch(e -> "llm_response".equals(e.type()) && llm.eventId().equals(e.parentId())));
        assertEquals(2, ev.stream().filter(e -> "file_write".equals(e.type())).count());
        assertEquals(1, ev.stream().filter(e -> "file_read".equals(e.type())).count());
        SessionMeta meta = store.readMeta("fx");
        assertEquals(4, meta.toolCalls());
        assertEquals(1, meta.llmRequests());
        assertEquals(3, meta.errors());
    }
}
