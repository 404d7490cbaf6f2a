package io.github.agentstrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.SessionMeta;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListCommandTest {
    @TempDir
    Path tmp;
    CliHarness cli;
    Path traces;

    static final String TABLE = """

            Captured Sessions
            ──────────────────────────────────────────────────────────────────────
              ID                 Started                  Duration  Tools   LLM  Err
            ──────────────────────────────────────────────────────────────────────
              a0e78b1d5c424034   2026-11-23 23:39:29          4.3s      4     1    1
              a9fa908b3ec146e3   2026-11-23 23:38:33          1.0s      6     2    1
              3b9e1f4a-6c2d-4f   2026-11-23 23:36:57         23.9s      6     0    1
            ──────────────────────────────────────────────────────────────────────
              3 sessions

            """;

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliHarness(tmp);
        traces = CliHarness.copyFixtures(tmp.resolve("traces"));
    }

    @Test
    void list_newestFirstWithoutColourWhenNotATerminal() {
        CliHarness.Result r = cli.run("--trace-dir", traces.toString(), "list");
        assertEquals(0, r.status(), r.toString());
        assertEquals(TABLE, r.out());
        assertEquals("", r.err());
    }

    @Test
    void list_traceDirAfterTheCommandAndFromTheEnvironmentAndDefault() throws Exception {
        assertEquals(TABLE, cli.run("list", "--trace-dir", traces.toString()).out());
        assertEquals(TABLE, cli.run("list", "--trace-dir=traces").out()); // relative to the working directory
        cli.env.put("AGENT_TRACE_DIR", traces.toString());
        assertEquals(TABLE, cli.run("list").out());
        cli.env.clear();
        CliHarness.Result none = cli.run("list");
        assertEquals("No traces found in " + tmp.resolve(".agent-traces") + "\n", none.out());
        Files.move(traces, tmp.resolve(".agent-traces"));
        assertEquals(TABLE, cli.run("list").out());
    }

    @Test
    void list_emptyOrMissingDirectory() throws Exception {
        Files.createDirectories(tmp.resolve("empty"));
        for (String dir : List.of("empty", "missing")) {
            CliHarness.Result r = cli.run("--trace-dir", dir, "list");
            assertEquals(0, r.status());
            assertEquals("No traces found in " + tmp.resolve(dir) + "\n", r.out());
            CliHarness.Result json = cli.run("--trace-dir", dir, "list", "--json");
            assertEquals("[]\n", json.out());
        }
        assertFalse(Files.exists(tmp.resolve("missing")), "list created the trace directory");
    }

    @Test
    void list_limit() {
        CliHarness.Result r = cli.run("--trace-dir", traces.toString(), "list", "--limit", "1");
        assertTrue(r.out().contains("a0e78b1d5c424034"));
        assertFalse(r.out().contains("a9fa908b3ec146e3"));
        assertTrue(r.out().contains("  1 session\n"));
        assertEquals(TABLE, cli.run("--trace-dir", traces.toString(), "list", "-n", "99").out());
    }

    @Test
    void list_jsonIsTheMetaOfEachSessionNewestFirst() throws Exception {
        CliHarness.Result r = cli.run("--trace-dir", traces.toString(), "list", "--json", "--limit=2");
        assertEquals(0, r.status());
        List<Object> parsed = Json.asArray(Json.parse(r.out()));
        assertEquals(2, parsed.size());
        assertEquals(Json.parse(Files.readString(traces.resolve("a0e78b1d5c424034/meta.json"))), parsed.get(0));
        assertEquals(Json.parse(Files.readString(traces.resolve("a9fa908b3ec146e3/meta.json"))), parsed.get(1));
        assertFalse(r.out().contains("\033["), "colour codes in JSON");
    }

    @Test
    void list_colourPolicy() {
        String dir = traces.toString();
        assertTrue(colored(cli.run("--trace-dir", dir, "list", "--color", "always")));
        assertTrue(colored(cli.run("--trace-dir", dir, "--colour=always", "list")));
        assertFalse(colored(cli.run("--trace-dir", dir, "list", "--color", "never")));
        assertEquals(TABLE, cli.run("--trace-dir", dir, "list", "--color", "never").out());
        assertFalse(colored(cli.run("--trace-dir", dir, "list", "--color", "auto")));

        cli.terminal = true;
        assertTrue(colored(cli.run("--trace-dir", dir, "list")));
        assertFalse(colored(cli.run("--trace-dir", dir, "list", "--color", "never")));
        cli.env.put("NO_COLOR", "1");
        assertFalse(colored(cli.run("--trace-dir", dir, "list")));
        assertTrue(colored(cli.run("--trace-dir", dir, "list", "--color", "always")));
        cli.env.put("FORCE_COLOR", "1"); // NO_COLOR wins over FORCE_COLOR
        assertFalse(colored(cli.run("--trace-dir", dir, "list")));

        cli.env.clear();
        cli.terminal = false;
        cli.env.put("FORCE_COLOR", "1");
        assertTrue(colored(cli.run("--trace-dir", dir, "list")));
        cli.env.put("FORCE_COLOR", "0");
        assertFalse(colored(cli.run("--trace-dir", dir, "list")));
        cli.env.put("NO_COLOR", "");
        cli.env.put("FORCE_COLOR", "true");
        assertTrue(colored(cli.run("--trace-dir", dir, "list")), "an empty NO_COLOR does not count");
        cli.env.clear();
        cli.terminal = true;
        cli.env.put("TERM", "dumb");
        assertFalse(colored(cli.run("--trace-dir", dir, "list")));
    }

    private static boolean colored(CliHarness.Result r) {
        assertEquals(0, r.status(), r.toString());
        return r.out().contains("\033[");
    }

    @Test
    void list_colourOnlyStylesAndTheTextIsTheSame() {
        CliHarness.Result r = cli.run("--trace-dir", traces.toString(), "list", "--color", "always");
        assertEquals(TABLE, io.github.agentstrace.term.Ansi.strip(r.out()));
        assertTrue(r.out().contains("\033[1mCaptured Sessions\033[0m"));
        assertTrue(r.out().contains("\033[31m   1\033[0m"), "errors in red");
    }

    @Test
    void list_runningSessionAndCorruptMetaWarning() throws Exception {
        Path running = Files.createDirectories(traces.resolve("running1"));
        Files.writeString(running.resolve("meta.json"),
                Json.write(SessionMeta.start("running1", 1795479990.0, "", "").toJson()));
        Path broken = Files.createDirectories(traces.resolve("broken1"));
        Files.writeString(broken.resolve("meta.json"), "{\"session_id\":");
        CliHarness.Result r = cli.run("--trace-dir", traces.toString(), "list");
        assertEquals(0, r.status());
        assertTrue(r.out().contains("  running1           2026-11-24 00:26:30       running      0     0    0\n"), r.out());
        assertTrue(r.err().startsWith("agent-strace list: skipped broken1: corrupt "), r.err());
        assertEquals(1, r.err().lines().count());
    }

    @Test
    void sessionDirectoryWithoutMeta_isNamedWithWhatIsMissing() throws Exception {
        Path nometa = Files.createDirectories(traces.resolve("nometa"));
        Files.writeString(nometa.resolve("events.ndjson"), "");
        CliHarness.Result list = cli.run("--trace-dir", traces.toString(), "list");
        assertEquals(0, list.status());
        assertEquals(TABLE, list.out());
        assertEquals("agent-strace list: skipped nometa: session directory " + nometa + " has no meta.json\n", list.err());
        for (String command : List.of("replay", "stats", "inspect", "export")) {
            CliHarness.Result r = cli.run("--trace-dir", traces.toString(), command, "nometa");
            assertEquals(1, r.status(), r.toString());
            assertEquals("agent-strace " + command + ": session directory " + nometa + " has no meta.json\n", r.err());
        }
    }

    @Test
    void subagents_areListedUnderTheirParentAndLimitCountsTopLevelSessions() throws Exception {
        Path dir = tmp.resolve("tree");
        io.github.agentstrace.replay.TestSessions.subagents(dir);
        CliHarness.Result r = cli.run("--trace-dir", dir.toString(), "list");
        assertEquals(0, r.status(), r.toString());
        List<String> rows = r.out().lines().filter(l -> l.matches(".* \\d{4}-\\d\\d-\\d\\d .*")).toList();
        assertEquals(List.of("  parent-0001", "  ↳ child-0001", "    ↳ grandchild-0001"),
                rows.stream().map(l -> l.substring(0, l.indexOf("-0001") + 5)).toList(), r.out());
        assertTrue(r.out().endsWith("  3 sessions (2 subagents)\n\n"), r.out());
        CliHarness.Result limited = cli.run("--trace-dir", dir.toString(), "list", "--limit", "1", "--json");
        List<Object> json = Json.asArray(Json.parse(limited.out()));
        assertEquals(List.of("parent-0001", "child-0001", "grandchild-0001"),
                json.stream().map(o -> Json.asObject(o).get("session_id")).toList(), "a session comes with its subagents");
        assertEquals("parent-0001", Json.asObject(json.get(1)).get("parent_session_id"));
    }
}
