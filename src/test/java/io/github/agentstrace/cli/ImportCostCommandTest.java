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
