package io.github.agentstrace.session;

import static io.github.agentstrace.session.SessionFixture.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.store.TraceStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one reading of a session: pairing, outcomes, counts, usage, phases, retries, timing. Numbers by hand. */
class SessionPassTest {
    @TempDir
    Path tmp;

    private SessionFixture session(String id) {
        return new SessionFixture(tmp, id);
    }

    @Test
    void aClosedPhase_keepsWhatExplainShows_andItsCountsExact() {
        SessionFixture s = session("s");
        s.add("user_prompt", 0, null, null, "prompt", "first");
        for (int i = 0; i < 30; i++) {
            String c = s.add("tool_call", 1 + i, null, null, "tool_name", "Bash",
                    "arguments", map("command", "echo " + i));
            s.add("error", 1.5 + i, c, null, "tool_name", "Bash", "error", "Exit code " + (i + 1));
            String r = s.add("tool_call", 1.6 + i, null, null, "tool_name", "Read", "arguments", map("file_path", "f" + i));
            s.add("tool_result", 1.7 + i, r, 1.0, "tool_name", "Read", "result", "x");
        }
        s.add("user_prompt", 40, null, null, "prompt", "second");
        String c = s.add("tool_call", 41, null, null, "tool_name", "Bash", "arguments", map("command", "make"));
        s.add("tool_result", 42, c, 1.0, "tool_name", "Bash", "result", "ok");
        SessionView v = s.read();
        Summary closed = v.phases().get(0).summary();
        assertEquals(Tally.PHASE_ITEMS, closed.commands().size());
        assertEquals(30, closed.commands().size() + closed.commandsOmitted());
        assertEquals(Tally.PHASE_ITEMS, closed.failures().size());
        assertEquals(30, closed.failures().size() + closed.failuresOmitted());
        assertEquals(Tally.PHASE_ITEMS, closed.files().read().size());
        assertEquals(30, closed.files().readCount());
        assertEquals(60, closed.toolCalls());
        assertEquals(30, closed.errors());
        assertEquals(31, v.summary().commands().size(), "the session keeps its own, longer lists");
        assertEquals(30, v.summary().files().read().size());
    }

    @Test
    void toolStats_totalsAveragesAndNearestRankPercentiles() {
        SessionFixture s = session("s");
        double[] durations = {40, 10, 100, 30, 20};
        for (int i = 0; i < durations.length; i++) {
            String c = s.add("tool_call", i, null, null, "tool_name", "Read");
            s.add("tool_result", i + 0.5, c, durations[i], "tool_name", "Read");
        }
        Summary.ToolStats read = s.read().summary().tools().get(0);
        assertEquals(5, read.calls());
        assertEquals(0, read.errors());
        assertEquals(200.0, read.totalMs());   // 40+10+100+30+20
        assertEquals(40.0, read.avgMs());      // 200/5
        assertEquals(30.0, read.p50Ms());      // rank ceil(2.5)=3 of 10,20,30,40,100
        assertEquals(100.0, read.p95Ms());     // rank ceil(4.75)=5
        assertEquals(100.0, read.maxMs());
    }

    @Test
    void errors_failedCallsFailedTurnsAndStandaloneErrorsCountOnceEach_interruptionsApart() {
        SessionFixture s = session("s");
        s.add("tool_call", 10, null, null, "tool_name", "Bash", "request_id", 1);
        // No parent_id, no duration: paired by request_id, 250 ms from the timestamps.
        s.add("tool_result", 10.25, null, null, "request_id", 1, "exit_code", 2, "stderr", "boom");
        String c2 = s.add("tool_call", 11, null, null, "tool_name", "Bash");
        s.add("error", 11.5, c2, null, "tool_name", "Bash", "error", "Exit code 3");
        s.add("error", 12, null, null, "message", "rate limited");
        String c3 = s.add("tool_call", 12.5, null, null, "tool_name", "Bash");
        s.add("error", 12.6, c3, null, "tool_name", "Bash", "error", "Interrupted by user", "is_interrupt", true);
        String q = s.add("llm_request", 13, null, null, "model", "claude-sonnet-4-5");
        s.add("llm_response", 14, q, null, "error", "overloaded");
        s.add("tool_call", 15, null, null, "tool_name", "Read");
        Summary sum = s.read().summary();
        assertEquals(4, sum.toolCalls());
        assertEquals(4, sum.errors(), "exit 2, Exit code 3, the standalone error, the failed turn");
        assertEquals(3, sum.errorEvents());
        assertEquals(1, sum.interrupted(), "interrupted by the user is not an error");
        assertEquals(1, sum.pending(), "the Read never got an answer and the session has not ended");
        Summary.ToolStats bash = sum.tools().get(0);
        assertEquals(3, bash.calls());
        assertEquals(2, bash.errors());
        assertEquals(250.0 + 500.0 + 100.0, bash.totalMs(), 1e-3);
        List<String> messages = new ArrayList<>();
        sum.failures().forEach(f -> messages.add(f.message()));
        assertEquals(List.of("boom", "Exit code 3", "rate limited", "overloaded"), messages);
        assertNull(sum.failures().get(2).tool());
        assertEquals(2, sum.failures().get(0).number(), "a failure is found at its answer's event number");
    }

    @Test
    void pairing_resultWrittenBeforeItsCallStillPairs_andKeepsItsDuration() {
        SessionFixture s = session("s");
        // A PostToolUse hook overtook its PreToolUse: the result is on the line before the call.
        s.add("tool_result", 2.0, "c-derived", null, "tool_name", "Bash", "tool_use_id", "toolu_1", "result", "ok",
                "duration_ms", 120.0);
        s.addAs("c-derived", "tool_call", 1.9, null, null, "tool_name", "Bash", "tool_use_id", "toolu_1",
                "arguments", map("command", "make"));
        List<Step> steps = s.steps();
        assertTrue(steps.get(0).waiting(), "the result waits for its call");
        Step call = steps.get(1);
        assertNotNull(call.call(), "the call completes the pair when it comes");
        assertEquals(Outcome.OK, call.call().outcome());
        assertEquals(120.0, call.call().durationMs());
        assertEquals(1, call.call().answerNumber(), "the result is event #1");
        assertEquals(2, call.call().number(), "its call is event #2");
        assertEquals(1, steps.stream().filter(st -> st.call() != null).count(), "one call, told once");
        Summary sum = s.read().summary();
        assertEquals(0, sum.pending());
        assertEquals(0, sum.unmatched());
        assertEquals(1, sum.answers());
    }

    @Test
    void pairing_toolUseIdThenParentIdThenJsonRpcId_numbersAndStringsApart() {
        SessionFixture s = session("s");
        s.add("tool_call", 1, null, null, "tool_name", "Read", "tool_use_id", "toolu_a");
        s.add("tool_call", 1, null, null, "tool_name", "Bash", "tool_use_id", "toolu_b");
        String c3 = s.add("tool_call", 1, null, null, "tool_name", "x", "request_id", 3);
        s.add("tool_result", 2, null, null, "tool_use_id", "toolu_b");
        s.add("tool_result", 2, null, null, "request_id", "3"); // the string "3" is not the number 3
        s.add("tool_result", 2, null, null, "request_id", Json.parse("3.0")); // the number 3, spelt otherwise
        List<Step> steps = s.steps();
        assertEquals("Bash", steps.get(3).call().tool());
        assertNull(steps.get(4).call().eventId(), "no call has the id \"3\": a result of its own");
        assertEquals(0, steps.get(4).call().number());
        assertEquals(c3, steps.get(5).call().eventId());
        Summary sum = s.read().summary();
        assertEquals(1, sum.unmatched());
        assertEquals(1, sum.pending(), "the Read is still open");
    }

    @Test
    void pairing_jsonRpcIdsOfTheTwoDirectionsAreSeparate() {
        SessionFixture s = session("s");
        s.add("tool_call", 1, null, null, "tool_name", "t", "request_id", 0, "direction", "client_to_server");
        s.add("llm_request", 1, null, null, "model", "m", "request_id", 0, "direction", "server_to_client");
        // The client answers the server's sampling request (id 0): that is not the answer to the tools/call.
        Step answer = steps(s, 2, "llm_response", "request_id", 0, "direction", "client_to_server");
        assertNotNull(answer.turn());
        assertNull(answer.call());
    }

    private static Step steps(SessionFixture s, double offset, String type, Object... kv) {
        s.add(type, offset, null, null, kv);
        return s.steps().stream().filter(st -> !st.leftover() && st.event().type().equals(type)).findFirst().orElseThrow();
    }

    @Test
    void memory_followsCallsInFlight() {
        SessionFixture s = session("s");
        for (int i = 0; i < 3_000; i++) {
            String c = s.add("tool_call", i, null, null, "tool_name", "Bash");
            s.add("tool_result", i + 0.1, c, 1.0);
        }
        s.close();
        int[] maxInFlight = {0};
        SessionPass pass = SessionPass.of(s.store.readMeta("s"), 0, SessionFixture.PRICES, SessionListener.NONE);
        s.store.reader("s", w -> { }).forEach(e -> {
            pass.accept(e);
            maxInFlight[0] = Math.max(maxInFlight[0], pass.inFlight());
        });
        Summary sum = pass.finish().summary();
        assertEquals(3_000, sum.toolCalls());
        assertEquals(0, sum.pending());
        assertEquals(1, maxInFlight[0], "only the call waiting for its result is kept");
    }

    @Test
    void unansweredCalls_pendingWhileRunning_interruptedOnceTheSessionIsOver() {
        SessionFixture running = session("r");
        running.add("tool_call", 1, null, null, "tool_name", "Bash");
        assertEquals(1, running.read().summary().pending());
        assertEquals(SessionView.Status.RUNNING, running.read().status());

        SessionFixture ended = new SessionFixture(tmp.resolve("other"), "e");
        ended.add("tool_call", 1, null, null, "tool_name", "Bash");
        ended.add("session_end", 2, null, null);
        SessionView v = ended.read();
        assertEquals(0, v.summary().pending());
        assertEquals(1, v.summary().interrupted());
        assertEquals(SessionView.Status.ENDED, v.status());

        // A recorder killed with -9 writes no session_end: gone is over too.
        SessionFixture killed = new SessionFixture(tmp.resolve("killed"), "k");
        killed.add("tool_call", 1, null, null, "tool_name", "Bash");
        killed.close();
        SessionView k = new Reading(killed.store, SessionFixture.PRICES, w -> { }, meta -> true)
                .read("k", false, false, SessionListener.NONE);
        assertEquals(SessionView.Status.INTERRUPTED, k.status());
        assertEquals(1, k.summary().interrupted());
    }

    @Test
    void usage_modelFromTheRequestWhenTheResponseNamesNone_pricedFromTheTable() {
        SessionFixture s = session("s");
        // The Java API names the model on the request only.
        String q = s.add("llm_request", 1, null, null, "model", "claude-haiku-4-5-20251001", "message_count", 2);
        s.add("llm_response", 2, q, 150.0, "input_tokens", 1000, "output_tokens", 200, "total_tokens", 1200);
        Summary sum = s.read().summary();
        assertEquals(1, sum.turns());
        assertEquals(1200, sum.tokens());
        // claude-haiku-4-5: $1 in, $5 out per million -> 1000*1 + 200*5 = 2000 micro-dollars
        assertEquals(0.002, sum.costUsd(), 1e-12);
        assertTrue(sum.unpricedModels().isEmpty());
        assertEquals("claude-haiku-4-5-20251001", sum.models().keySet().iterator().next());
    }

    @Test
    void usage_unknownModelsAreListedNotGuessed_andABareTotalIsCountedNotPriced() {
        SessionFixture s = session("s");
        s.add("llm_response", 1, null, null, "model", "mystery-1", "input_tokens", 5, "output_tokens", 5);
        s.add("llm_response", 2, null, null, "model", "claude-sonnet-4-5", "total_tokens", 100);
        Summary sum = s.read().summary();
        assertEquals(110, sum.tokens());
        assertEquals(0.0, sum.costUsd());
        assertEquals(2, sum.unpricedTurns());
        assertEquals(List.of("mystery-1"), sum.unpricedModels(), "claude-sonnet-4-5 has a price; the turn had no split");
    }

    @Test
    void usage_requestAndResponseHalvesMakeOneTurn() {
        SessionFixture s = session("s");
        String q = s.add("llm_request", 1, null, null, "model", "claude-sonnet-4-5", "input_tokens", 500);
        s.add("llm_response", 2, q, null, "output_tokens", 70,
                "usage", map("cache_read_input_tokens", 400, "cache_creation_input_tokens", 12));
        Summary sum = s.read().summary();
        assertEquals(500, sum.usage().inputTokens());
        assertEquals(70, sum.usage().outputTokens());
        assertEquals(400, sum.usage().cacheReadTokens());
        assertEquals(12, sum.usage().cacheWriteTokens());
        assertEquals(982, sum.tokens());
    }

    @Test
    void phases_eachPromptOpensOne_theStartDoesNotMakeAnEmptyOne() {
        SessionFixture s = session("s");
        s.add("session_start", 0, null, null, "mode", "claude-code-hooks");
        s.add("user_prompt", 1, null, null, "prompt", "Fix the login bug\nand run the tests");
        String c = s.add("tool_call", 2, null, null, "tool_name", "Bash", "arguments", map("command", "pytest -q"));
        s.add("error", 3, c, 10.0, "tool_name", "Bash", "error", "Exit code 1");
        s.add("user_prompt", 10, null, null, "prompt", "try again");
        String c2 = s.add("tool_call", 11, null, null, "tool_name", "Bash", "arguments", map("command", "pytest  -q"));
        s.add("tool_result", 12, c2, 20.0, "tool_name", "Bash", "result", "ok");
        SessionView v = s.read();
        assertEquals(2, v.phases().size());
        Phase first = v.phases().get(0);
        assertEquals("Fix the login bug", first.label());
        assertEquals(2, first.promptNumber());
        assertTrue(first.failed(), "its last call failed");
        Phase second = v.phases().get(1);
        assertFalse(second.failed());
        assertEquals(1, second.summary().retries(), "the same command (whitespace aside) again after its failure");
        assertEquals(10.0, second.summary().retriedMs());
        assertEquals(Source.HOOKS, v.source());
        assertEquals(1, v.summary().retries());
    }

    @Test
    void phases_boundsOnly_sameLabelsAndTimesAsTallied_withoutATallyPerPromptedPhase() {
        SessionFixture s = session("s");
        s.add("session_start", 0, null, null, "mode", "claude-code-hooks");
        for (int i = 0; i < 2; i++) { // before any prompt: labelled by its most used tool, so tallied
            String c = s.add("tool_call", 1 + i, null, null, "tool_name", "mcp__github__get_issue");
            s.add("tool_result", 1.5 + i, c, 5.0);
        }
        s.add("user_prompt", 5, null, null, "prompt", "Fix the login bug\nand run the tests");
        String c = s.add("tool_call", 6, null, null, "tool_name", "Bash", "arguments", map("command", "pytest -q"));
        s.add("tool_result", 7, c, 10.0, "tool_name", "Bash", "result", "ok");
        s.add("user_prompt", 10, null, null, "prompt", "  ");
        String r = s.add("tool_call", 11, null, null, "tool_name", "Read", "arguments", map("file_path", "/a"));
        s.add("tool_result", 12, r, 1.0, "tool_name", "Read", "result", "x");
        SessionView tallied = s.read(Reading.Phases.TALLIED);
        SessionView bounds = s.read(Reading.Phases.BOUNDS);
        assertEquals(List.of("github/get_issue", "Fix the login bug", "Read"),
                tallied.phases().stream().map(Phase::label).toList());
        assertEquals(tallied.phases().size(), bounds.phases().size());
        for (int i = 0; i < tallied.phases().size(); i++) {
            Phase t = tallied.phases().get(i);
            Phase b = bounds.phases().get(i);
            assertEquals(List.of(t.index(), t.promptNumber(), t.label(), t.start(), t.end()),
                    List.of(b.index(), b.promptNumber(), b.label(), b.start(), b.end()), "phase " + i);
        }
        assertEquals(1, tallied.phases().get(1).summary().toolCalls());
        assertEquals(0, bounds.phases().get(1).summary().toolCalls(), "a prompted phase is not tallied");
        assertEquals(2, bounds.phases().get(0).summary().toolCalls(), "a phase without a prompt is");
        assertEquals(tallied.summary().toolCalls(), bounds.summary().toolCalls());
        assertEquals(List.of(), s.read(Reading.Phases.NONE).phases());
    }

    @Test
    void phases_aSessionWithoutPromptsHasOne_labelledByItsMostUsedTool() {
        SessionFixture s = session("s");
        for (int i = 0; i < 3; i++) {
            String c = s.add("tool_call", i, null, null, "tool_name", "mcp__github__get_issue");
            s.add("tool_result", i + 0.5, c, 5.0);
        }
        String c = s.add("tool_call", 4, null, null, "tool_name", "Read");
        s.add("tool_result", 4.5, c, 5.0);
        SessionView v = s.read();
        assertEquals(1, v.phases().size());
        assertEquals("github/get_issue", v.phases().get(0).label());
        assertEquals(0, v.phases().get(0).promptNumber());
    }

    @Test
    void filesAndCommands_fromTheCallsSubjects() {
        SessionFixture s = session("s");
        call(s, 1, "Read", map("file_path", "/p/src/a.py"));
        call(s, 2, "Edit", map("file_path", "/p/src/a.py", "old_string", "x", "new_string", "y"));
        call(s, 3, "Write", map("file_path", "/p/notes.md", "content", "hi"));
        call(s, 4, "Bash", map("command", "cd /p && FOO=1 pytest -q tests"));
        call(s, 5, "mcp__fs__read_text_file", map("path", "/p/README.md"));
        s.add("file_read", 6, null, null, "uri", "file:///p/doc.txt");
        Summary sum = s.read().summary();
        assertEquals(List.of("/p/src/a.py", "/p/README.md", "/p/doc.txt"), sum.files().read());
        assertEquals(List.of("/p/notes.md"), sum.files().written());
        assertEquals(List.of("/p/src/a.py"), sum.files().edited());
        assertEquals(4, sum.files().touched());
        assertEquals(1, sum.commands().size());
        assertEquals("pytest", sum.commands().get(0).program());
    }

    private static void call(SessionFixture s, double at, String tool, Object args) {
        String c = s.add("tool_call", at, null, null, "tool_name", tool, "arguments", args);
        s.add("tool_result", at + 0.1, c, 100.0, "tool_name", tool, "result", "ok");
    }

    @Test
    void timing_idleGapsAreWaitsForTheUserOrLongSilences_neverWhileACallRuns() {
        SessionFixture s = session("s");
        s.add("user_prompt", 0, null, null, "prompt", "one");
        String c = s.add("tool_call", 1, null, null, "tool_name", "Bash");
        s.add("tool_result", 301, c, 300_000.0, "result", "done"); // a five-minute build: busy, not idle
        s.add("assistant_response", 302, null, null, "text", "done");
        s.add("user_prompt", 312, null, null, "prompt", "two");     // ten seconds of the user typing
        s.add("assistant_response", 313, null, null, "text", "ok");
        s.add("assistant_response", 500, null, null, "text", "later"); // 187 s of silence
        Summary.Timing t = s.read().summary().timing();
        assertEquals(500_000.0, t.spanMs(), 1e-6);
        assertEquals(10_000.0 + 187_000.0, t.idleMs(), 1e-6);
        assertEquals(2, t.gaps().size());
        assertEquals(187_000.0, t.gaps().get(0).ms(), 1e-6, "longest first");
    }

    @Test
    void subagents_oneTreeWalk_childLinkedToTheCallThatStartedIt_treeFactsAddUp() {
        TraceStore store = new TraceStore(tmp);
        SessionFixture parent = new SessionFixture(store, SessionMeta.start("parent", SessionFixture.T0, "claude-code", ""));
        parent.add("user_prompt", 0, null, null, "prompt", "delegate");
        String spawn = parent.add("tool_call", 1, null, null, "tool_name", "Agent",
                "arguments", map("description", "check", "subagent_type", "general-purpose"));
        parent.add("tool_result", 5, spawn, 4000.0, "tool_name", "Agent", "result", "done");
        SessionFixture child = new SessionFixture(store, SessionMeta.start("child", SessionFixture.T0 + 1.5, "sub", "")
                .withParent("parent", spawn, 1));
        String c = child.add("tool_call", 2, null, null, "tool_name", "Bash", "arguments", map("command", "false"));
        child.add("tool_result", 2.5, c, 10.0, "exit_code", 1);
        child.close();
        SessionView v = parent.read();
        assertEquals(1, v.children().size());
        SessionView.Child k = v.children().get(0);
        assertEquals("child", k.view().id());
        assertEquals(2, k.spawnedBy(), "event #2 of the parent started it");
        assertEquals(0, k.phase());
        assertEquals(List.of(k), v.phases().get(0).subagents());
        assertEquals(1, v.summary().toolCalls());
        assertEquals(2, v.tree().toolCalls());
        assertEquals(1, v.tree().errors());
        assertEquals(List.of("parent", "child"), v.tree().sessions());
        assertEquals(v.summary().timing(), v.tree().timing(), "a tree's time is its root's");
    }

    @Test
    void tree_cyclesAndDepthAreWarnedAboutNotFollowed() {
        TraceStore store = new TraceStore(tmp);
        String parent = "d0";
        new SessionFixture(store, SessionMeta.start(parent, SessionFixture.T0, "a", "")).close();
        for (int i = 1; i <= SessionTree.MAX_DEPTH + 2; i++) {
            new SessionFixture(store, SessionMeta.start("d" + i, SessionFixture.T0 + i, "a", "")
                    .withParent("d" + (i - 1), "", i)).close();
        }
        List<String> warnings = new ArrayList<>();
        SessionTree.Node root = new SessionTree(store, warnings::add).walk("d0");
        assertEquals(SessionTree.MAX_DEPTH + 1, root.flatten().size());
        assertTrue(warnings.get(0).contains("nested deeper than " + SessionTree.MAX_DEPTH), warnings.toString());
    }

    @Test
    void unknownEventTypes_passThroughUnresolved() {
        SessionFixture s = session("s");
        s.add("a2a_call", 1, null, null, "peer", "x");
        List<Step> steps = s.steps();
        assertEquals(1, steps.size());
        TraceEvent e = steps.get(0).event();
        assertEquals("a2a_call", e.type());
        assertEquals(1, s.read().summary().events());
    }
}
