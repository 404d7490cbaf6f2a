package io.github.agentstrace.replay;

import static io.github.agentstrace.replay.TestSessions.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.TraceEvent;
import org.junit.jupiter.api.Test;

class PairingTest {
    @Test
    void close_keepsOnlyUnansweredCalls() {
        Pairing p = new Pairing();
        for (int i = 0; i < 100_000; i++) {
            p.open(new TraceEvent("tool_call", i, "c" + i, "s", null, null, map("tool_name", "Bash")));
            p.close(new TraceEvent("tool_result", i, "r" + i, "s", "c" + i, 1.0, map()));
        }
        assertEquals(0, p.open().size());
    }

    @Test
    void close_matchesByRequestIdKeepingNumberAndStringApart() {
        Pairing p = new Pairing();
        p.open(TraceEvent.parseLine("{\"event_type\":\"tool_call\",\"timestamp\":1,\"event_id\":\"a\",\"data\":{\"tool_name\":\"x\",\"request_id\":3}}"));
        TraceEvent stringId = TraceEvent.parseLine("{\"event_type\":\"tool_result\",\"timestamp\":2,\"data\":{\"request_id\":\"3\"}}");
        assertNull(p.close(stringId));
        TraceEvent numberId = new TraceEvent("tool_result", 2, null, null, null, null,
                Json.asObject(Json.parse("{\"request_id\":3}")));
        assertEquals("x", p.close(numberId).toolName());
    }

    @Test
    void close_matchesByToolUseId() {
        Pairing p = new Pairing();
        p.open(new TraceEvent("tool_call", 1, "a", "s", null, null, map("tool_name", "Read", "tool_use_id", "toolu_1")));
        p.open(new TraceEvent("tool_call", 1, "b", "s", null, null, map("tool_name", "Bash", "tool_use_id", "toolu_2")));
        assertEquals("Bash", p.close(new TraceEvent("tool_result", 2, "r", "s", null, null, map("tool_use_id", "toolu_2"))).toolName());
        assertEquals(1, p.open().size());
    }
}
