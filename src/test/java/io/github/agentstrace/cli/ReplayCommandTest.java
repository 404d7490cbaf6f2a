package io.github.agentstrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.replay.TestSessions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** replay's options, colour policy and every user-facing error. */
class ReplayCommandTest {
    static final String HOOKS = "3b9e1f4a-6c2d-4f";

    @TempDir
    Path tmp;

    private ReplayCli cli() {
        return new ReplayCli(tmp.resolve(".agent-traces"));
    }

    @Test
    void invalidFilter_isAUsageErrorWithADidYouMeanElseTheValidNames() {
        ReplayCli cli = cli().withSessions(HOOKS);
        CliHarness.Result typo = cli.run("replay", "--filter", "tool_call,tool_cal");
        assertEquals(2, typo.status());
        assertEquals("agent-strace replay: invalid filter 'tool_cal' (did you mean tool_call?);"
                + " see 'agent-strace replay --help'\n", typo.err());
        assertEquals("", typo.out());
        assertEquals("agent-strace replay: invalid filter '!%Shel' (did you mean !%shell?);"
                + " see 'agent-strace replay --help'\n", cli.run("replay", "--filter", "%tool,!%Shel").err());
        CliHarness.Result r = cli.run("replay", "--filter", "tool_call,bogus");
        assertEquals(2, r.status());
        assertEquals("agent-strace replay: invalid filter 'bogus'; valid names: session_start, session_end, tool_call,"
                + " tool_result, llm_request, llm_response, file_read, file_write, decision, error, user_prompt,"
                + " assistant_response, %tool, %file, %shell, %mcp, %llm, %error, %prompt (prefix ! to exclude);"
                + " see 'agent-strace replay --help'\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void turnsReadFromTheTranscriptAtStop_areShownAtTheirTime_withTheFilesNumbers() {
        // The sample recorded by the real Claude Code CLI: its hooks append the answer's LLM turns at Stop.
        ReplayCli cli = new ReplayCli(Path.of(".agent-traces.example").toAbsolutePath());
        CliHarness.Result r = cli.run("replay", "0564716b", "--numbers", "--filter", "%tool,%error,%llm,%prompt");
        assertEquals(0, r.status(), r.err());
        List<String> order = r.out().lines().filter(l -> l.matches(" *#\\d+ .*"))
                .map(l -> l.strip().split(" ")[0] + " " + l.replaceAll(".*[0-9]s (\\S+ )?(\\w+).*", "$2")).toList();
        assertEquals(List.of("#2 user_prompt", "#12 llm_request", "#13 llm_response", "#3 tool_call", "#4 error",
                "#14 llm_request", "#15 llm_response", "#5 tool_call", "#6 tool_result", "#16 llm_request",
                "#17 llm_response", "#7 tool_call", "#8 tool_result", "#18 llm_request", "#19 llm_response",
                "#9 tool_call", "#10 tool_result", "#20 llm_request", "#21 llm_response", "#11 assistant_response"),
                order);
        CliHarness.Result follow = cli.run("replay", "0564716b", "--numbers", "--follow", "--filter", "%llm");
        assertTrue(follow.out().indexOf("#12 ") > 0, follow.err());
    }

    @Test
    void emptySessionId_isAUsageErrorNotTheLatestSession() {
        ReplayCli cli = cli().withSessions(HOOKS);
        for (String command : List.of("replay", "stats", "cost", "inspect", "export")) {
            CliHarness.Result r = cli.run(command, "");
            assertEquals(2, r.status(), r.err());
            assertEquals("agent-strace " + command + ": empty session id (give an id or a unique prefix, or none for"
                    + " the latest session); see 'agent-strace " + command + " --help'\n", r.err());
            assertEquals("", r.out());
        }
        assertEquals(0, cli.run("replay").status(), "leaving it out still means the latest");
    }

    @Test
    void badOptionValues_areUsageErrors() {
        ReplayCli cli = cli().withSessions(HOOKS);
        assertEquals("agent-strace replay: invalid --ts 'local' (use rel, wall or epoch); see 'agent-strace replay --help'\n",
                cli.run("replay", "--ts", "local").err());
        assertEquals(2, cli.run("replay", "--speed", "0").status());
        assertEquals(2, cli.run("replay", "--max-gap", "-1").status());
        assertEquals(2, cli.run("replay", "--strsize", "x").status());
        CliHarness.Result combo = cli.run("replay", "--tree", "--follow");
        assertEquals(2, combo.status());
        assertTrue(combo.err().contains("--tree cannot be combined"), combo.err());
        assertEquals(2, cli.run("replay", "--follow", "--live").status());
        assertEquals(2, cli.run("replay", HOOKS, "extra").status());
    }

    @Test
    void missingSessions_areDataErrors() {
        CliHarness.Result none = cli().run("replay");
        assertEquals(1, none.status());
        assertTrue(none.err().startsWith("agent-strace replay: No sessions found"), none.err());
        ReplayCli cli = cli().withSessions(HOOKS);
        CliHarness.Result unknown = cli.run("replay", "ffff");
        assertEquals(1, unknown.status());
        assertEquals("agent-strace replay: Session not found: ffff\n", unknown.err());
        assertEquals(1, cli.run("stats", "ffff").status());
    }

    @Test
    void emptySession_saysSo() throws Exception {
        ReplayCli cli = cli().withSessions(HOOKS);
        Files.writeString(cli.traceDir.resolve(HOOKS).resolve("events.ndjson"), "");
        CliHarness.Result r = cli.run("replay");
        assertEquals(0, r.status());
        assertEquals("No events found for session " + HOOKS + "\n", r.out());
    }

    @Test
    void tornLastLine_isSkippedWithAWarning() throws Exception {
        ReplayCli cli = cli().withSessions(HOOKS);
        Files.writeString(cli.traceDir.resolve(HOOKS).resolve("events.ndjson"), "{\"event_type\":\"tool_ca",
                StandardOpenOption.APPEND);
        CliHarness.Result r = cli.run("replay");
        assertEquals(0, r.status());
        assertTrue(r.err().contains("line 17: skipped an invalid event"), r.err());
        assertTrue(r.out().contains("session_end"));
    }

    @Test
    void colour_followsTheSharedPolicy() {
        ReplayCli cli = cli().withSessions(HOOKS);
        assertFalse(cli.run("replay").out().contains("\033["), "pipe: no colour");
        cli.terminal = true;
        assertTrue(cli.run("replay").out().contains("\033[36m→\033[0m"), "terminal: colour");
        cli.env.put("NO_COLOR", "1");
        assertFalse(cli.run("replay").out().contains("\033["), "NO_COLOR wins over a terminal");
        assertTrue(cli.run("--color", "always", "replay").out().contains("\033["), "--color always wins over NO_COLOR");
    }

    @Test
    void width_comesFromColumnsElseNoLimitInAPipe() {
        ReplayCli cli = cli().withSessions(HOOKS);
        cli.env.put("COLUMNS", "40");
        for (String line : cli.run("replay").out().split("\n")) {
            assertTrue(line.codePointCount(0, line.length()) <= 40, line);
        }
        assertTrue(cli.run("replay", "--wide").out().contains("1 failed, 1 passed in 0.12s"));
        cli.env.remove("COLUMNS");
        String piped = cli.run("replay").out();
        assertTrue(piped.contains("FAILED tests/test_auth.py::test_login - AssertionError: expected True 1 failed"), piped);
    }

    @Test
    void filter_negationAndClasses() {
        ReplayCli cli = cli().withSessions(HOOKS);
        String noResults = cli.run("replay", "--filter", "!tool_result", "--no-header").out();
        assertFalse(noResults.contains("tool_result"));
        assertTrue(noResults.contains("tool_call Grep"));
        String errors = cli.run("replay", "--filter", "%error", "--no-header").out();
        assertEquals("+ 16.90s ✗ error Bash (1.28s)\n"
                + "                Command failed with exit code 127: /bin/sh: pytest: command not found\n\n", errors);
        String shell = cli.run("replay", "--filter", "%shell", "--filter", "!%error", "--no-header").out();
        assertEquals(5, shell.lines().filter(l -> l.startsWith("+")).count(), shell);
    }

    @Test
    void noIdMeansLatestStartedSession() {
        ReplayCli cli = cli().withSessions(HOOKS, "a0e78b1d5c424034", "a9fa908b3ec146e3");
        assertTrue(cli.run("replay").out().contains("Session:    a0e78b1d5c424034"));
        assertTrue(cli.run("replay", "a9f").out().contains("Session:    a9fa908b3ec146e3"));
    }

    @Test
    void expandSubagents_inlinesChildrenUnderTheirCall() {
        ReplayCli cli = cli();
        TestSessions.subagents(cli.traceDir);
        String out = cli.run("replay", TestSessions.PARENT, "--expand-subagents", "--no-header").out();
        int call = out.indexOf("tool_call Task");
        int child = out.indexOf("┌─ subagent child-0001");
        int grandchild = out.indexOf("│  ┌─ subagent grandchild-0001");
        int result = out.indexOf("tool_result Task");
        assertTrue(call < child && child < grandchild && grandchild < result, out);
        String plain = cli.run("replay", TestSessions.PARENT, "--no-header").out();
        assertFalse(plain.contains("subagent child"), plain);
    }

    @Test
    void list_newestFirstCutToWidthWithLimitAndJson() {
        ReplayCli cli = cli().withSessions(HOOKS, "a0e78b1d5c424034", "a9fa908b3ec146e3");
        cli.env.put("COLUMNS", "40");
        cli.terminal = true;
        String out = cli.run("list").out();
        for (String line : out.split("\n")) {
            assertTrue(io.github.agentstrace.term.Ansi.strip(line).codePointCount(0, io.github.agentstrace.term.Ansi.strip(line).length()) <= 40, line);
        }
        assertTrue(out.contains("\033[1mCaptured Sessions"), "colour on a terminal");
        String plain = io.github.agentstrace.term.Ansi.strip(out);
        // Below the narrowest layout ids are cut (what is left is still a prefix to type), then the line.
        assertTrue(plain.indexOf("a0e78b1…") < plain.indexOf("a9fa908…"), plain);
        assertTrue(plain.indexOf("a9fa908…") < plain.indexOf("3b9e1f4…"), plain);
        assertTrue(plain.contains("  a0e78b1… 11-23 23:39     4.3s     4  …\n"), plain);
        cli.env.remove("COLUMNS");
        cli.terminal = false;
        String limited = cli.run("list", "--limit", "1").out();
        assertTrue(limited.contains("  1 session\n") && limited.contains("a0e78b1d5c424034"), limited);
        assertTrue(cli.run("list", "--json").out().startsWith("[\n"));
    }

    @Test
    void runningSession_headerSaysRunningAndPendingCallsAreMarked() {
        ReplayCli cli = cli();
        io.github.agentstrace.store.TraceStore store = new io.github.agentstrace.store.TraceStore(cli.traceDir);
        double started = ReplayCli.NOW.getEpochSecond() - 10.0;
        store.create(io.github.agentstrace.model.SessionMeta.start("running-1", started, "agent", ""),
                io.github.agentstrace.redact.Redactor.disabled());
        try (var w = store.writer("running-1", io.github.agentstrace.redact.Redactor.disabled())) {
            w.append(new io.github.agentstrace.model.TraceEvent("tool_call", started + 1, "c1", "running-1", null, null,
                    TestSessions.map("tool_name", "Bash", "arguments", TestSessions.map("command", "make"))));
        }
        String out = cli.run("replay").out();
        assertTrue(out.contains("  Duration:   10.00s (running)"), out);
        assertTrue(out.contains("+  0.00s ◌ pending tool_call Bash (no result)\n\n"), out);
        assertTrue(out.endsWith("  1 event, 1 tool call, 0 LLM turns, no errors, 1 pending\n\n"), out);
    }

    @Test
    void help_listsReplayAndStats() {
        String help = cli().run("--help").out();
        assertTrue(help.contains("replay"));
        assertTrue(help.contains("stats"));
        assertTrue(new String(cli().run("replay", "--help").out().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)
                .contains("--expand-subagents"));
    }
}
