package io.github.agentstrace.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.json.JsonException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.Set;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

class TraceEventTest {

    @Test
    void parseLine_toleratesUnknownKeysAndUnknownTypes() {
        TraceEvent e = TraceEvent.parseLine("""
                {"event_type":"telepathy","timestamp":1.5,"future_key":[1],"data":{"x":1,"y":{"z":null}}}""");
        assertEquals("telepathy", e.type());
        assertNull(e.kind());
        assertEquals(1.5, e.timestamp());
        // Unknown top-level keys are dropped (the original's reader rejects them); data is kept whole.
        assertEquals("{\"event_type\":\"telepathy\",\"timestamp\":1.5,\"data\":{\"x\":1,\"y\":{\"z\":null}}}", e.toLine());
    }

    @Test
    void parseLine_requiresTypeAndNumericTimestamp() {
        assertThrows(IllegalArgumentException.class, () -> TraceEvent.parseLine("{\"timestamp\":1}"));
        assertThrows(IllegalArgumentException.class, () -> TraceEvent.parseLine("{\"event_type\":\"\",\"timestamp\":1}"));
        assertThrows(IllegalArgumentException.class, () -> TraceEvent.parseLine("{\"event_type\":\"error\",\"timestamp\":\"1\"}"));
        assertThrows(IllegalArgumentException.class, () -> TraceEvent.parseLine("[1]"));
        assertThrows(JsonException.class, () -> TraceEvent.parseLine("{\"event_type\":\"error\",\"timest"));
    }

    @Test
    void parseLine_nonObjectDataBecomesEmptyAndNullFieldsAreAbsent() {
        TraceEvent e = TraceEvent.parseLine(
                "{\"event_type\":\"error\",\"timestamp\":2,\"event_id\":null,\"parent_id\":\"\",\"data\":[1]}");
        assertNull(e.eventId());
        assertNull(e.parentId());
        assertNull(e.durationMs());
        assertEquals(Map.of(), e.data());
        assertEquals("{\"event_type\":\"error\",\"timestamp\":2.0,\"data\":{}}", e.toLine());
    }

    @Test
    void toLine_keyOrderOmissionsAndAsciiEscaping() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("text", "héllo\nwörld \u2028 😀");
        TraceEvent e = TraceEvent.of(EventType.TOOL_RESULT, 1795477017.1730728, "abc123abc123", "s1", "p1", 0.0, data);
        assertEquals("{\"event_type\":\"tool_result\",\"timestamp\":1795477017.1730728,\"event_id\":\"abc123abc123\","
                + "\"session_id\":\"s1\",\"parent_id\":\"p1\",\"duration_ms\":0.0,\"data\":{\"text\":"
                + "\"h\\u00e9llo\\nw\\u00f6rld \\u2028 \\ud83d\\ude00\"}}", e.toLine());
        assertEquals(e, TraceEvent.parseLine(e.toLine()).withData(data));
        assertTrue(e.toLine().chars().allMatch(c -> c >= 0x20 && c < 0x7f));
    }

    @Test
    void constructor_rejectsMissingType() {
        assertThrows(IllegalArgumentException.class, () -> new TraceEvent("", 1, null, null, null, null, null));
        assertEquals(Map.of(), new TraceEvent("x", 1, null, null, null, null, null).data());
    }

    @Test
    void eventType_hasTheTwelveWireNames() {
        assertEquals(Arrays.asList("session_start", "session_end", "tool_call", "tool_result", "llm_request",
                "llm_response", "file_read", "file_write", "decision", "error", "user_prompt",
                "assistant_response"), Arrays.stream(EventType.values()).map(EventType::wire).toList());
        for (EventType t : EventType.values()) {
            assertEquals(t, EventType.fromWire(t.wire()));
        }
        assertNull(EventType.fromWire("TOOL_CALL"));
        assertNull(EventType.fromWire(null));
    }

    @Test
    void ids_haveTheOriginalShapesAndAreDeterministicWithASeed() {
        Ids ids = new Ids(new SplittableRandom(7));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String ev = ids.eventId();
            String se = ids.sessionId();
            assertTrue(ev.matches("[0-9a-f]{12}"), ev);
            assertTrue(se.matches("[0-9a-f]{16}"), se);
            assertTrue(seen.add(se));
        }
        assertEquals(new Ids(new SplittableRandom(7)).sessionId(), new Ids(new SplittableRandom(7)).sessionId());
        assertTrue(Ids.secure().sessionId().matches("[0-9a-f]{16}"));
    }

    @Test
    void json_roundTripOfAnEventWithBigNumbersInData() {
        String line = "{\"event_type\":\"tool_call\",\"timestamp\":1.0,\"data\":{\"n\":123456789012345678901234567890,\"f\":0.10}}";
        assertEquals(line, TraceEvent.parseLine(line).toLine());
        assertEquals(line, Json.write(TraceEvent.parseLine(line).toJson(), Json.Style.COMPACT_ASCII));
    }
}
