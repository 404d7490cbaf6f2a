package io.github.agentstrace.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionMetaTest {

    @Test
    void toJson_omitsEmptyFieldsButAlwaysWritesAttribution() {
        SessionMeta m = SessionMeta.start("abc", 1795477017.5, null, null);
        assertEquals("{\n  \"session_id\": \"abc\",\n  \"started_at\": 1795477017.5,\n  \"attribution\": {}\n}",
                Json.write(m.toJson(), Json.Style.PRETTY_ASCII));
        assertFalse(m.finished());
    }

    @Test
    void fromJson_ignoresUnknownKeysAndRequiresIdAndStart() {
        SessionMeta m = SessionMeta.fromJson(Json.parse(
                "{\"session_id\":\"s\",\"started_at\":10,\"mystery\":{\"a\":1},\"tool_calls\":3,\"ended_at\":12.5}"));
        assertEquals(3, m.toolCalls());
        assertEquals(12.5, m.endedAt());
        assertEquals(2500.0, m.durationMs(99));
        assertTrue(m.finished());
        assertThrows(IllegalArgumentException.class, () -> SessionMeta.fromJson(Json.parse("{\"started_at\":1}")));
        assertThrows(IllegalArgumentException.class, () -> SessionMeta.fromJson(Json.parse("{\"session_id\":\"s\"}")));
        assertThrows(IllegalArgumentException.class, () -> SessionMeta.fromJson(Json.parse("[]")));
    }

    @Test
    void endedAt_setsTotalDurationAndCountingBumpsTheRightCounter() {
        SessionMeta m = SessionMeta.start("s", 100.0, "a", "c").endedAt(101.25);
        assertEquals(1250.0, m.totalDurationMs());
        m = m.counting(TraceEvent.of(EventType.TOOL_CALL, 1, null, null, null, null, null))
                .counting(TraceEvent.of(EventType.LLM_REQUEST, 1, null, null, null, null, null))
                .counting(TraceEvent.of(EventType.ERROR, 1, null, null, null, null, null))
                .counting(TraceEvent.of(EventType.TOOL_RESULT, 1, null, null, null, null, null))
                .counting(new TraceEvent("unknown_kind", 1, null, null, null, null, null));
        assertEquals(1, m.toolCalls());
        assertEquals(1, m.llmRequests());
        assertEquals(1, m.errors());
    }

    @Test
    void durationMs_ofARunningSessionUsesNow() {
        SessionMeta m = SessionMeta.start("s", 100.0, "", "");
        assertNull(m.endedAt());
        assertEquals(2000.0, m.durationMs(102.0));
        assertEquals(0.0, m.durationMs(50.0));
    }

    @Test
    void toJson_keyOrderIsTheOriginals() {
        SessionMeta m = new SessionMeta("s", 1.0, 2.0, "agent", "cmd", 1, 2, 3, 4, 1000.0, "ps", "pe", 1,
                new java.util.LinkedHashMap<>(Map.of("k", "v")));
        assertEquals(java.util.List.of("session_id", "started_at", "ended_at", "agent_name", "command", "tool_calls",
                "llm_requests", "errors", "total_tokens", "total_duration_ms", "parent_session_id", "parent_event_id",
                "depth", "attribution"), java.util.List.copyOf(m.toJson().keySet()));
    }
}
