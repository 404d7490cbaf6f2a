package io.github.agentstrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audit} and {@code policy suggest}/{@code check} over sessions recorded by the real hook: the exit
 * status CI gates on, the report formats (SARIF 2.1.0 as GitHub code scanning reads it), and a suggested
 * policy that passes the sessions it was made from.
 */
class AuditCommandTest {
    private static final String SID = "audit-1";

    @TempDir
    Path dir;

    private CliHarness.Result cli(String stdin, String... argv) {
        return CliHarness.once(dir, Map.of("CLAUDE_PROJECT_DIR", dir.toString(), "HOME", dir.resolve("home").toString()),
                stdin.getBytes(StandardCharsets.UTF_8), argv);
    }

    private void tool(String id, String tool, String inputJson, String result) {
        String base = "{\"session_id\":\"" + SID + "\",\"cwd\":\"" + dir + "\",\"tool_name\":\"" + tool
                + "\",\"tool_input\":" + inputJson + ",\"tool_use_id\":\"" + id + "\"";
        assertEquals(0, cli(base + ",\"hook_event_name\":\"PreToolUse\"}", "hook", "pre-tool").status());
        assertEquals(0, cli(base + ",\"hook_event_name\":\"PostToolUse\",\"tool_response\":" + Json.write(result) + "}",
                "hook", "post-tool").status());
    }

    @BeforeEach
    void session() throws Exception {
        Files.createDirectories(dir.resolve("src"));
        cli("{\"session_id\":\"" + SID + "\",\"hook_event_name\":\"SessionStart\",\"source\":\"startup\",\"cwd\":\""
                + dir + "\"}", "hook", "session-start");
        tool("t1", "Read", "{\"file_path\":\"" + dir.resolve("src/App.java") + "\"}", "class App {}");   // event 2,3
        tool("t2", "Bash", "{\"command\":\"rm -rf build && mvn -q test\"}", "ok");                       // 4,5
        tool("t3", "Read", "{\"file_path\":\"" + dir.resolve(".env") + "\"}", "KEY=x");                  // 6,7
        tool("t4", "WebFetch", "{\"url\":\"https://docs.example.org/x\",\"prompt\":\"p\"}", "page");     // 8,9
        tool("t5", "Edit", "{\"file_path\":\"" + dir.resolve("src/App.java")
                + "\",\"old_string\":\"a\",\"new_string\":\"b\"}", "ok");                                  // 10,11
    }

    private void policy(String json) throws Exception {
        Files.createDirectories(dir.resolve(".agent-strace"));
        Files.writeString(dir.resolve(".agent-strace/policy.json"), json);
    }

    @Test
    void audit_violationsExit1WithEventNumberRuleAndSubject() throws Exception {
        policy("{\"commands\": {\"deny\": [\"rm -rf\"]}, \"network\": {\"allow\": [\"github.com\"]}}");
        CliHarness.Result r = cli("", "audit", "--json");
        assertEquals(1, r.status(), r.err());
        Map<String, Object> audit = Json.asObject(Json.parse(r.out().getBytes(StandardCharsets.UTF_8)));
        List<String> seen = new ArrayList<>();
        for (Object o : Json.asArray(audit.get("violations"))) {
            Map<String, Object> v = Json.asObject(o);
            Map<String, Object> f = Json.asObject(v.get("finding") != null ? v.get("finding") : v);
            seen.add(v.get("event") + " " + f.get("rule") + " " + f.get("target"));
        }
        assertEquals(List.of("4 commands.deny rm -rf build && mvn -q test", "8 network.allow docs.example.org"), seen, r.out());
        String text = cli("", "audit").out();
        assertTrue(text.contains("commands.deny") && text.contains("#4"), text);
        assertTrue(text.contains(".env"), "the sensitive file is flagged: " + text);
    }

    @Test
    void audit_noViolation_exits0_butStrictFailsOnASensitiveFile() throws Exception {
        policy("{\"commands\": {\"deny\": [\"shutdown\"]}}");
        CliHarness.Result r = cli("", "audit");
        assertEquals(0, r.status(), r.out() + r.err());
        assertEquals(1, cli("", "audit", "--strict").status(), "the .env read is a flag, --strict fails on it");
    }

    @Test
    void audit_withoutAPolicyFile_saysSoInItsHeadline() throws Exception {
        CliHarness.Result r = cli("", "audit");
        assertTrue(r.out().lines().anyMatch(l -> l.matches("Audit: 1 session, \\d+ calls checked \\(no policy file, .*"
                + "only sensitive files are flagged\\)")), r.out());
    }

    @Test
    void audit_sarif_hasWhatGithubCodeScanningReads() throws Exception {
        policy("{\"commands\": {\"deny\": [\"rm -rf\"]}, \"files\": {\"write\": {\"deny\": [\"src/**\"]}}}");
        CliHarness.Result r = cli("", "audit", "--format", "sarif");
        assertEquals(1, r.status(), r.err());
        Map<String, Object> log = Json.asObject(Json.parse(r.out().getBytes(StandardCharsets.UTF_8)));
        assertEquals("2.1.0", log.get("version"));
        assertTrue(String.valueOf(log.get("$schema")).contains("sarif-2.1.0"), String.valueOf(log.get("$schema")));
        Map<String, Object> run = Json.asObject(Json.asArray(log.get("runs")).get(0));
        Map<String, Object> driver = Json.asObject(Json.asObject(run.get("tool")).get("driver"));
        assertEquals("agent-strace", driver.get("name"));
        List<String> ruleIds = Json.asArray(driver.get("rules")).stream().map(o -> (String) Json.asObject(o).get("id")).toList();
        List<Object> results = Json.asArray(run.get("results"));
        assertFalse(results.isEmpty());
        List<String> levels = new ArrayList<>();
        for (Object o : results) {
            Map<String, Object> res = Json.asObject(o);
            String ruleId = (String) res.get("ruleId");
            assertTrue(ruleIds.contains(ruleId), ruleId + " is declared among the rules");
            assertEquals(ruleIds.indexOf(ruleId), ((Number) res.get("ruleIndex")).intValue());
            assertFalse(((String) Json.asObject(res.get("message")).get("text")).isBlank());
            Map<String, Object> physical = Json.asObject(Json.asObject(Json.asArray(res.get("locations")).get(0))
                    .get("physicalLocation"));
            Map<String, Object> artifact = Json.asObject(physical.get("artifactLocation"));
            int line = ((Number) Json.asObject(physical.get("region")).get("startLine")).intValue();
            assertTrue(line >= 1);
            levels.add(ruleId + " " + res.get("level") + " " + artifact.get("uri") + ":" + line);
        }
        // The edit names the file it touched in the repository; the command names the trace line of its call.
        assertTrue(levels.contains("files.write.deny error src/App.java:1"), levels.toString());
        assertTrue(levels.contains("commands.deny error .agent-traces/" + SID + "/events.ndjson:4"), levels.toString());
        assertTrue(levels.stream().anyMatch(l -> l.startsWith("sensitive warning .env")), levels.toString());
    }

    @Test
    void audit_aCallDeniedAtTheHookIsMarkedBlocked() throws Exception {
        policy("{\"commands\": {\"deny\": [\"curl\"]}}");
        String pre = "{\"session_id\":\"" + SID + "\",\"hook_event_name\":\"PreToolUse\",\"tool_name\":\"Bash\","
                + "\"tool_input\":{\"command\":\"curl https://x.example\"},\"tool_use_id\":\"t9\"}";
        assertTrue(cli(pre, "hook", "pre-tool", "--enforce").out().contains("\"deny\""));
        CliHarness.Result r = cli("", "audit", "--json");
        assertEquals(1, r.status());
        assertTrue(r.out().contains("\"blocked\": true"), r.out());
        assertTrue(cli("", "audit").out().contains("blocked"));
    }

    @Test
    void audit_invalidPolicy_isADataErrorNamingThePlace() throws Exception {
        policy("{\"files\": {\"read\": {\"allow\": [\"src/**\", 3]}}}");
        CliHarness.Result r = cli("", "audit");
        assertEquals(1, r.status());
        assertTrue(r.err().contains(".agent-strace/policy.json") && r.err().contains("$.files.read.allow[1]"), r.err());
        assertEquals(2, cli("", "audit", "--format", "xml").status());
    }

    @Test
    void policySuggest_allowsWhatTheSessionDid_soAuditingWithItPasses() throws Exception {
        CliHarness.Result r = cli("", "policy", "suggest", "-o", ".agent-strace/policy.json");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains(".env"), "the sensitive file is named, not allowed: " + r.err());
        String written = Files.readString(dir.resolve(".agent-strace/policy.json"));
        assertFalse(written.contains("\".env\""), written);
        assertTrue(written.contains("docs.example.org") && written.contains("\"rm\""), written);
        assertTrue(cli("", "policy", "check").out().contains("a valid policy"));
        // Everything the session did passes but the .env read: a suggestion never allows a sensitive file.
        CliHarness.Result audit = cli("", "audit", "--json");
        assertEquals(1, audit.status());
        List<Object> violations = Json.asArray(Json.asObject(Json.parse(audit.out().getBytes(StandardCharsets.UTF_8)))
                .get("violations"));
        assertEquals(1, violations.size(), audit.out());
        assertTrue(Json.write(violations.get(0)).contains("files.read.allow") && Json.write(violations.get(0)).contains(".env"),
                audit.out());
        assertEquals(1, cli("", "policy", "suggest", "-o", ".agent-strace/policy.json").status(), "no overwrite without --force");
    }
}
