package io.github.agentstrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.replay.Golden;
import io.github.agentstrace.store.SessionWriter;
import io.github.agentstrace.store.TraceDirRegistry;
import io.github.agentstrace.store.TraceStore;
import io.github.agentstrace.term.Ansi;
import io.github.agentstrace.term.Line;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code report} over three registered projects: the fixtures (Monday 2026-11-23), the samples (the Tuesday
 * after, one session estimated), and two sessions either side of midnight ending ISO week 48 (one with turns of
 * a model the price table does not know). Golden text at three widths, every {@code --by}, the breakdown, JSON,
 * UTC buckets, and the usage errors.
 */
class ReportCommandTest {
    @TempDir
    Path tmp;
    AcrossFixture f;

    @BeforeEach
    void setUp() {
        f = new AcrossFixture(tmp);
        TraceStore gamma = new TraceStore(f.home.resolve("work/gamma/.agent-traces"), TraceDirRegistry.of(f.cli.env));
        session(gamma, "g-sunday-late", 1795996799.0, "mystery-model-9", 1000, 100, 0, 0);
        session(gamma, "g-monday-early", 1795996801.0, "claude-sonnet-4-5", 2000, 200, 500, 300);
    }

    /** A session with a prompt, a failing call and one LLM turn with the given usage (registered on create). */
    private static void session(TraceStore store, String id, double t, String model, long in, long out, long read,
                                long write) {
        store.create(SessionMeta.start(id, t, "coder", "test"), Redactor.disabled());
        try (SessionWriter w = store.writer(id, Redactor.disabled())) {
            w.append(TraceEvent.of(EventType.USER_PROMPT, t, id + "1", id, null, null, map("prompt", "go")));
            w.append(TraceEvent.of(EventType.TOOL_CALL, t + 1, id + "2", id, null, null,
                    map("tool_name", "Bash", "arguments", map("command", "make"))));
            w.append(TraceEvent.of(EventType.ERROR, t + 2, id + "3", id, id + "2", 1000.0,
                    map("tool_name", "Bash", "error", "make: *** failed")));
            w.append(TraceEvent.of(EventType.LLM_RESPONSE, t + 3, id + "4", id, null, null, map("model", model,
                    "input_tokens", in, "output_tokens", out, "cache_read_input_tokens", read,
                    "cache_creation_input_tokens", write)));
        }
        store.updateMeta(id, m -> m.endedAt(t + 4));
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private String ok(String... argv) {
        CliHarness.Result r = f.cli.run(argv);
        assertEquals(0, r.status(), r.toString());
        assertEquals("", r.err(), r.toString());
        return r.out();
    }

    private static void fits(String text, int width) {
        for (String line : text.split("\n")) {
            assertTrue(Line.width(Ansi.strip(line)) <= width, "wider than " + width + ": " + line);
        }
    }

    @Test
    void byDay_goldenAtThreeWidths() {
        for (int width : new int[] {60, 80, 120}) {
            f.cli.env.put("COLUMNS", "" + width);
            String out = ok("report", "--all");
            fits(out, width);
            Golden.assertMatches("report-day-" + width + "cols.txt", out);
        }
        f.cli.env.put("COLUMNS", "120");
        Golden.assertMatches("report-day-120cols.ansi.txt", ok("--color", "always", "report", "--all"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"week", "month", "session", "model", "project", "agent"})
    void everyBy_golden(String by) {
        f.cli.env.put("COLUMNS", "120");
        String out = ok("report", "--all", "--by", by);
        fits(out, 120);
        Golden.assertMatches("report-" + by + "-120cols.txt", out);
    }

    @Test
    void breakdownAndJson_golden() {
        f.cli.env.put("COLUMNS", "100");
        Golden.assertMatches("report-week-breakdown-100cols.txt", ok("report", "--all", "--by", "week", "--breakdown"));
        Golden.assertMatches("report-month-breakdown.json.txt", ok("report", "--all", "--by", "month", "--breakdown",
                "--json"));
    }

    @Test
    void daysAndWeeksAreUtc_andTheTotalAddsUp() {
        Map<String, Object> days = Json.asObject(Json.parse(ok("report", "--all", "--json")));
        assertEquals(List.of("2026-11-23", "2026-11-24", "2026-11-29", "2026-11-30"), keys(days));
        Map<String, Object> weeks = Json.asObject(Json.parse(ok("report", "--all", "--by", "week", "--json")));
        assertEquals(List.of("2026-W48", "2026-W49"), keys(weeks), "Sunday 23:59:59 and Monday 00:00:01 UTC");
        Map<String, Object> total = Json.asObject(days.get("total"));
        assertEquals(8L, n(total, "sessions"), "nine sessions, one a subagent counted with its parent");
        long tokens = 0;
        for (Object row : Json.asArray(days.get("rows"))) {
            tokens += n(Json.asObject(row), "tokens");
        }
        assertEquals(n(total, "tokens"), tokens);
        assertEquals(3000L + 1100 + 1326, tokens, "each session's tokens, cache reads and writes included");
        Map<String, Object> flat = Json.asObject(Json.asObject(Json.parse(ok("report", "--all", "--json", "--flat")))
                .get("total"));
        assertEquals(9L, n(flat, "sessions"));
        assertEquals(n(total, "tokens"), n(flat, "tokens"));
        assertEquals(n(total, "tool_calls"), n(flat, "tool_calls"));
    }

    @Test
    void unpricedAndEstimatedRows_saySo() {
        f.cli.env.put("COLUMNS", "120");
        String out = ok("report", "--all", "--by", "session");
        String sunday = out.lines().filter(l -> l.contains("g-sunday-late")).findFirst().orElseThrow();
        assertTrue(sunday.contains("$0.0000*"), sunday);
        String ec60 = out.lines().filter(l -> l.contains("ec60f27c-f718-4d")).findFirst().orElseThrow();
        assertTrue(ec60.contains("~$0.0106"), ec60);
        assertTrue(out.contains("* Some LLM turns have no price") && out.contains("mystery-model-9"), out);
        assertTrue(out.contains("~ 3 sessions recorded no token usage"), out);
        Map<String, Object> json = Json.asObject(Json.parse(ok("report", "--all", "--by", "session", "--json")));
        for (Object o : Json.asArray(json.get("rows"))) {
            Map<String, Object> row = Json.asObject(o);
            boolean sundayRow = row.get("key").equals("g-sunday-late");
            assertEquals(!sundayRow, row.get("fully_priced"), row.toString());
            // Estimated: sessions that recorded no usage, unless they recorded an MCP server's traffic (as cost says).
            assertEquals(List.of("3b9e1f4a-6c2d-4f", "a9fa908b3ec146e3", "ec60f27c-f718-4d").contains(row.get("key")),
                    row.containsKey("estimate"), row.toString());
        }
        assertFalse(ok("report", "--project", f.home.resolve("work/gamma").toString()).contains("Estimate"),
                "no estimate, no column");
    }

    @Test
    void badInput_isAUsageErrorOfOneLine() {
        assertEquals("agent-strace report: invalid --by 'year' (use day, week, month, session, model, project, branch, agent);"
                + " see 'agent-strace report --help'\n", f.cli.run("report", "--by", "year").err());
        assertEquals("agent-strace report: --breakdown splits rows per model; with --by model they are models"
                + " already; see 'agent-strace report --help'\n", f.cli.run("report", "--by", "model", "--breakdown").err());
        for (String[] argv : List.of(new String[] {"report", "--until", "tomorrow"}, new String[] {"report", "x"},
                new String[] {"report", "--bogus"})) {
            CliHarness.Result r = f.cli.run(argv);
            assertEquals(2, r.status(), r.toString());
            assertEquals(1, r.err().lines().count(), r.toString());
        }
    }

    private static List<String> keys(Map<String, Object> report) {
        return Json.asArray(report.get("rows")).stream().map(r -> (String) Json.asObject(r).get("key")).toList();
    }

    private static long n(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).longValue();
    }
}
