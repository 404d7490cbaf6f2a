package io.github.agentstrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.replay.Golden;
import io.github.agentstrace.replay.TestSessions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden files (see {@link Golden}; regenerate with {@code -Dgolden.update=true}) for replay, stats and
 * list: the original's fixture sessions (hooks, decorator, stdio proxy) and sessions written by our own
 * writer, each without and with colour, at 100 columns and a fixed clock.
 */
class ReplayGoldenTest {
    @TempDir
    Path tmp;

    private ReplayCli cli() {
        return new ReplayCli(tmp.resolve(".agent-traces"));
    }

    private static String ok(CliHarness.Result r) {
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err());
        return r.out();
    }

    @ParameterizedTest
    @ValueSource(strings = {"3b9e1f4a-6c2d-4f", "a9fa908b3ec146e3", "a0e78b1d5c424034"})
    void fixtureSessions_replayStatsList(String id) {
        ReplayCli cli = cli().withSessions(id);
        String plain = ok(cli.run("replay", id));
        assertFalse(plain.contains("\033["), "no ANSI into a pipe");
        Golden.assertMatches("replay-" + id + ".txt", plain);
        Golden.assertMatches("replay-" + id + ".ansi.txt", ok(cli.run("--color", "always", "replay", id)));
        Golden.assertMatches("stats-" + id + ".txt", ok(cli.run("stats", id)));
        Golden.assertMatches("stats-" + id + ".ansi.txt", ok(cli.run("--color", "always", "stats", id)));
        Golden.assertMatches("list-" + id + ".ansi.txt", ok(cli.run("--color", "always", "list")));
    }

    @Test
    void kitchenSink_everyEventTypeAndToolDetail() {
        ReplayCli cli = cli();
        TestSessions.kitchenSink(cli.traceDir);
        String id = TestSessions.KITCHEN_SINK;
        Golden.assertMatches("replay-kitchen-sink.txt", ok(cli.run("replay", id)));
        Golden.assertMatches("replay-kitchen-sink.ansi.txt", ok(cli.run("--color", "always", "replay", id)));
        Golden.assertMatches("replay-kitchen-sink-wide.txt", ok(cli.run("replay", id, "--wide")));
        Golden.assertMatches("replay-kitchen-sink-60cols.txt", withColumns(cli, "60").run("replay", id).out());
        Golden.assertMatches("replay-kitchen-sink-verbose-wall.txt",
                ok(cli.run("replay", id, "--verbose", "--ts", "wall", "--filter", "%error", "--no-header")));
        Golden.assertMatches("replay-kitchen-sink-epoch-strsize.txt",
                ok(cli.run("replay", id, "--ts", "epoch", "--strsize", "20", "--filter", "%tool,!tool_result", "--no-header")));
        Golden.assertMatches("stats-kitchen-sink.txt", ok(cli.run("stats", id)));
        Golden.assertMatches("stats-kitchen-sink.ansi.txt", ok(cli.run("--color", "always", "stats", id, "--sort", "time")));
        Golden.assertMatches("stats-kitchen-sink.json", ok(cli.run("stats", id, "--json")));
    }

    @Test
    void subagents_treeAndExpanded() {
        ReplayCli cli = cli();
        TestSessions.subagents(cli.traceDir);
        String id = TestSessions.PARENT;
        Golden.assertMatches("replay-tree.txt", ok(cli.run("replay", id, "--tree")));
        Golden.assertMatches("replay-tree.ansi.txt", ok(cli.run("--color", "always", "replay", id, "--tree")));
        Golden.assertMatches("replay-expand-subagents.txt", ok(cli.run("replay", id, "--expand-subagents")));
        Golden.assertMatches("replay-expand-subagents.ansi.txt",
                ok(cli.run("--color", "always", "replay", id, "--expand-subagents")));
        Golden.assertMatches("stats-include-subagents.txt", ok(cli.run("stats", id, "--include-subagents")));
    }

    /**
     * {@code list} fits 60, 80 and 120 columns with every column (the Started and ID columns give up width,
     * never the numbers) and lists subagents under their parent, with and without colour.
     */
    @ParameterizedTest
    @ValueSource(ints = {60, 80, 120})
    void list_fitsTheWidthAndMarksSubagents(int columns) {
        ReplayCli cli = cli().withSessions("3b9e1f4a-6c2d-4f", "a9fa908b3ec146e3", "a0e78b1d5c424034");
        TestSessions.subagents(cli.traceDir);
        cli.env.put("COLUMNS", Integer.toString(columns));
        String plain = ok(cli.run("list"));
        String ansi = ok(cli.run("--color", "always", "list"));
        assertEquals(plain, io.github.agentstrace.term.Ansi.strip(ansi), "colour only styles");
        for (String line : plain.split("\n")) {
            assertTrue(io.github.agentstrace.term.TerminalWidth.columns(line) <= columns, line);
            assertFalse(line.endsWith("…"), "nothing is cut at " + columns + " columns: " + line);
        }
        assertTrue(plain.contains("Duration Tools LLM Err") || plain.contains("Duration  Tools   LLM  Err"), plain);
        Golden.assertMatches("list-" + columns + "cols.txt", plain);
        Golden.assertMatches("list-" + columns + "cols.ansi.txt", ansi);
    }

    private static ReplayCli withColumns(ReplayCli cli, String columns) {
        cli.env.put("COLUMNS", columns);
        return cli;
    }
}
