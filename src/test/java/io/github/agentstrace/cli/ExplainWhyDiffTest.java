package io.github.agentstrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.replay.Golden;
import io.github.agentstrace.replay.TestSessions;
import io.github.agentstrace.term.Ansi;
import io.github.agentstrace.term.Line;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code explain}, {@code why} and {@code diff} on the original's sessions, on the sample sessions and on
 * sessions of our own writer: golden files (see {@link Golden}) at 80 columns, with and without colour,
 * JSON that parses, and one clear line for each kind of bad input.
 */
class ExplainWhyDiffTest {
    static final Path SAMPLES = Path.of(".agent-traces.example");

    @TempDir
    Path tmp;

    private CliHarness cli(Path traces) {
        CliHarness cli = new CliHarness(tmp);
        cli.env.put("AGENT_TRACE_DIR", traces.toString());
        cli.env.put("COLUMNS", "80");
        return cli;
    }

    private CliHarness fixtures() throws IOException, URISyntaxException {
        return cli(CliHarness.copyFixtures(tmp.resolve("fixtures")));
    }

    private static String ok(CliHarness.Result r) {
        assertEquals(0, r.status(), r.toString());
        assertEquals("", r.err(), r.toString());
        return r.out();
    }

    private static void fits(String text, int width) {
        for (String line : text.split("\n")) {
            assertTrue(Line.width(Ansi.strip(line)) <= width, "wider than " + width + ": " + line);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"3b9e1f4a-6c2d-4f", "a9fa908b3ec146e3", "a0e78b1d5c424034"})
    void explain_originalsSessions(String id) throws Exception {
        CliHarness cli = fixtures();
        String plain = ok(cli.run("explain", id));
        assertFalse(plain.contains("\033["), "no ANSI into a pipe");
        fits(plain, 80);
        Golden.assertMatches("explain-" + id + ".txt", plain);
        Golden.assertMatches("explain-" + id + ".ansi.txt", ok(cli.run("--color", "always", "explain", id)));
        Map<String, Object> json = Json.asObject(Json.parse(ok(cli.run("explain", id, "--json"))));
        assertEquals(id, json.get("session_id"));
        Golden.assertMatches("explain-" + id + ".json", Json.writePretty(json) + "\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ec60f27c-f718-4d", "9cc82d8d0a3ce14b", "1f49417ce8920b3b"})
    void explain_sampleSessions(String id) {
        CliHarness cli = cli(SAMPLES.toAbsolutePath());
        String plain = ok(cli.run("explain", id));
        fits(plain, 80);
        Golden.assertMatches("explain-" + id + ".txt", plain);
        Golden.assertMatches("explain-" + id + ".json", ok(cli.run("explain", id, "--json")));
    }

    @Test
    void explain_sampleWithASubagent_namesItUnderThePhaseThatStartedIt() {
        String out = ok(cli(SAMPLES.toAbsolutePath()).run("explain", "ec60"));
        assertTrue(out.contains("Subagent   aa7ddf1d23bc5b3bb"), out);
        assertTrue(out.contains("(started by #15)"), out);
        assertTrue(out.contains("Failed     #10 Bash: Exit code 3"), out);
    }

    @Test
    void explain_sixtyColumns_stillFits() {
        CliHarness cli = cli(SAMPLES.toAbsolutePath());
        cli.env.put("COLUMNS", "60");
        fits(ok(cli.run("explain", "ec60")), 60);
        fits(ok(cli.run("diff", "ec60", "9cc8")), 60);
        fits(ok(cli.run("why", "ec60", "10")), 60);
    }

    @ParameterizedTest
    @CsvSource({"3b9e1f4a-6c2d-4f,5", "3b9e1f4a-6c2d-4f,13", "a9fa908b3ec146e3,19", "a0e78b1d5c424034,8"})
    void why_originalsSessions(String id, String event) throws Exception {
        CliHarness cli = fixtures();
        String plain = ok(cli.run("why", id, event));
        fits(plain, 80);
        Golden.assertMatches("why-" + id + "-" + event + ".txt", plain);
        Golden.assertMatches("why-" + id + "-" + event + ".json", ok(cli.run("why", id, event, "--json")));
    }

    @Test
    void why_followsAResultToItsCallToThePrompt() {
        CliHarness cli = cli(SAMPLES.toAbsolutePath());
        Map<String, Object> json = Json.asObject(Json.parse(ok(cli.run("why", "ec60", "10", "--json"))));
        List<Object> chain = Json.asArray(json.get("chain"));
        assertEquals(List.of(2L, 9L, 10L), chain.stream().map(c -> ((Number) Json.asObject(c).get("event")).longValue())
                .toList());
        assertEquals("the prompt asked for it", Json.asObject(chain.get(0)).get("leads_to_next_because"));
        assertEquals("the result of this call", Json.asObject(chain.get(1)).get("leads_to_next_because"));
        // By event id, the same event.
        assertEquals(json, Json.asObject(Json.parse(ok(cli.run("why", "ec60", "ce08a10693a8", "--json")))));
    }

    @Test
    void why_aRetryLeadsBackToTheFailureItRepeats() throws Exception {
        CliHarness cli = fixtures();
        // In the decorator session run_tests failed (#15) and was run again (#19).
        String out = ok(cli.run("why", "a9fa908b3ec146e3", "19"));
        assertTrue(out.contains("failed, so the same call was made again"), out);
    }

    @Test
    void why_inASubagent_goesBackToTheCallThatStartedIt() {
        String out = ok(cli(SAMPLES.toAbsolutePath()).run("why", "aa7ddf1d23bc5b3bb", "2"));
        assertTrue(out.contains("started the subagent session aa7ddf1d23bc5b3bb"), out);
        assertTrue(out.contains("#15"), out);
        assertTrue(out.contains("user_prompt"), out);
    }

    @Test
    void diff_originalsSessionsAndSamples() throws Exception {
        CliHarness cli = fixtures();
        String plain = ok(cli.run("diff", "3b9e1f4a-6c2d-4f", "a9fa908b3ec146e3"));
        fits(plain, 80);
        Golden.assertMatches("diff-3b9e-a9fa.txt", plain);
        Golden.assertMatches("diff-3b9e-a9fa.json", ok(cli.run("diff", "3b9e", "a9fa", "--json")));
        CliHarness samples = cli(SAMPLES.toAbsolutePath());
        Golden.assertMatches("diff-ec60-9cc8.txt", ok(samples.run("diff", "ec60", "9cc8")));
    }

    @Test
    void diff_ofASessionWithItself_isTheSameCallsInTheSameOrder() {
        CliHarness cli = cli(SAMPLES.toAbsolutePath());
        Map<String, Object> json = Json.asObject(Json.parse(ok(cli.run("diff", "9cc8", "9cc8", "--json"))));
        assertEquals(null, json.get("first_divergence"));
        assertTrue(((String) json.get("verdict")).startsWith("Same 9 calls in the same order"), json.toString());
    }

    @Test
    void diff_findsTheFirstDivergence() throws Exception {
        Path dir = tmp.resolve("traces");
        TestSessions.kitchenSink(dir);
        // B: the kitchen sink with its first Bash command changed.
        Path b = Files.createDirectories(dir.resolve("kitchen-sink-0002"));
        String events = Files.readString(dir.resolve(TestSessions.KITCHEN_SINK).resolve("events.ndjson"))
                .replace(TestSessions.KITCHEN_SINK, "kitchen-sink-0002").replaceFirst("pytest", "npm test");
        Files.writeString(b.resolve("events.ndjson"), events);
        Files.writeString(b.resolve("meta.json"), Files.readString(dir.resolve(TestSessions.KITCHEN_SINK)
                .resolve("meta.json")).replace(TestSessions.KITCHEN_SINK, "kitchen-sink-0002"));
        Map<String, Object> json = Json.asObject(Json.parse(ok(cli(dir).run("diff", TestSessions.KITCHEN_SINK,
                "kitchen-sink-0002", "--json"))));
        Map<String, Object> d = Json.asObject(json.get("first_divergence"));
        assertTrue(((String) Json.asObject(d.get("a")).get("subject")).contains("pytest"), d.toString());
        assertTrue(((String) Json.asObject(d.get("b")).get("subject")).contains("npm test"), d.toString());
        assertEquals(19L, ((Number) Json.asObject(json.get("calls")).get("common_calls")).longValue());
    }

    @Test
    void aRecorderGoneWithoutEndingItsSession_isInterrupted_notRunningForever() {
        Path dir = tmp.resolve("killed");
        io.github.agentstrace.store.TraceStore store = new io.github.agentstrace.store.TraceStore(dir);
        store.create(io.github.agentstrace.model.SessionMeta.start("killed-0001", 1795000000.0, "fs", "npx server"),
                io.github.agentstrace.redact.Redactor.disabled());
        try (var mark = store.markRecorder("killed-0001");
             var w = store.writer("killed-0001", io.github.agentstrace.redact.Redactor.disabled())) {
            w.append(new io.github.agentstrace.model.TraceEvent("tool_call", 1795000001.0, "c1", "killed-0001", null,
                    null, Map.of("tool_name", "read_file", "request_id", 1)));
        } // the recorder's mark is released without a session_end, as a kill -9 leaves it
        CliHarness cli = cli(dir);
        Map<String, Object> stats = Json.asObject(Json.parse(ok(cli.run("stats", "killed", "--json"))));
        assertEquals("interrupted", stats.get("status"));
        assertEquals(1L, ((Number) Json.asObject(stats.get("totals")).get("interrupted_calls")).longValue());
        assertEquals(0L, ((Number) Json.asObject(stats.get("totals")).get("pending_calls")).longValue());
        assertTrue(ok(cli.run("list")).contains("interrupted"), "list does not say running for ever");
    }

    // ---- bad input: one clear line, the documented exit code ----

    @Test
    void unknownSession_isADataError() {
        CliHarness cli = cli(SAMPLES.toAbsolutePath());
        for (List<String> argv : List.of(List.of("explain", "nope"), List.of("why", "nope", "1"),
                List.of("diff", "ec60", "nope"))) {
            CliHarness.Result r = cli.run(argv.toArray(String[]::new));
            assertEquals(1, r.status(), r.toString());
            assertEquals("agent-strace " + argv.get(0) + ": Session not found: nope\n", r.err());
            assertEquals("", r.out());
        }
    }

    @Test
    void why_eventOutOfRangeOrUnknown_isADataErrorThatSaysWhatExists() {
        CliHarness cli = cli(SAMPLES.toAbsolutePath());
        CliHarness.Result r = cli.run("why", "ec60", "99");
        assertEquals(1, r.status());
        assertEquals("agent-strace why: session ec60f27c-f718-4d has 18 events, no event #99 (replay --numbers shows "
                + "them)\n", r.err());
        r = cli.run("why", "ec60", "0");
        assertEquals(1, r.status());
        assertEquals("agent-strace why: event numbers start at 1\n", r.err());
        r = cli.run("why", "ec60", "deadbeef0000");
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("agent-strace why: session ec60f27c-f718-4d has no event with id 'deadbeef0000'"),
                r.err());
    }

    @Test
    void why_andDiff_withoutTheirArguments_areUsageErrors() {
        CliHarness cli = cli(SAMPLES.toAbsolutePath());
        CliHarness.Result r = cli.run("why");
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("agent-strace why: which event? give its number or event_id"), r.err());
        r = cli.run("why", "ec60", "1;rm");
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("agent-strace why: '1;rm' is not an event number or event id"), r.err());
        r = cli.run("diff", "ec60");
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("agent-strace diff: diff needs two sessions"), r.err());
    }

    @Test
    void sessionWithoutCalls_andATornLastLine_stillExplain() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("t").resolve("quiet-0001"));
        Files.writeString(dir.resolve("meta.json"), "{\"session_id\": \"quiet-0001\", \"started_at\": 1795000000.0}");
        Files.writeString(dir.resolve("events.ndjson"), """
                {"event_type":"session_start","timestamp":1795000000.0,"event_id":"a1","data":{}}
                {"event_type":"user_prompt","timestamp":1795000001.0,"event_id":"a2","data":{"prompt":"hello"}}
                {"event_type":"assistant_response","timestamp":1795000002.5,"event_id":"a3","data":{"text":"hi"}}
                {"event_type":"tool_call","timestamp":17950""");
        CliHarness cli = cli(tmp.resolve("t"));
        CliHarness.Result r = cli.run("explain", "quiet");
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("Phase 1: hello"), r.out());
        assertTrue(r.out().contains("0 tool calls"), r.out());
        assertTrue(r.err().contains("line 4: skipped an invalid event"), r.err());
        r = cli.run("why", "quiet", "3");
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("the prompt asked for it"), r.out());
    }
}
