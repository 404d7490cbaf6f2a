package io.github.agentstrace.mcpserver;

import static io.github.agentstrace.mcpserver.Harness.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.Texts;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad arguments come back as isError results that say what was wrong and what would be right. */
class ArgumentsTest {
    private final Harness h = new Harness(Harness.EXAMPLES);

    @Test
    void unknownArgument_namesTheOnesTaken() {
        assertEquals("explain: unknown argument 'id'; it takes session_id", h.toolError("explain", args("id", "ec60")));
    }

    @Test
    void wrongTypesAndRanges() {
        assertEquals("list_sessions: argument 'limit' must be a whole number from 1 to 100, got 0",
                h.toolError("list_sessions", args("limit", 0)));
        assertEquals("list_sessions: argument 'limit' must be a whole number from 1 to 100, got 2.5",
                h.toolError("list_sessions", args("limit", 2.5)));
        assertEquals("list_sessions: argument 'errors_only' must be true or false, got \"yes\"",
                h.toolError("list_sessions", args("errors_only", "yes")));
        assertEquals("explain: argument 'session_id' must be a non-empty string, got \"\"",
                h.toolError("explain", args("session_id", "")));
        assertEquals("explain: argument 'session_id' must be a non-empty string, got 42",
                h.toolError("explain", args("session_id", 42)));
        assertEquals("stats: argument 'sort' must be one of calls, time, errors, name, got \"size\"",
                h.toolError("stats", args("sort", "size")));
        assertEquals("why: argument 'event' must be an event number (1 or more) or an event id such as"
                + " \"7d7d6a4bf42b\", got -3", h.toolError("why", args("event", -3)));
    }

    @Test
    void wholeNumbersWrittenWithAFraction_areWholeNumbers() {
        assertEquals(1, ToolsTest.ids(h.structured("list_sessions", args("limit", 1.0))).size());
    }

    @Test
    void missingRequiredArgument_saysWhatItIs() {
        assertEquals("why: missing argument 'event': The event: its number in the session (1 is the first) or its"
                + " event_id.", h.toolError("why", args("session_id", "ec60")));
        assertEquals("diff: missing argument 'other_session_id': The session to compare it with (B): an id or a"
                + " unique prefix.", h.toolError("diff", Map.of()));
    }

    @Test
    void argumentsThatAreNoObject() {
        Map<String, Object> params = args("name", "explain", "arguments", List.of("ec60"));
        Map<String, Object> r = h.result("tools/call", params);
        assertEquals(true, r.get("isError"));
        assertEquals("explain: arguments must be an object of named values, got [\"ec60\"]", Harness.text(r));
    }

    @Test
    void sessionsThatAreNotThere_orAmbiguous() {
        assertEquals("explain: Session not found: ffff (list_sessions shows the sessions there are)",
                h.toolError("explain", args("session_id", "ffff")));
        assertEquals("explain: invalid session id '../x': ids are 1-128 characters of A-Z a-z 0-9 _ - (list_sessions"
                + " shows the sessions there are)", h.toolError("explain", args("session_id", "../x")));
    }

    @Test
    void since_isADateATimeOrAnAge() throws BadArgument {
        Instant at = Instant.parse("2026-12-01T00:00:00Z");
        double now = at.getEpochSecond();
        assertEquals(Instant.parse("2026-11-24T00:00:00Z").getEpochSecond(), SessionFacts.since("2026-11-24", at));
        assertEquals(Instant.parse("2026-11-24T10:00:00Z").getEpochSecond(),
                SessionFacts.since("2026-11-24T10:00:00Z", at));
        assertEquals(Instant.parse("2026-11-24T08:00:00Z").getEpochSecond(),
                SessionFacts.since("2026-11-24T10:00:00+02:00", at));
        assertEquals(Instant.parse("2026-11-24T10:00:00Z").getEpochSecond(),
                SessionFacts.since("2026-11-24T10:00:00", at));
        assertEquals(now - 90 * 60, SessionFacts.since("90m", at));
        assertEquals(now - 24 * 3600, SessionFacts.since("24h", at));
        assertEquals(now - 14 * 86400, SessionFacts.since("2w", at));
    }

    @ParameterizedTest
    @CsvSource({"yesterday", "24 hours", "2026-13-01", "-5d", "10y"})
    void since_refusesAnythingElse(String bad) {
        BadArgument e = assertThrows(BadArgument.class, () -> SessionFacts.since(bad, Instant.EPOCH));
        assertEquals("argument 'since' must be a date (2026-11-24), a time (2026-11-24T10:00:00Z) or an age such as"
                + " 90m, 24h or 7d, got \"" + bad + "\"", e.getMessage());
        assertEquals("list_sessions: " + e.getMessage(), h.toolError("list_sessions", args("since", bad)));
    }

    @Test
    void longValues_areCappedWithAMarker_textAndStructuredAlike() {
        String big = "z".repeat(50_000);
        Harness fake = new Harness(Harness.EXAMPLES, new Tools(List.of(new FakeTool("explain",
                a -> new Tool.Output(Map.of("value", big, "list", List.of(big)), "t".repeat(100_000))))));
        Map<String, Object> r = fake.call("explain", Map.of());
        Map<String, Object> s = Json.asObject(r.get("structuredContent"));
        assertEquals(Texts.cut(big, Tools.MAX_STRING), s.get("value"));
        assertEquals(List.of(Texts.cut(big, Tools.MAX_STRING)), s.get("list"));
        assertEquals("z".repeat(2000) + "...[truncated by agent-strace: 50000 chars, first 2000 kept]", s.get("value"));
        assertEquals("t".repeat(40_000) + "...[truncated by agent-strace: 100000 chars, first 40000 kept]",
                Harness.text(r));
    }

    @Test
    void aHugeRecordedResult_isCappedInGetSession(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        try (Recorded r = new Recorded(dir, "big", Recorded.T0, "agent")) {
            r.prompt("print it").bash("cat big.log", 0, "line\n".repeat(20_000));
        }
        Map<String, Object> page = new Harness(dir).structured("get_session", args("limit", 3));
        Map<String, Object> result = Json.asObject(Json.asArray(page.get("events")).get(2));
        assertEquals("tool_result", result.get("event_type"));
        String text = (String) Json.asObject(result.get("data")).get("result");
        assertEquals("line\n".repeat(400) + "...[truncated by agent-strace: 100000 chars, first 2000 kept]", text);
    }
}
