package io.github.agentstrace.mcpserver;

import static io.github.agentstrace.mcpserver.Harness.args;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.agentstrace.analysis.CausalChain;
import io.github.agentstrace.analysis.CostReport;
import io.github.agentstrace.analysis.Explanation;
import io.github.agentstrace.analysis.SessionDiff;
import io.github.agentstrace.json.Json;
import io.github.agentstrace.replay.Golden;
import io.github.agentstrace.replay.Stats;
import io.github.agentstrace.session.Reading;
import io.github.agentstrace.session.SessionListener;
import io.github.agentstrace.session.SessionView;
import io.github.agentstrace.session.SizeEstimate;
import io.github.agentstrace.term.Ansi;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each tool says what the command says: its structured content is the analysis' JSON and its text the
 * analysis' text (no colour, 100 columns), on the sample sessions and the original's fixtures; the tools no
 * command renders have golden files; every output conforms to the tool's declared schema.
 */
class ToolsTest {
    private static final Ansi PLAIN = new Ansi(false);
    private final Harness examples = new Harness(Harness.EXAMPLES);
    private final Harness fixtures = new Harness(Harness.FIXTURES);

    private static Reading reading(Harness h) {
        return h.traces.reading();
    }

    private static void assertSame(Map<String, Object> expectedJson, String expectedText, Map<String, Object> call) {
        assertEquals(false, call.get("isError"));
        assertEquals(Json.write(Harness.asSent(expectedJson)), Json.write(call.get("structuredContent")));
        assertEquals(expectedText, Harness.text(call));
    }

    private static Harness at(String dir) {
        return dir.equals("examples") ? new Harness(Harness.EXAMPLES) : new Harness(Harness.FIXTURES);
    }

    private static String id(Harness h, String prefix) {
        return h.traces.resolve(prefix);
    }

    @ParameterizedTest
    @ValueSource(strings = {"examples:ec60", "examples:9cc8", "examples:1f49", "examples:aa7d", "fixtures:3b9e",
            "fixtures:a0e7", "fixtures:a9fa"})
    void explain_isTheExplanation(String where) {
        String[] w = where.split(":");
        Harness h = at(w[0]);
        SessionView view = reading(h).read(id(h, w[1]), true, true, SessionListener.NONE);
        Explanation e = Explanation.of(view);
        assertSame(e.toJson(), e.text(PLAIN, 100), h.call("explain", args("session_id", w[1])));
    }

    @Test
    void explain_withoutASession_isTheLatest() {
        Map<String, Object> s = examples.structured("explain", Map.of());
        assertEquals("0564716b-912c-48", s.get("session_id"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"examples:ec60", "examples:9cc8", "examples:1f49", "fixtures:3b9e", "fixtures:a9fa"})
    void cost_isTheCostReport(String where) {
        String[] w = where.split(":");
        Harness h = at(w[0]);
        SizeEstimate size = new SizeEstimate();
        SessionView view = reading(h).read(id(h, w[1]), true, true, size);
        CostReport r = CostReport.of(view, h.traces.prices(), size, CostReport.DEFAULT_ESTIMATE_MODEL);
        assertSame(r.toJson(), r.text(PLAIN, 100), h.call("cost", args("session_id", w[1])));
    }

    @Test
    void cost_pricesAnEstimateAsTheModelAsked() {
        Harness h = fixtures;
        SizeEstimate size = new SizeEstimate();
        SessionView view = reading(h).read(id(h, "a9fa"), true, true, size);
        CostReport r = CostReport.of(view, h.traces.prices(), size, "claude-opus-4-1");
        assertSame(r.toJson(), r.text(PLAIN, 100), h.call("cost", args("session_id", "a9fa",
                "estimate_model", "claude-opus-4-1")));
    }

    @Test
    void why_isTheCausalChain_byNumberOrEventId() {
        String id = id(examples, "ec60");
        CausalChain c = CausalChain.of(examples.traces.store(), reading(examples).tree(), examples.traces.prices(), id,
                "10", w -> { });
        assertSame(c.toJson(), c.text(PLAIN, 100), examples.call("why", args("session_id", "ec60", "event", 10)));
        assertSame(c.toJson(), c.text(PLAIN, 100), examples.call("why", args("session_id", "ec60",
                "event", "ce08a10693a8")));
        assertSame(c.toJson(), c.text(PLAIN, 100), examples.call("why", args("session_id", "ec60", "event", "#10")));
    }

    @Test
    void why_aMissingEvent_isAnErrorResult() {
        assertEquals("why: event numbers start at 1",
                examples.toolError("why", args("session_id", "ec60", "event", "0")));
    }

    @Test
    void diff_isTheSessionDiff() {
        SessionDiff d = SessionDiff.of(reading(examples), id(examples, "ec60"), id(examples, "9cc8"));
        assertSame(d.toJson(), d.text(PLAIN, 100), examples.call("diff", args("session_id", "ec60",
                "other_session_id", "9cc8")));
        SessionDiff f = SessionDiff.of(reading(fixtures), id(fixtures, "3b9e"), id(fixtures, "a0e7"));
        assertSame(f.toJson(), f.text(PLAIN, 100), fixtures.call("diff", args("session_id", "3b9e",
                "other_session_id", "a0e7")));
    }

    @Test
    void stats_isWhatStatsPrints() {
        for (boolean subagents : List.of(false, true)) {
            for (Stats.Sort sort : Stats.Sort.values()) {
                String json = print(examples, "ec60f27c-f718-4d", subagents, sort, true);
                String text = print(examples, "ec60f27c-f718-4d", subagents, sort, false);
                assertSame(Json.asObject(Json.parse(json)), text, examples.call("stats", args("session_id", "ec60",
                        "include_subagents", subagents, "sort", sort.name().toLowerCase(java.util.Locale.ROOT))));
            }
        }
    }

    /** The tool's one reading gives what the two printings give: the JSON as stats --json writes it, the text as stats. */
    @Test
    void statsReport_isBothPrintingsFromOneReading() {
        for (Harness h : List.of(examples, fixtures)) {
            for (String id : h.traces.store().list(w -> { }).stream().map(m -> m.sessionId()).toList()) {
                for (boolean subagents : List.of(false, true)) {
                    Stats.Report report = new Stats(reading(h)).report(id, subagents, Stats.Sort.TIME, PLAIN, 100,
                            h.traces.nowSeconds());
                    assertEquals(print(h, id, subagents, Stats.Sort.TIME, true), Json.writePretty(report.json()) + "\n");
                    assertEquals(print(h, id, subagents, Stats.Sort.TIME, false), report.text());
                }
            }
        }
    }

    private static String print(Harness h, String id, boolean subagents, Stats.Sort sort, boolean json) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        new Stats(reading(h)).print(id, subagents, sort, json, new PrintStream(buf, true, StandardCharsets.UTF_8), PLAIN,
                100, h.traces.nowSeconds());
        return buf.toString(StandardCharsets.UTF_8);
    }

    /** One golden file per tool and sample: what an agent receives, whole, as structured content. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "examples | explain         | {\"session_id\": \"ec60\"}",
            "examples | why             | {\"session_id\": \"9cc8\", \"event\": 20}",
            "examples | diff            | {\"session_id\": \"ec60\", \"other_session_id\": \"9cc8\"}",
            "examples | stats           | {\"session_id\": \"ec60\", \"include_subagents\": true}",
            "examples | cost            | {\"session_id\": \"9cc8\"}",
            "fixtures | list_sessions   | {}",
            "fixtures | explain         | {\"session_id\": \"a9fa\"}",
            "fixtures | why             | {\"session_id\": \"3b9e\", \"event\": 14}",
            "fixtures | diff            | {\"session_id\": \"3b9e\", \"other_session_id\": \"a0e7\"}",
            "fixtures | stats           | {\"session_id\": \"a0e7\", \"sort\": \"errors\"}",
            "fixtures | cost            | {\"session_id\": \"a9fa\"}",
            "fixtures | get_session     | {\"session_id\": \"a0e7\", \"limit\": 3}",
            "fixtures | recent_failures | {}"})
    void golden(String where, String tool, String arguments) {
        Map<String, Object> out = at(where).structured(tool, Json.asObject(Json.parse(arguments)));
        Golden.assertMatches("mcp/" + where + "-" + tool + ".json", portable(Json.writePretty(out) + "\n"));
    }

    /** Golden files hold no path of the checkout they were made in: the project's directory reads {@code <project>}. */
    private static String portable(String text) {
        return text.replace(Path.of("").toAbsolutePath().toString(), "<project>");
    }

    @Test
    void listSessions_golden() {
        Map<String, Object> r = examples.call("list_sessions", Map.of());
        Golden.assertMatches("mcp/list_sessions.json", portable(Json.writePretty(r.get("structuredContent")) + "\n"));
        assertEquals(Json.write(r.get("structuredContent")), Harness.text(r), "the text is the compact JSON");
    }

    @Test
    void listSessions_filters() {
        assertEquals(List.of("0564716b-912c-48", "ec60f27c-f718-4d"), ids(examples.structured("list_sessions",
                args("agent", "CLAUDE"))));
        assertEquals(List.of("0564716b-912c-48", "1f49417ce8920b3b", "ec60f27c-f718-4d"),
                ids(examples.structured("list_sessions", args("since", "2026-11-24T01:30:00Z"))));
        assertEquals(List.of("0564716b-912c-48"), ids(examples.structured("list_sessions", args("since", "24h"))));
        assertEquals(List.of("0564716b-912c-48", "1f49417ce8920b3b", "ec60f27c-f718-4d", "9cc82d8d0a3ce14b"),
                ids(examples.structured("list_sessions", args("since", "30d"))));
    }

    @Test
    void listSessions_errorsOnly_countsFailuresFromTheEvents(@TempDir Path dir) {
        try (Recorded ok = new Recorded(dir, "clean", Recorded.T0, "agent");
             Recorded bad = new Recorded(dir, "failing", Recorded.T0 + 60, "agent")) {
            ok.prompt("build it").bash("make", 0, "done");
            bad.prompt("test it").bash("make test", 2, "1 test failed");
        }
        Harness h = new Harness(dir);
        assertEquals(List.of("failing", "clean"), ids(h.structured("list_sessions", Map.of())));
        assertEquals(List.of("failing"), ids(h.structured("list_sessions", args("errors_only", true))));
    }

    static List<String> ids(Map<String, Object> listing) {
        return Json.asArray(listing.get("sessions")).stream().map(s -> (String) Json.asObject(s).get("session_id"))
                .toList();
    }

    @Test
    void getSession_golden() {
        Map<String, Object> r = examples.call("get_session", args("session_id", "ec60", "limit", 4));
        Golden.assertMatches("mcp/get_session-ec60.json", Json.writePretty(r.get("structuredContent")) + "\n");
    }

    @Test
    void recentFailures_golden() {
        Golden.assertMatches("mcp/recent_failures.json",
                Json.writePretty(examples.structured("recent_failures", Map.of())) + "\n");
        Map<String, Object> one = examples.structured("recent_failures", args("session_id", "9cc8"));
        assertEquals(1L, ((Number) one.get("sessions_scanned")).longValue());
        List<Object> f = Json.asArray(one.get("failures"));
        assertEquals(1, f.size());
        assertEquals("1 failed: test_missing_token (AuthError not raised)", Json.asObject(f.get(0)).get("message"));
    }

    @Test
    void everyOutputConformsToItsSchema() {
        Map<String, Map<String, Object>> schemas = new java.util.HashMap<>();
        for (Object o : Json.asArray(examples.result("tools/list", null).get("tools"))) {
            Map<String, Object> t = Json.asObject(o);
            schemas.put((String) t.get("name"), Json.asObject(t.get("outputSchema")));
        }
        for (Harness h : List.of(examples, fixtures)) {
            for (String id : ids(h.structured("list_sessions", Map.of()))) {
                check(schemas, h, "explain", args("session_id", id));
                check(schemas, h, "cost", args("session_id", id));
                check(schemas, h, "stats", args("session_id", id, "include_subagents", true));
                check(schemas, h, "get_session", args("session_id", id, "limit", 200));
                check(schemas, h, "recent_failures", args("session_id", id));
                check(schemas, h, "why", args("session_id", id, "event", 3));
                check(schemas, h, "diff", args("session_id", id, "other_session_id",
                        ids(h.structured("list_sessions", Map.of())).get(0)));
            }
            check(schemas, h, "list_sessions", Map.of());
            check(schemas, h, "search", args("query", "type:tool_call"));
            check(schemas, h, "clusters", args("by", "phase"));
        }
    }

    private static void check(Map<String, Map<String, Object>> schemas, Harness h, String tool,
                              Map<String, Object> arguments) {
        Map<String, Object> out = h.structured(tool, arguments);
        assertEquals(List.of(), SchemaCheck.problems(schemas.get(tool), out), tool + " " + arguments);
    }

    @Test
    void schemaCheck_findsWhatDoesNotConform() {
        Map<String, Object> schema = Schemas.parse("""
                {"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n", "m"],
                 "additionalProperties": false}
                """);
        assertEquals(List.of("$: missing required m", "$.n: expected \"integer\", got 1.5",
                "$: unexpected property x"), SchemaCheck.problems(schema, Json.parse("{\"n\": 1.5, \"x\": 1}")));
    }

    @Test
    void theTraceDirectoryIsNeverWritten() throws Exception {
        Path dir = Harness.EXAMPLES;
        List<String> before = modified(dir);
        for (String tool : List.of("list_sessions", "explain", "get_session", "stats", "cost", "recent_failures")) {
            examples.call(tool, Map.of());
        }
        assertEquals(before, modified(dir));
    }

    /** Every path's modification time and size, so that a write anywhere shows. */
    private static List<String> modified(Path dir) throws Exception {
        try (var files = java.nio.file.Files.walk(dir)) {
            return files.sorted().map(p -> {
                try {
                    return p + " " + java.nio.file.Files.getLastModifiedTime(p).toMillis() + " "
                            + (java.nio.file.Files.isRegularFile(p) ? java.nio.file.Files.size(p) : 0);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
