package io.github.agentstrace.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClaudeSettingsTest {
    private static final ClaudeSettings.Options DEFAULTS = new ClaudeSettings.Options("agent-strace", false, true, 10, null);

    private static Map<String, Object> handler(String command) {
        return Map.of("type", "command", "command", command);
    }

    @Test
    void isOurs_recognisesEveryFormOfOurCommand() {
        assertTrue(ClaudeSettings.isOurs(handler("agent-strace hook pre-tool"), DEFAULTS));
        assertTrue(ClaudeSettings.isOurs(handler("AGENT_TRACE_REDACT=1 agent-strace hook pre-tool"), DEFAULTS));
        assertTrue(ClaudeSettings.isOurs(handler("/opt/x/bin/agent-strace hook stop --no-redact"), DEFAULTS));
        assertTrue(ClaudeSettings.isOurs(handler("'/my tools/agent-strace' hook stop"), DEFAULTS));
        assertTrue(ClaudeSettings.isOurs(Map.of("type", "command", "command", "agent-strace",
                "args", List.of("hook", "PreToolUse")), DEFAULTS));
        assertFalse(ClaudeSettings.isOurs(handler("agent-strace replay"), DEFAULTS));
        assertFalse(ClaudeSettings.isOurs(handler("my-agent-strace hook stop"), DEFAULTS));
        assertFalse(ClaudeSettings.isOurs(handler("echo agent-strace hook stop"), DEFAULTS));
        assertFalse(ClaudeSettings.isOurs(Map.of("type", "http", "url", "x"), DEFAULTS));
        assertTrue(ClaudeSettings.isOurs(Map.of("type", "http", "url", "http://127.0.0.1:21000/agent-strace/hook"),
                DEFAULTS));
        assertFalse(ClaudeSettings.isOurs(Map.of("type", "http", "url", "http://127.0.0.1:21000/hook"), DEFAULTS));
        assertFalse(ClaudeSettings.isOurs(Map.of("type", "http", "url", "http://10.0.0.1:21000/agent-strace/hook"),
                DEFAULTS));
        assertFalse(ClaudeSettings.isOurs(Map.of("type", "http", "url", "http://127.0.0.1:x/agent-strace/hook"),
                DEFAULTS));
        assertFalse(ClaudeSettings.isOurs("agent-strace hook stop", DEFAULTS));
    }

    @Test
    void shellQuote_leavesPlainWordsAndQuotesTheRest() {
        assertEquals("/usr/local/bin/agent-strace", ClaudeSettings.shellQuote("/usr/local/bin/agent-strace"));
        assertEquals("'/a b/it'\\''s'", ClaudeSettings.shellQuote("/a b/it's"));
        assertEquals(List.of("/a b/it's", "hook"), ClaudeSettings.words(ClaudeSettings.shellQuote("/a b/it's") + " hook"));
    }

    @Test
    void install_traceDirIsPassedToEveryCommand() {
        ClaudeSettings.Options o = new ClaudeSettings.Options("agent-strace", false, true, 10, "/data/traces");
        assertEquals("agent-strace hook session-end --trace-dir /data/traces",
                ClaudeSettings.command(o, HookEvent.SESSION_END));
    }

    @Test
    void enforce_makesPreToolUseASynchronousCommandWithEnforce_alsoBesideAResidentRecorder() {
        for (int port : new int[] {0, 21000}) {
            ClaudeSettings.Options o = new ClaudeSettings.Options("agent-strace", false, true, 10, null, port, true);
            Map<String, Object> hooks = Json.asObject(ClaudeSettings.hooksBlock(o).get("hooks"));
            Map<String, Object> pre = handlerOf(hooks, "PreToolUse");
            assertEquals("command", pre.get("type"));
            assertEquals("agent-strace hook pre-tool --enforce", pre.get("command"));
            assertNull(pre.get("async"), "Claude Code must wait for the decision");
            Map<String, Object> post = handlerOf(hooks, "PostToolUse");
            assertEquals(port == 0 ? "command" : "http", post.get("type"), "the other events are as without --enforce");
            if (port == 0) {
                assertEquals(true, post.get("async"));
            }
            assertTrue(ClaudeSettings.isOurs(pre, DEFAULTS), "uninstall finds it");
        }
        Map<String, Object> plain = handlerOf(Json.asObject(
                ClaudeSettings.hooksBlock(DEFAULTS).get("hooks")), "PreToolUse");
        assertEquals("agent-strace hook pre-tool", plain.get("command"));
        assertEquals(true, plain.get("async"));
    }

    private static Map<String, Object> handlerOf(Map<String, Object> hooks, String event) {
        Map<String, Object> group = Json.asObject(
                Json.asArray(hooks.get(event)).get(0));
        return Json.asObject(Json.asArray(group.get("hooks")).get(0));
    }

    @Test
    void byName_acceptsBothSpellingsAndRejectsOthers() {
        assertEquals(HookEvent.PRE_TOOL, HookEvent.byName("pre-tool"));
        assertEquals(HookEvent.PRE_TOOL, HookEvent.byName("PreToolUse"));
        assertEquals(HookEvent.PRE_TOOL, HookEvent.byName("pretooluse"));
        assertEquals(HookEvent.POST_TOOL_FAILURE, HookEvent.byName("post_tool_failure"));
        assertEquals(HookEvent.SUBAGENT_START, HookEvent.byName("SubagentStart"));
        assertNull(HookEvent.byName("WorktreeCreate"));
        assertNull(HookEvent.byName(""));
        assertNull(HookEvent.byName(null));
    }

    @Test
    void fieldLimits_fromEnv_readsTheVariableWithAFloor() {
        assertEquals(FieldLimits.DEFAULT_MAX_CHARS, FieldLimits.fromEnv(Map.of()));
        assertEquals(100_000, FieldLimits.fromEnv(Map.of(FieldLimits.ENV, "100000")));
        assertEquals(FieldLimits.MIN_CHARS, FieldLimits.fromEnv(Map.of(FieldLimits.ENV, "3")));
        assertEquals(FieldLimits.DEFAULT_MAX_CHARS, FieldLimits.fromEnv(Map.of(FieldLimits.ENV, "lots")));
        FieldLimits limits = new FieldLimits(300);
        String emoji = "a".repeat(299) + "\uD83D\uDE00";
        String cut = limits.cap(emoji);
        assertTrue(cut.startsWith("a".repeat(299) + "...[truncated"), "never splits a surrogate pair: " + cut);
    }

    @Test
    void safe_keepsPlainIdsAndHashesTheRest() {
        assertEquals("toolu_01ABC", HookState.safe("toolu_01ABC"));
        assertTrue(HookState.safe("../../etc/passwd").startsWith("h"));
        assertFalse(HookState.safe("a/b").contains("/"));
        assertEquals(12, HookRecorder.callEventId("s", "t").length());
    }
}
