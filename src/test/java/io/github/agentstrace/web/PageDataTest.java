package io.github.agentstrace.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.analysis.Explanation;
import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.Texts;
import io.github.agentstrace.session.SessionListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page's data: one row per call, turn, prompt and event, read through the session model. */
class PageDataTest {
    @TempDir
    Path dir;

    private static List<Object> row(List<Object> rows, String kind, int lane, long event) {
        for (Object o : rows) {
            List<Object> r = Json.asArray(o);
            if (kind.equals(r.get(0)) && ((Number) r.get(1)).intValue() == lane && ((Number) r.get(2)).longValue() == event) {
                return r;
            }
        }
        throw new AssertionError("no " + kind + " row #" + event + " in lane " + lane);
    }

    @Test
    void session_withSubagent_rowsLanesAndTheExplanation() {
        var reading = WebFixture.reading(WebFixture.EXAMPLES);
        Map<String, Object> data = PageData.of(reading, "ec60f27c-f718-4d");
        Map<String, Object> expected = Explanation.of(reading.read("ec60f27c-f718-4d", true, true, SessionListener.NONE)).toJson();
        assertEquals(Json.write(expected), Json.write(data.get("session")), "the summary is explain --json's");
        assertEquals(PageData.COLUMNS, data.get("columns"));

        List<Object> lanes = Json.asArray(data.get("lanes"));
        assertEquals(2, lanes.size());
        Map<String, Object> sub = Json.asObject(lanes.get(1));
        assertEquals("aa7ddf1d23bc5b3bb", sub.get("session_id"));
        assertEquals(0, ((Number) sub.get("parent")).intValue());
        assertEquals(15L, ((Number) sub.get("spawned_by_event")).longValue(), "started by the Agent call");

        List<Object> rows = Json.asArray(data.get("rows"));
        List<Object> failed = row(rows, "c", 0, 9);
        assertEquals("failed", failed.get(5));
        assertEquals("Bash", failed.get(6));
        assertEquals("$ exit 3", failed.get(7));
        Map<String, Object> detail = Json.asObject(failed.get(10));
        assertEquals("shell", detail.get("kind"));
        assertEquals(Map.of("command", "exit 3", "description", "Fail on purpose"), detail.get("args"));
        assertEquals(10L, ((Number) detail.get("answer")).longValue());
        assertEquals("Exit code 3", detail.get("error"));
        assertEquals(1 | 2, ((Number) failed.get(9)).intValue() & 3, "%error and %shell");

        List<Object> write = row(rows, "c", 0, 11);
        assertEquals("notes.md", write.get(7), "paths inside the project are shown relative to it");
        assertEquals(4, ((Number) write.get(9)).intValue(), "%file");

        List<Object> prompt = row(rows, "p", 0, 2);
        assertTrue(Json.asObject(prompt.get(10)).get("text").toString().startsWith("E2E-MAIN-c8a678 Please run"));
        List<Object> subCall = row(rows, "c", 1, 2);
        assertEquals("$ echo hello-from-subagent", subCall.get(7));
        assertEquals(0, ((Number) subCall.get(8)).intValue(), "a subagent's rows sit in the phase that started it");
        row(rows, "a", 0, 17);
        row(rows, "x", 0, 18);

        // rows by phase, then time: the list can group them without sorting
        long last = -1;
        for (Object o : rows) {
            long t = ((Number) Json.asArray(o).get(3)).longValue();
            assertTrue(t >= last, "rows in time order");
            last = t;
        }
    }

    @Test
    void llmTurn_carriesUsageAndCost() {
        Map<String, Object> data = PageData.of(WebFixture.reading(WebFixture.EXAMPLES), "9cc82d8d0a3ce14b");
        List<Object> turn = row(Json.asArray(data.get("rows")), "l", 0, 3);
        assertEquals("claude-sonnet-4", turn.get(6));
        Map<String, Object> d = Json.asObject(turn.get(10));
        Map<String, Object> usage = Json.asObject(d.get("usage"));
        assertEquals(((Number) Json.asObject(data.get("session")).get("tokens")).longValue(), ((Number) usage.get("total")).longValue());
        assertEquals(((Number) Json.asObject(data.get("session")).get("cost_usd")).doubleValue(), ((Number) d.get("cost_usd")).doubleValue(), 1e-9);
        assertEquals(16, ((Number) turn.get(9)).intValue(), "%llm");
    }

    @Test
    void longTexts_areCutWithTheOneMarker_andThePageIsSmallerThanTheSession() throws Exception {
        String sid = "bigoutputs000001";
        List<Map<String, Object>> events = new ArrayList<>();
        events.add(WebFixture.event("session_start", 1795477000.0, "s0", sid, null, Map.of()));
        String big = "x".repeat(50_000);
        for (int i = 0; i < 200; i++) {
            double t = 1795477001.0 + i;
            events.add(WebFixture.event("tool_call", t, "c" + i, sid, null, Map.of("tool_name", "Read",
                    "arguments", Map.of("file_path", "/p/f" + i + ".txt"))));
            events.add(WebFixture.event("tool_result", t + 0.5, "r" + i, sid, "c" + i, Map.of("tool_name", "Read",
                    "result", big)));
        }
        Path traces = dir.resolve("traces");
        WebFixture.session(traces, sid, "test", events);
        String html = new Share().page(WebFixture.reading(traces), sid);
        List<Object> rows = Json.asArray(WebFixture.dataOf(html).get("rows"));
        String result = (String) Json.asObject(row(rows, "c", 0, 2).get(10)).get("result");
        assertTrue(Texts.wasCut(result), "cut, and says so");
        assertTrue(result.startsWith("x".repeat(Rows.KEEP)) && result.length() < Rows.KEEP + 100, result.length() + " chars");
        long ndjson = Files.size(traces.resolve(sid).resolve("events.ndjson"));
        assertTrue(html.length() < ndjson / 5, "page " + html.length() + " bytes, session " + ndjson);
    }

    @Test
    void trimmed_cutsEveryString_andKeepsTheShape() {
        Map<String, Object> args = Map.of("content", "y".repeat(10_000), "list", List.of("z".repeat(9_000), 3));
        Map<String, Object> t = Json.asObject(Rows.trimmed(args));
        assertTrue(Texts.wasCut((String) t.get("content")));
        List<Object> list = Json.asArray(t.get("list"));
        assertTrue(Texts.wasCut((String) list.get(0)));
        assertEquals(3, list.get(1));
        assertNull(Rows.trimmed(null));
    }
}
