package io.github.agentstrace.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.cost.PriceTable;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.session.Reading;
import io.github.agentstrace.store.SessionWriter;
import io.github.agentstrace.store.TraceStore;
import io.github.agentstrace.term.Ansi;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionDiffTest {
    @TempDir
    Path dir;

    /** A session of {@code prompts} prompts, one call each; prompt {@code odd} asks for another step, another command. */
    private void session(TraceStore store, String id, int prompts, int odd) {
        store.create(SessionMeta.start(id, 1_795_000_000.0, "agent", ""), Redactor.disabled());
        try (SessionWriter w = store.writer(id, Redactor.disabled())) {
            double t = 1_795_000_000.0;
            for (int i = 0; i < prompts; i++) {
                w.append(new TraceEvent("user_prompt", t++, id + "p" + i, id, null, null, Map.of("prompt", i == odd ? "another step" : "step " + i)));
                String command = i == odd ? "make other" : "make " + i;
                w.append(new TraceEvent("tool_call", t++, id + "c" + i, id, null, null,
                        Map.of("tool_name", "Bash", "arguments", Map.of("command", command))));
                w.append(new TraceEvent("tool_result", t++, id + "r" + i, id, id + "c" + i, 5.0,
                        Map.of("tool_name", "Bash", "result", "ok")));
            }
        }
    }

    @Test
    void runsOfAlikePhases_areToldInOneLine_andTheDifferingOneIsShown() {
        TraceStore store = new TraceStore(dir);
        session(store, "a", 200, -1);
        session(store, "b", 200, 120);
        SessionDiff d = SessionDiff.of(Reading.of(store, PriceTable.load(null), w -> { }), "a", "b");
        String text = d.text(new Ansi(false), 100);
        assertTrue(text.contains("… 119 more phases alike"), text);
        assertTrue(text.contains("… 78 more phases alike"), text);
        assertTrue(text.contains("  A#121   -   step 120\n"), text);
        assertTrue(text.contains("    -   B#121 another step\n"), text);
        assertTrue(text.contains("call 121, #362 Bash $ make 120"), text);
        assertTrue(text.contains("call 121, #362 Bash $ make other"), text);
        long phaseLines = text.lines().filter(l -> l.matches("  A#\\d+ +B#\\d+ .*")).count();
        assertEquals(2, phaseLines, text);
    }
}
