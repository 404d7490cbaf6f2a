package io.github.agentstrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.replay.TestSessions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatsCommandTest {
    @TempDir
    Path tmp;

    private ReplayCli cli() {
        ReplayCli cli = new ReplayCli(tmp.resolve(".agent-traces"));
        TestSessions.kitchenSink(cli.traceDir);
        return cli;
    }

    private static List<String> toolOrder(ReplayCli cli, String sort) {
        Map<String, Object> json = Json.asObject(Json.parse(cli.run("stats", "--json", "--sort", sort).out()));
        List<String> names = new ArrayList<>();
        for (Object t : Json.asArray(json.get("tools"))) {
            names.add((String) Json.asObject(t).get("name"));
        }
        return names;
    }

    @Test
    void sort_ordersTheTable() {
        ReplayCli cli = cli();
        assertEquals("Bash", toolOrder(cli, "calls").get(0));
        assertEquals("Task", toolOrder(cli, "time").get(0));
        assertEquals(List.of("Bash", "mcp__github__get_issue", "query_db"), toolOrder(cli, "errors").subList(0, 3));
        assertEquals("Agent", toolOrder(cli, "name").get(0));
    }

    @Test
    void json_holdsHandCheckedNumbers() {
        Map<String, Object> json = Json.asObject(Json.parse(cli().run("stats", "--json").out()));
        Map<String, Object> totals = Json.asObject(json.get("totals"));
        assertEquals(20L, ((Number) totals.get("tool_calls")).longValue());
        // Exit code 3, Not found, an isError result, the rate limit; "Interrupted by user" is an interruption.
        assertEquals(4L, ((Number) totals.get("errors")).longValue());
        assertEquals(2L, ((Number) totals.get("interrupted_calls")).longValue(), "the interrupt, and the call"
                + " never answered in a session that ended");
        assertEquals(0L, ((Number) totals.get("pending_calls")).longValue());
        assertEquals(1234L, ((Number) totals.get("tokens")).longValue());
        Map<String, Object> bash = Json.asObject(Json.asArray(json.get("tools")).get(0));
        assertEquals("Bash", bash.get("name"));
        assertEquals(5L, ((Number) bash.get("calls")).longValue());
        assertEquals(1L, ((Number) bash.get("errors")).longValue());
        // 1200 + 21 + 1000 + 50 ms over 4 answered calls (the 5th is pending); sorted 21, 50, 1000, 1200.
        assertEquals(4L, ((Number) bash.get("timed")).longValue());
        assertEquals(2271.0, ((Number) bash.get("total_ms")).doubleValue());
        assertEquals(567.75, ((Number) bash.get("avg_ms")).doubleValue());
        assertEquals(50.0, ((Number) bash.get("p50_ms")).doubleValue());   // rank ceil(0.50 * 4) = 2
        assertEquals(1200.0, ((Number) bash.get("p95_ms")).doubleValue()); // rank ceil(0.95 * 4) = 4
        assertEquals(1200.0, ((Number) bash.get("max_ms")).doubleValue());
        Map<String, Object> firstError = Json.asObject(Json.asArray(json.get("errors")).get(0));
        assertEquals("Exit code 3", firstError.get("message"));
    }

    @Test
    void invalidSort_isAUsageError() {
        CliHarness.Result r = cli().run("stats", "--sort", "speed");
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("agent-strace stats: invalid --sort 'speed' (use calls, time, errors or name)"), r.err());
    }

    @Test
    void includeSubagents_aggregatesTheTree() {
        ReplayCli cli = new ReplayCli(tmp.resolve(".agent-traces"));
        TestSessions.subagents(cli.traceDir);
        Map<String, Object> json = Json.asObject(Json.parse(cli.run("stats", TestSessions.PARENT, "--json",
                "--include-subagents").out()));
        assertEquals(List.of("parent-0001", "child-0001", "grandchild-0001"), json.get("sessions"));
        assertEquals(3L, ((Number) Json.asObject(json.get("totals")).get("tool_calls")).longValue());
        Map<String, Object> alone = Json.asObject(Json.parse(cli.run("stats", TestSessions.PARENT, "--json").out()));
        assertEquals(1L, ((Number) Json.asObject(alone.get("totals")).get("tool_calls")).longValue());
    }
}
