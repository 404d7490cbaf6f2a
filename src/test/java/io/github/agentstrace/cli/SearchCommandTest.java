package io.github.agentstrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.replay.Golden;
import io.github.agentstrace.term.Ansi;
import io.github.agentstrace.term.Line;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code search} through the command line: golden output over two registered projects (with and without
 * colour, several widths, NDJSON), {@code --count} and {@code --limit}, and one line for each kind of bad input.
 */
class SearchCommandTest {
    @TempDir
    Path tmp;
    AcrossFixture f;

    @BeforeEach
    void setUp() {
        f = new AcrossFixture(tmp);
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
    void golden_wordsFieldsAndWidths() {
        String hello = ok("search", "hello", "--all");
        assertFalse(hello.contains("\033["), "no colour into a pipe");
        fits(hello, 80);
        Golden.assertMatches("search-hello-80cols.txt", hello);
        Golden.assertMatches("search-hello-80cols.ansi.txt", ok("--color", "always", "search", "hello", "--all"));
        f.cli.env.put("COLUMNS", "120");
        String errors = ok("search", "type:error", "OR", "\"exit code\"", "--all");
        fits(errors, 120);
        Golden.assertMatches("search-errors-120cols.txt", errors);
        f.cli.env.put("COLUMNS", "60");
        String narrow = ok("search", "tool:Bash", "-type:tool_call", "--all");
        fits(narrow, 60);
        Golden.assertMatches("search-bash-results-60cols.txt", narrow);
    }

    @Test
    void json_oneObjectPerHit() {
        String out = ok("search", "file:notes OR model:claude", "--all", "--json");
        List<String> lines = out.lines().toList();
        for (String l : lines) {
            Map<String, Object> hit = Json.asObject(Json.parse(l));
            assertTrue(hit.containsKey("session_id") && hit.containsKey("event") && hit.containsKey("time"), l);
        }
        Golden.assertMatches("search-json.txt", out.replace(tmp.toString(), "$TMP"));
        Map<String, Object> first = Json.asObject(Json.parse(lines.get(0)));
        assertEquals("ec60f27c-f718-4d", first.get("session_id"));
        assertEquals(f.beta.toString(), first.get("trace_dir"));
        assertEquals(11L, ((Number) first.get("event")).longValue());
        assertEquals("Write", first.get("tool"));
        assertEquals("2026-11-24T01:48:47.011Z", first.get("time"));
    }

    @Test
    void countAndLimit() {
        assertEquals("10\n", ok("search", "hello", "--all", "--count"));
        assertEquals("3\n", ok("search", "hello", "--count"), "without --all, the working directory's traces");
        assertEquals(0, ok("search", "hello").lines().filter(l -> l.contains("aa7ddf1d")).count(), "beta is not here");
        assertEquals(ok("search", "tool:Bash", "-type:tool_call", "--all"),
                ok("search", "--all", "--", "tool:Bash", "-type:tool_call"), "after --, words only");
        assertEquals(2, ok("search", "hello", "--all", "--limit", "2").lines().count());
        assertEquals("2\n", ok("search", "hello", "--all", "--limit", "2", "--count"));
        assertEquals("", ok("search", "nothing-matches-this", "--all"));
        assertEquals("3\n", ok("search", "hello", "session:aa7d", "--all", "--count"));
        assertEquals("7\n", ok("search", "hello", "session:ec60", "--all", "--count"), "with its subagent");
        assertEquals("4\n", ok("search", "hello", "session:ec60", "--all", "--flat", "--count"));
        assertEquals("2\n", ok("search", "exit", "--all", "--since", "2026-11-24", "--count"));
        assertEquals("1\n", ok("search", "exit", "--all", "--until", "2026-11-23", "--count"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "search|missing QUERY (for example: agent-strace search pytest tool:Bash)",
            "search foo:bar|invalid query: unknown field 'foo' (use tool:, type:, file:, model:, session:; quote a word"
                    + " with a colon: \"foo:bar\")",
            "search \"exit|invalid query: unterminated phrase \"exit (close it with \")",
            "search OR|invalid query: OR needs a term on each side",
            "search x --since 3 days|unexpected argument 'days'",
            "search x --since 3days|invalid --since: '3days' is not a time (use 30m, 12h, 7d, 2w, a date such as"
                    + " 2026-11-01, or 2026-11-01T14:30)",
            "search x --json --count|--json and --count cannot be combined (choose one)",
            "search x --limit 0|option --limit must be between 1 and 2147483647, got 0"})
    void badInput_isAUsageErrorOfOneLine(String argv, String message) {
        CliHarness.Result r = f.cli.run(argv.split(" "));
        if (message.startsWith("unexpected")) {
            // "3 days": the query takes every word, so the mistake shows as a query that finds nothing
            assertEquals(2, r.status(), r.toString());
            assertTrue(r.err().contains("invalid --since: '3' is not a time"), r.err());
            return;
        }
        assertEquals(2, r.status(), r.toString());
        assertEquals("", r.out());
        assertEquals("agent-strace search: " + message + "; see 'agent-strace search --help'\n", r.err());
    }
}
