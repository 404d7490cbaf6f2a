package io.github.agentstrace.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.Ids;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.store.TraceStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each agent's payloads (src/test/resources/agent-payloads) recorded as one session, call by call. */
class AgentHooksTest {
    @TempDir
    Path dir;

    private HookRecorder recorder() {
        return new HookRecorder(new HookConfig(dir, Redactor.standard(), FieldLimits.DEFAULT_MAX_CHARS, 0, true),
                new Fixtures.SteppingClock(1_800_000_000L), new Ids(new Random(7)), Map.of());
    }

    /** The fixture files of one folder, in firing order. */
    static List<Path> files(String folder) {
        try {
            Path root = Path.of(AgentHooksTest.class.getResource("/agent-payloads/" + folder).toURI());
            try (Stream<Path> s = Files.list(root)) {
                return s.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code 03-BeforeTool.json} → {@code BeforeTool}. */
    static String eventOf(Path file) {
        String n = file.getFileName().toString();
        return n.substring(n.indexOf('-') + 1, n.length() - ".json".length());
    }

    /** Plays a folder through the recorder as {@code hook --agent <agent> <event>} would; returns the log. */
    private String play(String agent, String folder) throws IOException {
        HookRecorder r = recorder();
        HookErrorLog log = new HookErrorLog(dir, Redactor.standard());
        for (Path f : files(folder)) {
            r.recordOrLog(agent, eventOf(f), Files.readAllBytes(f), log, true);
        }
        Path logFile = dir.resolve("hook-errors.log");
        return Files.exists(logFile) ? Files.readString(logFile) : "";
    }

    private HookErrorLog log() {
        return new HookErrorLog(dir, Redactor.standard());
    }

    private List<TraceEvent> events(String sid) {
        return Fixtures.events(new TraceStore(dir), sid);
    }

    private static List<TraceEvent> ofType(List<TraceEvent> events, String type) {
        List<TraceEvent> out = new ArrayList<>();
        for (TraceEvent e : events) {
            if (e.type().equals(type)) {
                out.add(e);
            }
        }
        return out;
    }

    /** Every result and error of a tool names its call, and the call's input is the one it answered. */
    private static void assertPaired(List<TraceEvent> events, int expectedPairs) {
        Map<String, TraceEvent> calls = new HashMap<>();
        for (TraceEvent e : ofType(events, "tool_call")) {
            calls.put(e.eventId(), e);
        }
        int paired = 0;
        for (TraceEvent e : events) {
            if ((e.type().equals("tool_result") || e.type().equals("error")) && e.data().get("tool_name") != null) {
                TraceEvent call = calls.remove(e.parentId());
                assertNotNull(call, "no call for " + e.data());
                assertEquals(call.data().get("tool_name"), e.data().get("tool_name"));
                paired++;
            }
        }
        assertEquals(expectedPairs, paired);
        assertTrue(calls.isEmpty(), "calls without a result: " + calls.keySet());
    }

    private static String resultFor(List<TraceEvent> events, String command) {
        String callId = null;
        for (TraceEvent e : events) {
            if (e.type().equals("tool_call") && command.equals(Json.asObject(e.data().get("arguments")).get("command"))) {
                callId = e.eventId();
            }
            if (callId != null && callId.equals(e.parentId())) {
                return e.type() + ": " + (e.type().equals("error") ? e.data().get("error") : e.data().get("result"));
            }
        }
        return null;
    }

    @Test
    void codex_wholeSession_pairsByCallIdAndNamesTheAgent() throws IOException {
        assertEquals("", play("codex", "codex"));
        String sid = "019a6c1e-7d3f-7b";
        SessionMeta meta = new TraceStore(dir).readMeta(sid);
        assertEquals("codex", meta.agentName());
        assertEquals("codex (startup)", meta.command());
        assertEquals("codex", meta.attribution().get("agent_provider"));
        List<TraceEvent> events = events(sid);
        assertEquals(List.of("session_start", "user_prompt", "tool_call", "tool_call", "tool_result", "tool_result",
                "tool_call", "tool_result", "assistant_response"), Fixtures.types(events));
        assertEquals("codex-hooks", events.get(0).data().get("mode"));
        assertEquals("gpt-5.1-codex", events.get(0).data().get("model"));
        assertNull(events.get(0).data().get("claude_session_id"));
        assertEquals("019a6c1e-7d3f-7b52-9a44-2f1c0d9e8b71", events.get(0).data().get("agent_session_id"));
        assertPaired(events, 3);
        // the parallel pair answered out of order: each result still names its own call
        assertEquals("tool_result: notes.md\nsrc\n", resultFor(events, "ls"));
        assertEquals("tool_result: remember the milk\n", resultFor(events, "cat notes.md"));
        assertEquals("There is no test target; notes.md says to remember the milk.",
                ofType(events, "assistant_response").get(0).data().get("text"));
        assertEquals(3, meta.toolCalls());
    }

    @Test
    void codex_capturedFromTheRealCli_recordsEveryCallWithItsResult() throws IOException {
        assertEquals("", play("codex", "codex-captured"));
        String sid = "01a23522-c38c-7f";
        List<TraceEvent> events = events(sid);
        assertEquals(List.of("session_start", "user_prompt", "tool_call", "tool_result", "tool_call", "tool_result",
                "tool_call", "tool_result", "assistant_response"), Fixtures.types(events));
        assertPaired(events, 3);
        assertEquals("tool_result: remember the milk\n", resultFor(events, "cat notes.md"));
        assertEquals("Bash", events.get(2).data().get("tool_name"));
        assertEquals("done", events.get(8).data().get("text"));
        assertEquals("codex", new TraceStore(dir).readMeta(sid).agentName());
    }

    @Test
    void gemini_wholeSession_pairsByOrderAndInputAndRecordsTheFailure() throws IOException {
        assertEquals("", play("gemini", "gemini"));
        String sid = "5c0b6f0e-2d7a-4f";
        SessionMeta meta = new TraceStore(dir).readMeta(sid);
        assertEquals("gemini", meta.agentName());
        List<TraceEvent> events = events(sid);
        assertEquals(List.of("session_start", "user_prompt", "tool_call", "tool_result", "tool_call", "tool_result",
                "tool_call", "error", "assistant_response", "session_end"), Fixtures.types(events));
        assertEquals("gemini-hooks", events.get(0).data().get("mode"));
        assertEquals("List the files, read notes.md, then run the tests", events.get(1).data().get("prompt"));
        assertPaired(events, 3);
        assertEquals("tool_result: notes.md\nsrc\n", resultFor(events, "ls"));
        assertEquals("error: Command exited with code 2", resultFor(events, "make test"));
        assertEquals("remember the milk\n", events.get(5).data().get("result"), "llmContent is what the model saw");
        assertEquals(1, meta.errors());
        assertNotNull(meta.endedAt());
    }

    @Test
    void gemini_capturedFromTheRealCli_pairsByOrder_exitCodeIsAFailure_checksForCompressionAreNoCompactions()
            throws IOException {
        assertEquals("", play("gemini", "gemini-real"));
        String sid = "84f9b6b6-a92a-4d";
        SessionMeta meta = new TraceStore(dir).readMeta(sid);
        assertEquals("gemini", meta.agentName());
        List<TraceEvent> events = events(sid);
        // four PreCompress "auto" (one before each model call, nothing compressed) and the per-model-call events
        // are not recorded
        assertEquals(List.of("session_start", "user_prompt", "tool_call", "tool_result", "tool_call", "tool_result",
                "tool_call", "error", "assistant_response", "session_end"), Fixtures.types(events));
        assertEquals("84f9b6b6-a92a-4d15-bece-3aec2f6fbd91", events.get(0).data().get("agent_session_id"));
        assertEquals("List the files, read notes.md, then look in missing-dir", events.get(1).data().get("prompt"));
        assertPaired(events, 3);
        assertEquals("run_shell_command", events.get(2).data().get("tool_name"));
        assertTrue(resultFor(events, "echo hello-gemini").contains("Output: hello-gemini\n"));
        assertEquals("remember the milk\n", events.get(5).data().get("result"));
        assertEquals("read_file", events.get(4).data().get("tool_name"));
        String failed = resultFor(events, "ls missing-dir");
        assertTrue(failed.startsWith("error: ") && failed.contains("Exit Code: 2"), failed);
        assertEquals("done", events.get(8).data().get("text"));
        assertEquals(1, meta.errors());
        assertEquals(3, meta.toolCalls());
    }

    @Test
    void gemini_manualCompressIsACompaction_autoIsNot() {
        HookRecorder r = recorder();
        String s = "{\"session_id\":\"g-compress\",\"hook_event_name\":\"PreCompress\",\"trigger\":\"%s\"}";
        assertNull(r.recordOrLog("gemini", "PreCompress", String.format(s, "auto").getBytes(StandardCharsets.UTF_8),
                log(), false));
        r.recordOrLog("gemini", "PreCompress", String.format(s, "manual").getBytes(StandardCharsets.UTF_8), log(), false);
        List<TraceEvent> events = events("g-compress");
        assertEquals(List.of("session_start", "decision"), Fixtures.types(events));
        assertEquals("compact (manual)", events.get(1).data().get("choice"));
    }

    @Test
    void copilot_capturedFromTheRealCli_pairsByOrder_nonZeroExitIsAFailure() throws IOException {
        assertEquals("", play("copilot", "copilot-real"));
        String sid = "0ae646aa-4b20-41";
        SessionMeta meta = new TraceStore(dir).readMeta(sid);
        assertEquals("copilot", meta.agentName());
        assertEquals("copilot (startup)", meta.command());
        List<TraceEvent> events = events(sid);
        // permissionRequest is not recorded (its preToolUse is); agentStop carries no answer
        assertEquals(List.of("session_start", "user_prompt", "tool_call", "tool_result", "tool_call", "tool_result",
                "tool_call", "error", "session_end"), Fixtures.types(events));
        assertPaired(events, 3);
        assertEquals("tool_result: hello-copilot\n<shellId: 0 completed with exit code 0>",
                resultFor(events, "echo hello-copilot"));
        assertEquals("view", events.get(4).data().get("tool_name"));
        assertEquals("remember the milk\n", events.get(5).data().get("result"));
        assertEquals("error: ls: cannot access 'missing-dir': No such file or directory\n"
                + "<shellId: 1 completed with exit code 2>", resultFor(events, "ls missing-dir"));
        assertEquals(1, meta.errors());
    }

    @Test
    void copilot_camelCasePayloads_eventFromTheCommandLine() throws IOException {
        assertEquals("", play("copilot", "copilot"));
        String sid = "b7e2c4a1-9f3d-4e";
        SessionMeta meta = new TraceStore(dir).readMeta(sid);
        assertEquals("copilot", meta.agentName());
        assertEquals("copilot (startup)", meta.command(), "source new is a start");
        List<TraceEvent> events = events(sid);
        assertEquals(List.of("session_start", "user_prompt", "tool_call", "tool_call", "tool_result", "tool_result",
                "tool_call", "error", "session_end"), Fixtures.types(events));
        assertPaired(events, 3);
        assertEquals("tool_result: notes.md\nsrc\n<exited with exit code 0>", resultFor(events, "ls"));
        assertTrue(resultFor(events, "make test").startsWith("error: make: *** No rule"));
        Map<String, Object> viewArgs = Json.asObject(events.get(3).data().get("arguments"));
        assertEquals("/home/dev/project/notes.md", viewArgs.get("path"));
        assertEquals("1. remember the milk", events.get(4).data().get("result"));
    }

    @Test
    void copilotPayloadsToTheClaudeCodeHook_areRecordedAsCopilotNotAsMalformedClaudeCode() throws IOException {
        assertEquals("", play(null, "copilot-claude-settings"));
        String sid = "c8f3d5b2-0a4e-4f";
        SessionMeta meta = new TraceStore(dir).readMeta(sid);
        assertEquals("copilot", meta.agentName());
        List<TraceEvent> events = events(sid);
        assertEquals(List.of("session_start", "user_prompt", "tool_call", "tool_result", "tool_call", "error",
                "session_end"), Fixtures.types(events));
        assertPaired(events, 2);
        assertEquals("tool_result: notes.md\nsrc\n", resultFor(events, "ls"));
        assertEquals("error: make: *** No rule to make target 'test'.  Stop.", resultFor(events, "make test"));
        assertEquals(1, meta.errors());
    }

    @Test
    void cursor_wholeSession_conversationIsTheSession_shellEventsPairByInput() throws IOException {
        assertEquals("", play("cursor", "cursor"));
        String sid = "3f9e1b2c-6d4a-4c";
        SessionMeta meta = new TraceStore(dir).readMeta(sid);
        assertEquals("cursor", meta.agentName());
        assertEquals("2.1.0", meta.attribution().get("agent_version"));
        assertEquals("/home/dev/project", meta.attribution().get("working_dir"));
        List<TraceEvent> events = events(sid);
        assertEquals(List.of("session_start", "user_prompt", "tool_call", "tool_result", "tool_call", "tool_result",
                "tool_call", "error", "assistant_response", "session_end"), Fixtures.types(events));
        assertPaired(events, 3);
        assertEquals("tool_result: notes.md\n", resultFor(events, "ls").substring(0, "tool_result: notes.md\n".length()));
        assertEquals("tool_result: remember the milk\n", resultFor(events, "cat notes.md"));
        assertEquals(12.0, ((Number) events.get(5).durationMs()).doubleValue(), "Cursor's own duration");
        assertEquals("error: make: *** No rule to make target 'test'.  Stop.", resultFor(events, "make test"));
    }

    @Test
    void withoutCallIds_resultsFindTheCallWithTheSameInput_evenOutOfOrder() throws IOException {
        HookRecorder r = recorder();
        String s = "{\"session_id\":\"gem-1\",\"tool_name\":\"run_shell_command\",\"tool_input\":{\"command\":\"%s\"}%s}";
        r.recordOrLog("gemini", "BeforeTool", String.format(s, "a", "").getBytes(StandardCharsets.UTF_8), log(), false);
        r.recordOrLog("gemini", "BeforeTool", String.format(s, "b", "").getBytes(StandardCharsets.UTF_8), log(), false);
        r.recordOrLog("gemini", "AfterTool", String.format(s, "b", ",\"tool_response\":{\"llmContent\":\"B\"}")
                .getBytes(StandardCharsets.UTF_8), log(), false);
        r.recordOrLog("gemini", "AfterTool", String.format(s, "a", ",\"tool_response\":{\"llmContent\":\"A\"}")
                .getBytes(StandardCharsets.UTF_8), log(), false);
        List<TraceEvent> events = events("gem-1");
        assertEquals("tool_result: A", resultFor(events, "a"));
        assertEquals("tool_result: B", resultFor(events, "b"));
    }

    @Test
    void withoutCallIds_aResultWhoseInputMatchesNoCall_takesTheOldestCallOfItsTool() throws IOException {
        HookRecorder r = recorder();
        String s = "{\"session_id\":\"cop-1\",\"toolName\":\"bash\",\"toolArgs\":{\"command\":\"%s\"}%s}";
        r.recordOrLog("copilot", "preToolUse", String.format(s, "one", "").getBytes(StandardCharsets.UTF_8), log(), false);
        r.recordOrLog("copilot", "preToolUse", String.format(s, "two", "").getBytes(StandardCharsets.UTF_8), log(), false);
        r.recordOrLog("copilot", "postToolUse", String.format(s, "changed",
                ",\"toolResult\":{\"resultType\":\"success\",\"textResultForLlm\":\"1\"}").getBytes(StandardCharsets.UTF_8),
                log(), false);
        assertEquals("tool_result: 1", resultFor(events("cop-1"), "one"));
    }

    @Test
    void unknownAgent_isOneLineInTheLog_andNothingIsRecorded() throws IOException {
        HookErrorLog log = new HookErrorLog(dir, Redactor.standard());
        assertNull(recorder().recordOrLog("windsurf", "preToolUse", "{\"session_id\":\"x1\"}".getBytes(StandardCharsets.UTF_8),
                log, false));
        String text = Files.readString(dir.resolve("hook-errors.log"));
        assertTrue(text.contains("ignored: unknown agent 'windsurf' (one of: codex, gemini, copilot, cursor, claude-code)"),
                text);
        assertFalse(Files.exists(dir.resolve("x1")));
    }

    @Test
    void eventsAnAgentDoesNotRecord_areIgnoredSilently() throws IOException {
        HookRecorder r = recorder();
        assertNull(r.recordOrLog("gemini", "AfterModel", "{\"session_id\":\"g2\",\"llm_response\":{}}"
                .getBytes(StandardCharsets.UTF_8), log(), false));
        assertNull(r.recordOrLog("cursor", "afterFileEdit", "{\"conversation_id\":\"c2\",\"file_path\":\"a\"}"
                .getBytes(StandardCharsets.UTF_8), log(), false));
        assertFalse(Files.exists(dir.resolve("g2")));
        assertFalse(Files.exists(dir.resolve("c2")));
    }

    @Test
    void agentNames_acceptTheOriginalsAndCommonSpellings() {
        assertEquals("codex", AgentHooks.named("Codex").name());
        assertEquals("gemini", AgentHooks.named("gemini-cli").name());
        assertEquals("copilot", AgentHooks.named("copilot").name());
        assertEquals("cursor", AgentHooks.named("cursor").name());
        assertNull(AgentHooks.named("cline"));
    }
}
