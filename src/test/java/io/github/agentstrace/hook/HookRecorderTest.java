package io.github.agentstrace.hook;

import static io.github.agentstrace.hook.Fixtures.BACKGROUND;
import static io.github.agentstrace.hook.Fixtures.BACKGROUND_FILES;
import static io.github.agentstrace.hook.Fixtures.BG_AGENT;
import static io.github.agentstrace.hook.Fixtures.BG_SESSION;
import static io.github.agentstrace.hook.Fixtures.FG_AGENT;
import static io.github.agentstrace.hook.Fixtures.FG_SESSION;
import static io.github.agentstrace.hook.Fixtures.FOREGROUND;
import static io.github.agentstrace.hook.Fixtures.FOREGROUND_FILES;
import static io.github.agentstrace.hook.Fixtures.eventOf;
import static io.github.agentstrace.hook.Fixtures.events;
import static io.github.agentstrace.hook.Fixtures.payload;
import static io.github.agentstrace.hook.Fixtures.types;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.Ids;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.store.TraceStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HookRecorderTest {
    @TempDir
    Path dir;

    private HookRecorder recorder(Redactor redactor, int maxField) {
        return new HookRecorder(new HookConfig(dir, redactor, maxField, 0, true), new Fixtures.SteppingClock(1_800_000_000L),
                new Ids(new Random(7)), Map.of());
    }

    private HookRecorder recorder() {
        return recorder(Redactor.standard(), FieldLimits.DEFAULT_MAX_CHARS);
    }

    private void play(HookRecorder r, String folder, List<String> files) throws Exception {
        for (String f : files) {
            r.record(eventOf(f), payload(folder, f).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static byte[] json(Map<String, Object> m) {
        return Json.write(m).getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, Object> base(String session, String event) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("session_id", session);
        m.put("hook_event_name", event);
        return m;
    }

    private static Map<String, Object> tool(String session, String event, String name, String id) {
        Map<String, Object> m = base(session, event);
        m.put("tool_name", name);
        m.put("tool_input", Map.of("command", "x"));
        if (id != null) {
            m.put("tool_use_id", id);
        }
        return m;
    }

    private static TraceEvent only(List<TraceEvent> events, String type, String toolUseId) {
        TraceEvent found = null;
        for (TraceEvent e : events) {
            if (e.type().equals(type) && toolUseId.equals(e.data().get("tool_use_id"))) {
                assertNull(found, "two " + type + " for " + toolUseId);
                found = e;
            }
        }
        assertNotNull(found, "no " + type + " for " + toolUseId);
        return found;
    }

    @Test
    void record_foregroundSession_mapsEveryEventAndLinksTheSubagent() throws Exception {
        HookRecorder r = recorder();
        play(r, FOREGROUND, FOREGROUND_FILES);
        TraceStore store = new TraceStore(dir);

        List<TraceEvent> main = events(store, FG_SESSION);
        assertEquals(List.of("session_start", "user_prompt", "tool_call", "tool_result", "tool_call", "tool_call",
                "tool_result", "tool_result", "tool_call", "error", "tool_call", "tool_result", "tool_call",
                "tool_result", "tool_call", "tool_result", "assistant_response", "session_end"), types(main));
        for (TraceEvent e : main) {
            if (e.type().equals("tool_result") || e.type().equals("error")) {
                TraceEvent call = only(main, "tool_call", (String) e.data().get("tool_use_id"));
                assertEquals(call.eventId(), e.parentId());
                assertNotNull(e.durationMs());
            }
        }
        TraceEvent bash = only(main, "tool_result", "toolu_fake0t0k0_37d4d7255c6a");
        assertEquals("hello-from-bash", bash.data().get("result"));
        assertEquals(105.0, bash.durationMs());
        TraceEvent failure = only(main, "error", "toolu_fake0t2k0_a8e0589792b8");
        assertEquals("Exit code 3", failure.data().get("error"));
        assertEquals(Map.of("mode", "claude-code-hooks", "source", "startup"),
                Map.of("mode", main.get(0).data().get("mode"), "source", main.get(0).data().get("source")));
        assertEquals("on", main.get(0).data().get("redaction"));

        SessionMeta meta = store.readMeta(FG_SESSION);
        assertEquals(7, meta.toolCalls());
        assertEquals(1, meta.errors());
        assertNotNull(meta.endedAt());
        assertEquals("claude-code", meta.agentName());

        TraceEvent agentCall = only(main, "tool_call", "toolu_fake0t5k0_5a63d9a3ac81");
        assertEquals("general-purpose", agentCall.data().get("subagent_type"));
        TraceEvent agentResult = only(main, "tool_result", "toolu_fake0t5k0_5a63d9a3ac81");
        assertEquals(FG_AGENT, agentResult.data().get("agent_id"));
        assertEquals("Subagent c8a678 done: hello-from-subagent.", agentResult.data().get("result"));

        SessionMeta child = store.readMeta(FG_AGENT);
        assertEquals(FG_SESSION, child.parentSessionId());
        assertEquals(agentCall.eventId(), child.parentEventId());
        assertEquals(1, child.depth());
        assertEquals(1, child.toolCalls());
        assertNotNull(child.endedAt());
        List<TraceEvent> sub = events(store, FG_AGENT);
        assertEquals(List.of("session_start", "tool_call", "tool_result", "assistant_response", "session_end"),
                types(sub));
        assertEquals("hello-from-subagent", sub.get(2).data().get("result"));
        assertEquals(sub.get(1).eventId(), sub.get(2).parentId());
        for (TraceEvent e : sub) {
            assertEquals(FG_AGENT, e.sessionId());
        }
    }

    @Test
    void record_backgroundSubagent_keepsItsCallsAfterTheMainStop() throws Exception {
        play(recorder(), BACKGROUND, BACKGROUND_FILES);
        TraceStore store = new TraceStore(dir);
        List<TraceEvent> main = events(store, BG_SESSION);
        TraceEvent agentCall = only(main, "tool_call", "toolu_fake0t5k0_f2dc6fdd76b4");
        SessionMeta child = store.readMeta(BG_AGENT);
        assertEquals(agentCall.eventId(), child.parentEventId());
        assertEquals(List.of("session_start", "tool_call", "tool_result", "assistant_response", "session_end"),
                types(events(store, BG_AGENT)));
        assertEquals(2, types(main).stream().filter("assistant_response"::equals).count());
        assertEquals(2, types(main).stream().filter("user_prompt"::equals).count());
        assertEquals("async_launched", only(main, "tool_result", "toolu_fake0t5k0_f2dc6fdd76b4").data().get("status"));
        // Only the main session's tool calls are counted in its meta; the subagent's are in the child's.
        assertEquals(7, store.readMeta(BG_SESSION).toolCalls());
        assertEquals(1, child.toolCalls());
    }

    @Test
    void record_parallelCallsOfOneToolFinishingOutOfOrder_pairByToolUseId() throws Exception {
        HookRecorder r = recorder();
        for (int i = 1; i <= 4; i++) {
            r.record("pre-tool", json(tool("p1", "PreToolUse", "Bash", "toolu_" + i)));
        }
        for (int i = 4; i >= 1; i--) {
            Map<String, Object> post = tool("p1", "PostToolUse", "Bash", "toolu_" + i);
            post.put("tool_response", Map.of("stdout", "out" + i, "stderr", ""));
            r.record("post-tool", json(post));
        }
        List<TraceEvent> events = events(new TraceStore(dir), "p1");
        for (int i = 1; i <= 4; i++) {
            TraceEvent call = only(events, "tool_call", "toolu_" + i);
            TraceEvent result = only(events, "tool_result", "toolu_" + i);
            assertEquals(call.eventId(), result.parentId());
            assertEquals("out" + i, result.data().get("result"));
            assertTrue(result.durationMs() > 0);
        }
        assertFalse(Files.exists(dir.resolve("p1/.hook/pending/id-toolu_1")), "pending state is removed");
    }

    @Test
    void record_withoutToolUseId_pairsByNameOldestFirst() throws Exception {
        HookRecorder r = recorder();
        r.record("pre-tool", json(tool("n1", "PreToolUse", "Read", null)));
        r.record("pre-tool", json(tool("n1", "PreToolUse", "Read", null)));
        r.record("post-tool", json(tool("n1", "PostToolUse", "Read", null)));
        r.record("post-tool", json(tool("n1", "PostToolUse", "Read", null)));
        r.record("post-tool", json(tool("n1", "PostToolUse", "Read", null)));
        List<TraceEvent> events = events(new TraceStore(dir), "n1");
        List<TraceEvent> calls = events.stream().filter(e -> e.type().equals("tool_call")).toList();
        List<TraceEvent> results = events.stream().filter(e -> e.type().equals("tool_result")).toList();
        assertEquals(calls.get(0).eventId(), results.get(0).parentId());
        assertEquals(calls.get(1).eventId(), results.get(1).parentId());
        assertNull(results.get(2).parentId(), "a result with no open call has no parent");
    }

    @Test
    void record_resultWhoseCallWasNeverSeen_stillNamesTheCallId() throws Exception {
        HookRecorder r = recorder();
        Map<String, Object> post = tool("late", "PostToolUse", "Bash", "toolu_x");
        post.put("duration_ms", 12);
        r.record("post-tool", json(post));
        TraceEvent result = only(events(new TraceStore(dir), "late"), "tool_result", "toolu_x");
        assertEquals(HookRecorder.callEventId("late", "toolu_x"), result.parentId());
        assertEquals(12.0, result.durationMs());
    }

    @Test
    void record_mcpTool_namesServerAndTool() throws Exception {
        HookRecorder r = recorder();
        Map<String, Object> pre = tool("m1", "PreToolUse", "mcp__server__tool", "toolu_m");
        r.record("pre-tool", json(pre));
        Map<String, Object> post = tool("m1", "PostToolUse", "mcp__server__tool", "toolu_m");
        post.put("tool_response", List.of(Map.of("type", "text", "text", "hello"), Map.of("type", "image")));
        r.record("post-tool", json(post));
        List<TraceEvent> events = events(new TraceStore(dir), "m1");
        TraceEvent call = only(events, "tool_call", "toolu_m");
        assertEquals("server", call.data().get("mcp_server"));
        assertEquals("tool", call.data().get("mcp_tool"));
        TraceEvent result = only(events, "tool_result", "toolu_m");
        assertEquals("hello", result.data().get("result"));
        assertEquals(List.of("text", "image"), result.data().get("content_types"));
    }

    @Test
    void record_beforeSessionStart_createsTheSessionLazily() throws Exception {
        HookRecorder r = recorder();
        r.record("user-prompt", json(Map.of("session_id", "lazy-1", "prompt", "hi")));
        TraceStore store = new TraceStore(dir);
        List<TraceEvent> events = events(store, "lazy-1");
        assertEquals(List.of("session_start", "user_prompt"), types(events));
        assertEquals(true, events.get(0).data().get("lazy"));
    }

    @Test
    void record_resume_continuesTheSessionKeepingCounters() throws Exception {
        HookRecorder r = recorder();
        Map<String, Object> start = base("r1", "SessionStart");
        start.put("source", "startup");
        start.put("model", "claude-x");
        r.record("session-start", json(start));
        r.record("pre-tool", json(tool("r1", "PreToolUse", "Bash", "t1")));
        r.record("session-end", json(base("r1", "SessionEnd")));
        TraceStore store = new TraceStore(dir);
        assertNotNull(store.readMeta("r1").endedAt());
        start.put("source", "resume");
        r.record("session-start", json(start));
        r.record("pre-tool", json(tool("r1", "PreToolUse", "Bash", "t2")));
        SessionMeta meta = store.readMeta("r1");
        assertEquals(2, meta.toolCalls());
        assertNull(meta.endedAt(), "a resumed session is running again");
        List<TraceEvent> events = events(store, "r1");
        assertEquals(List.of("session_start", "tool_call", "session_end", "session_start", "tool_call"), types(events));
        assertEquals("resume", events.get(3).data().get("source"));
        assertEquals("claude-x", events.get(0).data().get("model"));
    }

    @Test
    void record_twoInterleavedClaudeSessions_neverMix() throws Exception {
        HookRecorder r = recorder();
        for (String f : FOREGROUND_FILES) {
            r.record(eventOf(f), payload(FOREGROUND, f).getBytes(StandardCharsets.UTF_8));
            String other = BACKGROUND_FILES.get(FOREGROUND_FILES.indexOf(f));
            r.record(eventOf(other), payload(BACKGROUND, other).getBytes(StandardCharsets.UTF_8));
        }
        TraceStore store = new TraceStore(dir);
        for (TraceEvent e : events(store, FG_SESSION)) {
            assertEquals(FG_SESSION, e.sessionId());
            assertFalse(Json.write(e.data()).contains("16dd41"), "background session text in foreground: " + e);
        }
        for (TraceEvent e : events(store, BG_SESSION)) {
            assertFalse(Json.write(e.data()).contains("c8a678"), "foreground session text in background: " + e);
        }
        assertEquals(7, store.readMeta(FG_SESSION).toolCalls());
    }

    @Test
    void record_longStrings_areCappedWithMarkerAndLength() throws Exception {
        HookRecorder r = recorder(Redactor.standard(), 1000);
        Map<String, Object> post = tool("big", "PostToolUse", "Bash", "t");
        post.put("tool_response", Map.of("stdout", "y".repeat(5 * 1024 * 1024), "stderr", ""));
        r.record("post-tool", json(post));
        TraceEvent result = only(events(new TraceStore(dir), "big"), "tool_result", "t");
        String text = (String) result.data().get("result");
        assertTrue(text.length() < 1200, "capped: " + text.length());
        assertTrue(text.endsWith("...[truncated by agent-strace: 5242880 chars, first 1000 kept]"), text);
        assertEquals(true, result.data().get("truncated"));
    }

    @Test
    void record_manySmallFields_capTheWholeStructure() {
        FieldLimits limits = new FieldLimits(256);
        Map<String, Object> wide = new HashMap<>();
        for (int i = 0; i < 5000; i++) {
            wide.put("k" + i, "v");
        }
        Object capped = limits.capValue(wide);
        assertTrue(capped instanceof String s && s.length() < 256 * 4 + 100);
        assertTrue(limits.takeTruncated());
        assertFalse(limits.takeTruncated());
    }

    @Test
    void record_secrets_areRedactedUnlessDisabled() throws Exception {
        String secret = "sk-" + "a".repeat(30);
        Map<String, Object> pre = base("sec", "PreToolUse");
        pre.put("tool_name", "Bash");
        pre.put("tool_input", Map.of("command", "curl -H 'Authorization: Bearer abcdefghijklmnop' " + secret));
        pre.put("tool_use_id", "t");
        recorder().record("pre-tool", json(pre));
        String line = Files.readString(dir.resolve("sec/events.ndjson"));
        assertFalse(line.contains(secret), line);
        assertFalse(line.contains("abcdefghijklmnop"), line);

        pre.put("session_id", "plain");
        recorder(Redactor.disabled(), FieldLimits.DEFAULT_MAX_CHARS).record("pre-tool", json(pre));
        List<String> lines = Files.readAllLines(dir.resolve("plain/events.ndjson"));
        assertTrue(lines.get(1).contains(secret));
        assertTrue(lines.get(0).contains("\"redaction\":\"off\""));
    }

    @Test
    void record_badInput_isRefusedAndWritesNothing() {
        HookRecorder r = recorder();
        for (String bad : List.of("", "  \n", "{not json", "[1,2]", "\"text\"", "{}",
                "{\"session_id\":\"../../etc\",\"hook_event_name\":\"Stop\"}",
                "{\"session_id\":\"\",\"hook_event_name\":\"Stop\"}",
                "{\"session_id\":42,\"hook_event_name\":\"Stop\"}",
                "{\"session_id\":\"ok\",\"agent_id\":\"a/b\",\"hook_event_name\":\"PreToolUse\"}")) {
            assertThrows(HookInputException.class, () -> r.record("stop", bad.getBytes(StandardCharsets.UTF_8)), bad);
        }
        byte[] garbage = new byte[256];
        new Random(1).nextBytes(garbage);
        garbage[0] = (byte) 0xff;
        assertThrows(HookInputException.class, () -> r.record("stop", garbage));
        assertFalse(Files.exists(dir.resolve("..").resolve("etc").resolve("meta.json")));
        assertFalse(Files.exists(dir.resolve("ok")), "agent_id rejected before anything is created");
    }

    @Test
    void record_unknownEventsAndFields_areIgnoredOrKept() throws Exception {
        HookRecorder r = recorder();
        assertNull(r.record("worktree-create", json(base("u1", "WorktreeCreate"))));
        assertFalse(Files.exists(dir.resolve("u1")), "an unknown event creates nothing");
        Map<String, Object> prompt = base("u1", "UserPromptSubmit");
        prompt.put("prompt", "p");
        prompt.put("brand_new_field", Map.of("x", List.of(1, 2)));
        assertEquals(HookEvent.USER_PROMPT, r.record("user-prompt", json(prompt)));
    }

    @Test
    void record_payloadEventNameWinsOverTheArgument() throws Exception {
        Map<String, Object> prompt = base("w1", "UserPromptSubmit");
        prompt.put("prompt", "p");
        assertEquals(HookEvent.USER_PROMPT, recorder().record("pre-tool", json(prompt)));
        Map<String, Object> noName = new LinkedHashMap<>(Map.of("session_id", "w2", "prompt", "p"));
        assertEquals(HookEvent.USER_PROMPT, recorder().record("UserPromptSubmit", json(noName)));
    }

    @Test
    void record_stopHookActive_addsNoAssistantResponse() throws Exception {
        Map<String, Object> stop = base("s1", "Stop");
        stop.put("stop_hook_active", true);
        stop.put("last_assistant_message", "again");
        recorder().record("stop", json(stop));
        assertEquals(List.of("session_start"), types(events(new TraceStore(dir), "s1")));
    }

    @Test
    void record_extraEvents_mapToDecisionsAndErrors() throws Exception {
        HookRecorder r = recorder();
        Map<String, Object> n = base("x1", "Notification");
        n.put("message", "Claude needs your permission");
        n.put("notification_type", "permission_prompt");
        r.record("notification", json(n));
        Map<String, Object> c = base("x1", "PreCompact");
        c.put("trigger", "auto");
        r.record("pre-compact", json(c));
        Map<String, Object> pc = base("x1", "PostCompact");
        pc.put("trigger", "auto");
        pc.put("compact_summary", "summary");
        r.record("post-compact", json(pc));
        r.record("pre-tool", json(tool("x1", "PreToolUse", "Bash", "td")));
        Map<String, Object> d = tool("x1", "PermissionDenied", "Bash", "td");
        d.put("reason", "not allowed");
        r.record("permission-denied", json(d));
        Map<String, Object> f = base("x1", "StopFailure");
        f.put("error", "rate_limit");
        f.put("last_assistant_message", "API Error: rate limited");
        r.record("stop-failure", json(f));
        TraceStore store = new TraceStore(dir);
        List<TraceEvent> events = events(store, "x1");
        assertEquals(List.of("session_start", "decision", "decision", "decision", "tool_call", "error", "error"),
                types(events));
        assertEquals("notification: permission_prompt", events.get(1).data().get("choice"));
        assertEquals("compact (auto)", events.get(2).data().get("choice"));
        assertEquals("summary", events.get(3).data().get("reason"));
        assertEquals(events.get(4).eventId(), events.get(5).parentId());
        assertEquals("permission denied: not allowed", events.get(5).data().get("error"));
        assertEquals("rate_limit", events.get(6).data().get("code"));
        assertEquals(2, store.readMeta("x1").errors());
    }

    @Test
    void record_failedAgentCall_isNotClaimedByALaterSubagent() throws Exception {
        HookRecorder r = recorder();
        Map<String, Object> failed = tool("f1", "PreToolUse", "Agent", "toolu_bad");
        failed.put("tool_input", Map.of("prompt", "x", "subagent_type", "Explore"));
        r.record("pre-tool", json(failed));
        Map<String, Object> failure = tool("f1", "PostToolUseFailure", "Agent", "toolu_bad");
        failure.put("error", "refused");
        r.record("post-tool-failure", json(failure));
        Map<String, Object> good = tool("f1", "PreToolUse", "Agent", "toolu_good");
        good.put("tool_input", Map.of("prompt", "y", "subagent_type", "Explore"));
        r.record("pre-tool", json(good));
        Map<String, Object> start = base("f1", "SubagentStart");
        start.put("agent_id", "agent2");
        start.put("agent_type", "Explore");
        r.record("subagent-start", json(start));
        TraceStore store = new TraceStore(dir);
        assertEquals(only(events(store, "f1"), "tool_call", "toolu_good").eventId(),
                store.readMeta("agent2").parentEventId());
    }

    @Test
    void record_subagentEventsBeforeSubagentStart_stillLinkToTheSpawningCall() throws Exception {
        HookRecorder r = recorder();
        Map<String, Object> spawn = tool("g1", "PreToolUse", "Agent", "toolu_agent");
        spawn.put("tool_input", Map.of("prompt", "go", "subagent_type", "Explore"));
        r.record("pre-tool", json(spawn));
        Map<String, Object> inner = tool("g1", "PreToolUse", "Bash", "toolu_inner");
        inner.put("agent_id", "agent1");
        inner.put("agent_type", "Explore");
        r.record("pre-tool", json(inner));
        TraceStore store = new TraceStore(dir);
        TraceEvent call = only(events(store, "g1"), "tool_call", "toolu_agent");
        SessionMeta child = store.readMeta("agent1");
        assertEquals("g1", child.parentSessionId());
        assertEquals(call.eventId(), child.parentEventId());
        assertEquals(1, child.depth());
        assertEquals(0, store.readMeta("g1").toolCalls() - 1, "the subagent's call is not counted in the parent");
    }

    @Test
    void sessionEnd_clearsWhatKilledHooksLeft_andSaysSo() throws Exception {
        HookRecorder r = recorder();
        r.record("pre-tool", json(tool("k1", "PreToolUse", "Bash", "toolu_open"))); // never answered
        Path pending = dir.resolve("k1/.hook/pending");
        // A PreToolUse killed after leaving its state but before writing its event:
        Files.writeString(pending.resolve("id-toolu_killed"), HookRecorder.callEventId("k1", "toolu_killed") + " 1.5");
        // Hooks killed between writing and renaming, and between claiming and deleting:
        Files.writeString(pending.resolve(".id-toolu_a.tmp-1a2b3c4d5e6f"), "x 1");
        Files.writeString(pending.resolve(".id-toolu_b.taken-0123456789ab"), "y 2");
        Map<String, Object> post = tool("k1", "PostToolUse", "Bash", "toolu_killed");
        post.put("tool_response", "done");
        r.record("post-tool", json(post));
        r.record("session-end", json(base("k1", "SessionEnd")));

        List<TraceEvent> events = events(new TraceStore(dir), "k1");
        TraceEvent result = only(events, "tool_result", "toolu_killed");
        assertEquals(HookRecorder.callEventId("k1", "toolu_killed"), result.parentId(), "the derived call id");
        assertTrue(events.stream().noneMatch(e -> result.parentId().equals(e.eventId())), "its call was never written");
        try (var left = Files.list(pending)) {
            assertEquals(List.of(), left.toList(), "temporaries, claims and open calls are gone");
        }
        String log = Files.readString(dir.resolve(HookErrorLog.FILE));
        assertTrue(log.contains(" session-end session k1 ended with 1 tool call that never got a result and 2 temporary"
                + " files of hooks stopped mid-write; cleared"), log);
        assertEquals(1, log.lines().count(), log);
    }

    @Test
    void subagentStop_clearsTheSubagentsHookState() throws Exception {
        HookRecorder r = recorder();
        Map<String, Object> inner = tool("c1", "PreToolUse", "Bash", "toolu_inner");
        inner.put("agent_id", "agentc1");
        r.record("pre-tool", json(inner)); // the subagent is stopped before this call returns
        Path pending = dir.resolve("agentc1/.hook/pending");
        Files.writeString(pending.resolve(".id-toolu_x.tmp-0a0b0c0d0e0f"), "x 1");
        Map<String, Object> stop = base("c1", "SubagentStop");
        stop.put("agent_id", "agentc1");
        r.record("subagent-stop", json(stop));
        try (var left = Files.list(pending)) {
            assertEquals(List.of(), left.toList());
        }
        assertTrue(Files.readString(dir.resolve(HookErrorLog.FILE)).contains(" subagent-stop session agentc1 ended with"
                + " 1 tool call that never got a result and 1 temporary file of hooks stopped mid-write; cleared"));
        assertEquals("session_end", events(new TraceStore(dir), "agentc1").get(2).type());
    }

    @Test
    void record_wholeSession_everyFileIsPrivateAndNoHookStateIsLeft() throws Exception {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "no POSIX permissions here");
        play(recorder(), FOREGROUND, FOREGROUND_FILES);
        new HookErrorLog(dir, Redactor.standard()).log(java.time.Instant.EPOCH, "pre-tool", "a problem", null, false);
        List<String> wrong = new java.util.ArrayList<>();
        List<Path> stateFiles = new java.util.ArrayList<>();
        try (var all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (p.equals(dir)) {
                    continue;
                }
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                if (!mode.equals(Files.isDirectory(p) ? "rwx------" : "rw-------")) {
                    wrong.add(dir.relativize(p) + " " + mode);
                }
                if (p.getParent().getFileName().toString().equals("pending") && Files.isRegularFile(p)) {
                    stateFiles.add(p);
                }
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(Files.isRegularFile(dir.resolve(FG_SESSION).resolve(".hook/created")));
        assertEquals(List.of(), stateFiles, "no pending state is left once the session ended");
    }
}

