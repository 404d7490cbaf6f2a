package io.github.agentstrace.replay;

import static io.github.agentstrace.replay.TestSessions.map;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.model.TraceEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventFilterTest {
    private static TraceEvent ev(String type, Map<String, Object> data) {
        return new TraceEvent(type, 1.0, "e1", "s", null, null, data);
    }

    private static boolean shows(String spec, TraceEvent e, String tool, boolean failed) {
        return EventFilter.parse(List.of(spec)).accepts(e, tool, failed);
    }

    @Test
    void parse_typesAreAUnion() {
        TraceEvent call = ev("tool_call", map());
        assertTrue(shows("tool_call,error", call, null, false));
        assertFalse(shows("error", call, null, false));
    }

    @Test
    void parse_negationAloneShowsEverythingElse() {
        assertFalse(shows("!tool_result", ev("tool_result", map()), null, false));
        assertTrue(shows("!tool_result", ev("tool_call", map()), null, false));
        assertFalse(shows("%tool,!tool_result", ev("tool_result", map()), null, false));
        assertFalse(shows("%tool,!tool_result", ev("user_prompt", map()), null, false));
    }

    @Test
    void classes_matchByToolNameAndFailure() {
        assertTrue(shows("%shell", ev("tool_result", map()), "Bash", false));
        assertFalse(shows("%shell", ev("tool_result", map()), "Read", false));
        assertTrue(shows("%file", ev("tool_call", map()), "Edit", false));
        assertTrue(shows("%file", ev("file_read", map()), null, false));
        assertTrue(shows("%mcp", ev("tool_call", map()), "mcp__github__get_issue", false));
        assertTrue(shows("%mcp", ev("tool_result", map("request_id", 3)), null, false));
        assertTrue(shows("%llm", ev("llm_response", map()), null, false));
        assertTrue(shows("%error", ev("tool_result", map()), "Bash", true));
        assertFalse(shows("%error", ev("tool_result", map()), "Bash", false));
        assertTrue(shows("%prompt", ev("user_prompt", map()), null, false));
        assertFalse(shows("%prompt", ev("decision", map()), null, false));
    }

    @Test
    void parse_invalidNameListsTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EventFilter.parse(List.of("tool_call,%bogus")));
        assertTrue(e.getMessage().startsWith("invalid filter '%bogus'; valid names: session_start"), e.getMessage());
        assertTrue(e.getMessage().contains("%tool, %file, %shell, %mcp, %llm, %error, %prompt"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EventFilter.parse(List.of("!")));
    }

    @Test
    void parse_emptyShowsEverything() {
        assertTrue(EventFilter.parse(List.of()).showsEverything());
        assertTrue(EventFilter.parse(List.of(" , ")).showsEverything());
    }
}
