package io.github.agentstrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.TestClock;
import io.github.agentstrace.term.ColorMode;
import io.github.agentstrace.transcript.TranscriptFixture;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportCostCommandTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        out.reset();
        err.reset();
        Context ctx = new Context(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, tmp,
                TestClock.fixed(Instant.parse("2026-11-24T00:00:00Z")), null, ColorMode.NEVER, false);
        return new Main().run(List.of(args), ctx);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void importThenCost_printsRealFigures() throws Exception {
        Path transcript = TranscriptFixture.write(tmp.resolve("claude"));
        assertEquals(0, run(Map.of(), "import", transcript.toString()));
        assertTrue(err().contains("2 LLM turns"), err());
        assertTrue(err().contains("1 subagent session"), err());
        assertEquals(0, run(Map.of(), "cost", TranscriptFixture.SESSION));
        assertTrue(out().contains("$0.0245"), out());
        assertTrue(out().contains("By subagent"), out());
        assertEquals(0, run(Map.of(), "cost", TranscriptFixture.SESSION, "--json"));
        Map<String, Object> json = Json.asObject(Json.parse(out()));
        assertEquals(0.02448, ((Number) Json.asObject(json.get("total")).get("cost_usd")).doubleValue(), 1e-9);
    }

    @Test
    void discover_honoursClaudeConfigDir() throws Exception {
        TranscriptFixture.write(tmp.resolve("cfg"));
        assertEquals(0, run(Map.of("CLAUDE_CONFIG_DIR", tmp.resolve("cfg").toString()), "import", "--discover"));
        assertTrue(out().contains(TranscriptFixture.SESSION), out());
        assertEquals(0, run(Map.of("CLAUDE_CONFIG_DIR", tmp.resolve("cfg").toString()), "import", "--discover", "--all"));
        assertEquals(0, run(Map.of(), "cost", TranscriptFixture.SESSION));
    }

    @Test
    void discover_findsCodexRolloutsAndGeminiChats_andAllImportsThemAsTheirAgents() throws Exception {
        Map<String, String> env = Map.of("HOME", tmp.resolve("home").toString(), "CODEX_HOME",
                io.github.agentstrace.transcript.AgentTranscriptImportTestAccess.codexHome().toString());
        String gemini = io.github.agentstrace.transcript.AgentTranscriptImportTestAccess.geminiDir().toString();
        assertEquals(0, run(env, "import", "--discover", "--gemini-dir", gemini));
        assertTrue(out().contains("rollout-2026-12-02T04-00-00-019a6c1e-7d3f-7b52-9a44-2f1c0d9e8b71        4 KB  codex\n"),
                out());
        assertTrue(out().contains("session-2026-12-02T04-00-5c0b6f0e"), out());
        assertTrue(out().contains("gemini 8f4e1c9a2b7d\n"), out());
        assertEquals(0, run(env, "import", "--discover", "--gemini-dir", gemini, "--all"), err());
        assertTrue(err().contains("-> session 019a6c1e-7d3f-7b52-9a44-2f1c0d9e8b71 (14 events, 3 LLM turns, 16,040 tokens)"),
                err());
        assertEquals(0, run(env, "list", "--agent", "gemini", "--json"));
        assertTrue(out().contains("\"session_id\": \"5c0b6f0e-2d7a-4f63-8f19-3c1e9a4d7b20\""), out());
        assertEquals(0, run(Map.of("HOME", tmp.resolve("empty").toString()), "import", "--discover"));
        assertTrue(out().startsWith("No transcripts found under " + tmp.resolve("empty/.claude/projects") + ", "
                + tmp.resolve("empty/.codex/sessions") + ", " + tmp.resolve("empty/.gemini/tmp") + " or "
                + tmp.resolve("empty/.copilot/session-state")), out());
    }

    @Test
    void discover_findsCopilotSessionLogsUnderCopilotHome_andAllImportsThemAsCopilots() throws Exception {
        String copilot = io.github.agentstrace.transcript.AgentTranscriptImportTestAccess.copilotHome().toString();
        Map<String, String> env = Map.of("HOME", tmp.resolve("home").toString(), "COPILOT_HOME", copilot);
        assertEquals(0, run(env, "import", "--discover"));
        assertTrue(out().matches("(?s)  0ae646aa-4b20-41a7-a3a5-7ff13514b95d +\\d+ KB  copilot\n"), out());
        assertEquals(0, run(Map.of("HOME", tmp.resolve("home").toString()), "import", "--discover", "--copilot-dir",
                copilot, "--all"), err());
        assertTrue(err().contains("-> session 0ae646aa-4b20-41a7-a3a5-7ff13514b95d (18 events, 4 LLM turns, 440 tokens)"),
                err());
        assertEquals(0, run(env, "list", "--agent", "copilot", "--json"));
        assertTrue(out().contains("\"session_id\": \"0ae646aa-4b20-41a7-a3a5-7ff13514b95d\""), out());
    }

    @Test
    void import_errors() throws Exception {
        assertEquals(2, run(Map.of(), "import"));
        assertTrue(err().contains("give a transcript file"), err());
        assertEquals(1, run(Map.of(), "import", "missing.jsonl"));
        assertTrue(err().startsWith("agent-strace import: no such transcript"), err());
    }

    @Test
    void cost_badPriceFileIsADataError() throws Exception {
        Path transcript = TranscriptFixture.write(tmp.resolve("claude"));
        run(Map.of(), "import", transcript.toString());
        Files.writeString(tmp.resolve("p.json"), "[1,2]");
        assertEquals(1, run(Map.of(), "cost", "--prices", "p.json"));
        assertTrue(err().contains("expected {\"models\""), err());
        assertEquals(1, run(Map.of("AGENT_STRACE_PRICES", "nope.json"), "cost"));
        assertTrue(err().contains("cannot read price file"), err());
    }
}
