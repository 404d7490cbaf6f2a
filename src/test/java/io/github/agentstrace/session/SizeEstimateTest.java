package io.github.agentstrace.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.model.Usage;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SizeEstimateTest {
    private static Step step(String type, Map<String, Object> data, Turn turn) {
        TraceEvent e = new TraceEvent(type, 1795477000.0, "e1", "s1", null, null, data);
        return new Step(1, e, null, null, Failure.NONE, null, turn, null, false, false);
    }

    @Test
    void guessesFromTheDataSize_untilATurnHasUsage() {
        SizeEstimate size = new SizeEstimate();
        size.step(step("tool_call", Map.of("command", "x".repeat(388)), null)); // {"command":"xxx…"}: 402 chars
        size.step(step("tool_result", Map.of("result", "y".repeat(86)), null)); // 99 chars
        assertEquals(Usage.of(100, 24), size.usage());

        Turn withoutUsage = new Turn("s1", 1, "m", null, null, 1795477000.0, null, Outcome.OK, Failure.NONE, 0, false);
        size.step(step("llm_response", Map.of("text", "z".repeat(36)), withoutUsage)); // 47 chars
        assertEquals(Usage.of(100, 35), size.usage());

        // Real figures: no guess will be wanted, so nothing more is written out to be measured.
        Turn withUsage = new Turn("s1", 2, "m", Usage.of(10, 20), 0.01, 1795477001.0, null, Outcome.OK, Failure.NONE,
                0, false);
        size.step(step("llm_response", Map.of("text", "z".repeat(400)), withUsage));
        size.step(step("tool_call", Map.of("command", "x".repeat(4000)), null));
        assertEquals(Usage.of(100, 35), size.usage());
    }
}
