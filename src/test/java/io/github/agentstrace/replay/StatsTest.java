package io.github.agentstrace.replay;

import static io.github.agentstrace.replay.TestSessions.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.model.TraceEvent;
import org.junit.jupiter.api.Test;

/** Numbers checked by hand. */
class StatsTest {
    private static TraceEvent ev(String type, double ts, String id, String parent, Double dur, java.util.Map<String, Object> d) {
        return new TraceEvent(type, ts, id, "s", parent, dur, d);
    }

    @Test
    void toolStats_totalsAveragesAndNearestRankPercentiles() {
        SessionStats s = new SessionStats();
        double[] durations = {40, 10, 100, 30, 20};
        for (int i = 0; i < durations.length; i++) {
            s.accept(ev("tool_call", i, "c" + i, null, null, map("tool_name", "Read")));
            s.accept(ev("tool_result", i + 0.5, "r" + i, "c" + i, durations[i], map("tool_name", "Read")));
        }
        SessionStats.ToolStats read = s.tools.get("Read");
        assertEquals(5, read.calls);
        assertEquals(0, read.errors);
        assertEquals(200.0, read.total());   // 40+10+100+30+20
        assertEquals(40.0, read.avg());      // 200/5
        assertEquals(30.0, read.percentile(50)); // rank ceil(2.5)=3 of 10,20,30,40,100
        assertEquals(100.0, read.percentile(95)); // rank ceil(4.75)=5
        assertEquals(100.0, read.max());
    }

    @Test
    void durationFromTimestampsWhenNotRecorded_andErrorsCountPerTool() {
        SessionStats s = new SessionStats();
        s.accept(ev("tool_call", 10.0, "c1", null, null, map("tool_name", "Bash", "request_id", 1)));
        // No parent_id, no duration: paired by request_id, 250 ms from the timestamps.
        s.accept(ev("tool_result", 10.25, "r1", null, null, map("request_id", 1, "exit_code", 2, "stderr", "boom")));
        s.accept(ev("tool_call", 11.0, "c2", null, null, map("tool_name", "Bash")));
        s.accept(ev("error", 11.5, "e2", "c2", null, map("tool_name", "Bash", "error", "Exit code 3")));
        s.accept(ev("error", 12.0, "e3", null, null, map("message", "rate limited")));
        s.accept(ev("tool_call", 13.0, "c4", null, null, map("tool_name", "Read")));
        s.endSession();
        SessionStats.ToolStats bash = s.tools.get("Bash");
        assertEquals(2, bash.calls);
        assertEquals(2, bash.errors);
        assertEquals(750.0, bash.total(), 1e-6); // 250 + 500
        assertEquals(3, s.failures());
        assertEquals(2, s.errors);
        assertEquals(1, s.failedResults);
        assertEquals(1, s.pending);
        assertEquals("boom", s.errorList.get(0).message());
        assertEquals("Exit code 3", s.errorList.get(1).message()); // the original printed "unknown" here
        assertEquals("rate limited", s.errorList.get(2).message());
        assertEquals(null, s.errorList.get(2).toolName());
    }

    @Test
    void tokensAddUpFromTotalOrInputAndOutput() {
        SessionStats s = new SessionStats();
        s.accept(ev("llm_response", 1, "a", null, null, map("total_tokens", 100)));
        s.accept(ev("llm_response", 2, "b", null, null, map("input_tokens", 20, "output_tokens", 5)));
        s.accept(ev("llm_response", 3, "c", null, null, map("usage", map("input_tokens", 1, "output_tokens", 2))));
        assertEquals(128, s.tokens);
        assertTrue(s.tools.isEmpty());
    }
}
