package io.github.agentstrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code setup --agent}: each agent's file, in its own shape, installed idempotently and removed again. */
class SetupAgentTest {
    @TempDir
    Path dir;

    private CliHarness.Result setup(String... args) throws IOException {
        String[] argv = new String[args.length + 1];
        argv[0] = "setup";
        System.arraycopy(args, 0, argv, 1, args.length);
        return CliHarness.once(dir, Map.of("HOME", dir.resolve("home").toString(), "PATH",
                SetupCommandTest.onPath(dir).toString()), new byte[0], argv);
    }

    private Map<String, Object> read(String file) throws IOException {
        return Json.asObject(Json.parse(Files.readString(dir.resolve(file))));
    }

    @ParameterizedTest
    @CsvSource({
        "codex,   .codex/hooks.json,                 PreToolUse",
        "gemini,  .gemini/settings.json,             BeforeTool",
        "copilot, .github/hooks/agent-strace.json,   preToolUse",
        "cursor,  .cursor/hooks.json,                preToolUse"})
    void setupAgent_installTwiceThenUninstall_keepsTheRestOfTheFile(String agent, String file, String toolEvent)
            throws Exception {
        Path path = dir.resolve(file);
        Files.createDirectories(path.getParent());
        // someone else's hook for the same event, and another setting
        String other = agent.equals("copilot")
                ? "{\"version\":1,\"hooks\":{\"" + toolEvent + "\":[{\"type\":\"command\",\"bash\":\"./lint.sh\"}]}}"
                : agent.equals("cursor")
                ? "{\"version\":1,\"hooks\":{\"" + toolEvent + "\":[{\"command\":\"./lint.sh\"}]}}"
                : "{\"theme\":\"dark\",\"hooks\":{\"" + toolEvent + "\":[{\"hooks\":[{\"type\":\"command\",\"command\":\"./lint.sh\"}]}]}}";
        Files.writeString(path, other);

        CliHarness.Result first = setup("--agent", agent, "--install");
        assertEquals(0, first.status(), first.err());
        assertTrue(first.out().startsWith("Installed agent-strace hooks for "), first.out());
        assertTrue(first.out().contains("Previous file saved as " + path + ".agent-strace.bak"), first.out());
        assertEquals(other, Files.readString(dir.resolve(file + ".agent-strace.bak")));
        String installed = Files.readString(path);
        assertTrue(installed.contains("./lint.sh"), installed);
        assertTrue(installed.contains("agent-strace hook --agent " + agent + " " + toolEvent), installed);
        if (!agent.equals("copilot") && !agent.equals("cursor")) {
            assertEquals("dark", read(file).get("theme"));
        } else {
            assertEquals(1L, ((Number) read(file).get("version")).longValue());
        }

        CliHarness.Result again = setup("--agent", agent, "--install");
        assertEquals(0, again.status());
        assertTrue(again.out().contains("already installed in " + path + "; nothing changed."), again.out());
        assertEquals(installed, Files.readString(path));

        CliHarness.Result removed = setup("--agent", agent, "--uninstall");
        assertEquals(0, removed.status());
        assertTrue(removed.out().startsWith("Removed "), removed.out());
        String left = Files.readString(path);
        assertFalse(left.contains("agent-strace hook"), left);
        assertTrue(left.contains("./lint.sh"), left);
        assertTrue(setup("--agent", agent, "--uninstall").out().contains("nothing changed"));
    }

    @Test
    void setupAgent_printsEachAgentsShape() throws Exception {
        Map<String, Object> codex = Json.asObject(Json.parse(setup("--agent", "codex").out()));
        Map<String, Object> group = Json.asObject(Json.asArray(Json.asObject(codex.get("hooks")).get("PreToolUse")).get(0));
        Map<String, Object> handler = Json.asObject(Json.asArray(group.get("hooks")).get(0));
        assertEquals("agent-strace hook --agent codex PreToolUse", handler.get("command"));
        assertEquals(10L, ((Number) handler.get("timeout")).longValue(), "seconds");

        Map<String, Object> gemini = Json.asObject(Json.parse(setup("--agent", "gemini", "--timeout", "7").out()));
        group = Json.asObject(Json.asArray(Json.asObject(gemini.get("hooks")).get("AfterTool")).get(0));
        handler = Json.asObject(Json.asArray(group.get("hooks")).get(0));
        assertEquals(7000L, ((Number) handler.get("timeout")).longValue(), "Gemini CLI's timeouts are milliseconds");
        assertEquals("agent-strace hook --agent gemini AfterTool", handler.get("command"));
        group = Json.asObject(Json.asArray(Json.asObject(gemini.get("hooks")).get("PreCompress")).get(0));
        assertEquals("manual", group.get("matcher"), "PreCompress auto fires before every model call");
        group = Json.asObject(Json.asArray(Json.asObject(gemini.get("hooks")).get("BeforeTool")).get(0));
        assertFalse(group.containsKey("matcher"), "every tool");

        CliHarness.Result copilotRun = setup("--agent", "copilot", "--no-redact");
        Map<String, Object> copilot = Json.asObject(Json.parse(copilotRun.out()));
        assertEquals(1L, ((Number) copilot.get("version")).longValue());
        handler = Json.asObject(Json.asArray(Json.asObject(copilot.get("hooks")).get("postToolUseFailure")).get(0));
        assertEquals("agent-strace hook --agent copilot postToolUseFailure --no-redact", handler.get("bash"));
        assertEquals(10L, ((Number) handler.get("timeoutSec")).longValue());
        assertTrue(copilotRun.err().startsWith("Add this to " + dir.resolve(".github/hooks/agent-strace.json")),
                copilotRun.err());

        Map<String, Object> cursor = Json.asObject(Json.parse(setup("--agent", "cursor", "--global").out()));
        handler = Json.asObject(Json.asArray(Json.asObject(cursor.get("hooks")).get("afterAgentResponse")).get(0));
        assertEquals(List.of("command", "timeout"), List.copyOf(handler.keySet()));
    }

    @Test
    void setupAgent_saysHowToTrustTheHooks() throws Exception {
        String codex = setup("--agent", "codex", "--install").err();
        assertTrue(codex.contains("/hooks"), codex);
        assertTrue(codex.contains("trust_level = \"trusted\""), codex);
        assertTrue(setup("--agent", "gemini").err().contains("trusted folder"));
        String copilot = setup("--agent", "copilot").err();
        assertTrue(copilot.contains("once that folder is trusted") && copilot.contains("COPILOT_ALLOW_ALL=true"), copilot);
        assertFalse(setup("--agent", "codex", "--global").err().contains("trust_level"),
                "the user's own file needs no trusted project");
    }

    @Test
    void setupAgent_globalFiles() throws Exception {
        assertEquals(0, setup("--agent", "copilot", "--install", "--global").status());
        assertTrue(Files.exists(dir.resolve("home/.copilot/hooks/agent-strace.json")));
        assertEquals(0, setup("--agent", "cursor", "--install", "--global").status());
        assertTrue(Files.exists(dir.resolve("home/.cursor/hooks.json")));
        assertEquals(0, setup("--agent", "gemini", "--install", "--global").status());
        assertTrue(Files.exists(dir.resolve("home/.gemini/settings.json")));
    }

    @Test
    void setupAgent_badInput() throws Exception {
        CliHarness.Result unknown = setup("--agent", "windsurf");
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().contains("unknown agent 'windsurf': use claude-code, codex, gemini, copilot or cursor"),
                unknown.err());
        CliHarness.Result otel = setup("--agent", "gemini", "--otel");
        assertEquals(2, otel.status());
        assertTrue(otel.err().contains("--otel is for Claude Code's telemetry; it takes no --agent"), otel.err());
        CliHarness.Result resident = setup("--agent", "codex", "--resident");
        assertEquals(2, resident.status());
        assertTrue(resident.err().contains("--resident is for Claude Code's hooks"), resident.err());
        Files.createDirectories(dir.resolve(".cursor"));
        Files.writeString(dir.resolve(".cursor/hooks.json"), "{not json");
        CliHarness.Result broken = setup("--agent", "cursor", "--install");
        assertEquals(1, broken.status());
        assertTrue(broken.err().contains("it is not valid JSON"), broken.err());
        assertEquals("{not json", Files.readString(dir.resolve(".cursor/hooks.json")), "never touched");
    }
}
