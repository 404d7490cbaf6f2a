package io.github.agentstrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SetupCommandTest {
    @TempDir
    Path dir;

    /** Runs setup with an agent-strace on the PATH (see {@link #onPath}). */
    private CliHarness.Result setup(String... args) throws IOException {
        return setupWithPath(onPath(dir).toString(), args);
    }

    private CliHarness.Result setupWithPath(String path, String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = "setup";
        System.arraycopy(args, 0, argv, 1, args.length);
        return CliHarness.once(dir, Map.of("HOME", dir.resolve("home").toString(), "PATH", path), new byte[0], argv);
    }

    /** A directory holding an executable named agent-strace, to put on the PATH. */
    static Path onPath(Path dir) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("path-bin"));
        Path exe = bin.resolve("agent-strace");
        if (!Files.exists(exe)) {
            Files.writeString(exe, "#!/bin/sh\n");
            Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwx------"));
        }
        return bin;
    }

    /** The launcher of this checkout, which the warnings offer: tests run from the repository root. */
    private static final Path LAUNCHER = Path.of("bin", "agent-strace").toAbsolutePath();

    @Test
    void setup_warnsWhenClaudeCodeCannotFindTheCommandAndOffersTheLauncher() throws Exception {
        String warning = "agent-strace setup: warning: 'agent-strace' is not on the PATH, so Claude Code will not find it;"
                + " use --command " + LAUNCHER + "\n";
        CliHarness.Result print = setupWithPath("/nonexistent:" + dir);
        assertEquals(0, print.status());
        assertTrue(print.err().startsWith(warning + "Add this to .claude/settings.json"), print.err());
        CliHarness.Result install = setupWithPath("", "--install");
        assertEquals(0, install.status());
        assertEquals(warning, install.err());
        assertTrue(Files.exists(settings()), "a warning, not a refusal");
        assertEquals("", setupWithPath("", "--uninstall").err(), "removing hooks needs no launcher");

        assertEquals("agent-strace setup: warning: --command bin/agent-strace is a relative path, which Claude Code"
                + " resolves from its own working directory; use --command " + dir.resolve("bin/agent-strace") + "\n",
                setupWithPath("", "--command", "bin/agent-strace").err().lines().findFirst().orElse("") + "\n");
        Path notExecutable = Files.writeString(dir.resolve("agent-strace-copy"), "");
        assertEquals("agent-strace setup: warning: --command " + notExecutable + " is not an executable file;"
                + " use --command " + LAUNCHER,
                setupWithPath("", "--command", notExecutable.toString()).err().lines().findFirst().orElse(""));
        CliHarness.Result absolute = setupWithPath("", "--install", "--command", LAUNCHER.toString());
        assertEquals("", absolute.err(), "an absolute, executable launcher needs no PATH");
        assertEquals("", setup("--install").err(), "agent-strace on the PATH");
    }

    private Path settings() {
        return dir.resolve(".claude/settings.json");
    }

    private Map<String, Object> hooks() throws Exception {
        return Json.asObject(Json.asObject(Json.parse(Files.readString(settings()))).get("hooks"));
    }

    private static String firstCommand(Map<String, Object> hooks, String event) {
        Map<String, Object> group = Json.asObject(Json.asArray(hooks.get(event)).get(Json.asArray(hooks.get(event)).size() - 1));
        return (String) Json.asObject(Json.asArray(group.get("hooks")).get(0)).get("command");
    }

    @Test
    void setup_printsTheHooksJsonAndExplainsOnStderr() throws Exception {
        CliHarness.Result r = setup();
        assertEquals(0, r.status());
        Map<String, Object> hooks = Json.asObject(Json.asObject(Json.parse(r.out())).get("hooks"));
        assertEquals(List.of("UserPromptSubmit", "PreToolUse", "PostToolUse", "PostToolUseFailure", "Stop",
                "SessionStart", "SessionEnd", "PermissionDenied", "StopFailure", "SubagentStart", "SubagentStop",
                "Notification", "PreCompact", "PostCompact"), List.copyOf(hooks.keySet()));
        assertFalse(hooks.containsKey("WorktreeCreate"));
        assertFalse(hooks.containsKey("MessageDisplay"));
        assertEquals("agent-strace hook pre-tool", firstCommand(hooks, "PreToolUse"));
        Map<String, Object> pre = Json.asObject(Json.asArray(hooks.get("PreToolUse")).get(0));
        assertEquals("", pre.get("matcher"));
        Map<String, Object> preHandler = Json.asObject(Json.asArray(pre.get("hooks")).get(0));
        assertEquals(true, preHandler.get("async"));
        Map<String, Object> end = Json.asObject(Json.asArray(
                Json.asObject(Json.asArray(hooks.get("SessionEnd")).get(0)).get("hooks")).get(0));
        assertFalse(end.containsKey("async"), "SessionEnd is synchronous");
        assertEquals(10, ((Number) end.get("timeout")).intValue());
        assertTrue(r.err().startsWith("Add this to .claude/settings.json"), r.err());
        assertFalse(Files.exists(settings()), "printing writes nothing");
    }

    @Test
    void setup_noRedactAndSyncAndCommand_changeTheHandlers() throws Exception {
        CliHarness.Result r = setup("--no-redact", "--sync", "--command", "/opt/my tools/agent-strace");
        Map<String, Object> hooks = Json.asObject(Json.asObject(Json.parse(r.out())).get("hooks"));
        assertEquals("'/opt/my tools/agent-strace' hook pre-tool --no-redact", firstCommand(hooks, "PreToolUse"));
        assertFalse(Json.write(hooks).contains("async"));
    }

    @Test
    void install_enforce_replacesTheRecordingPreToolUseAndSaysSo() throws Exception {
        assertEquals(0, setup("--install").status());
        CliHarness.Result r = setup("--install", "--enforce");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("PreToolUse waits for 'hook pre-tool --enforce'"), r.out());
        assertEquals("agent-strace hook pre-tool --enforce", firstCommand(hooks(), "PreToolUse"));
        assertEquals(1, Json.asArray(hooks().get("PreToolUse")).size(), "the recording hook was replaced, not doubled");
        assertEquals(0, setup("--uninstall").status());
        assertFalse(Files.readString(settings()).contains("agent-strace"));
    }

    @Test
    void install_withoutFile_createsIt_andRunningTwiceChangesNothing() throws Exception {
        CliHarness.Result first = setup("--install");
        assertEquals(0, first.status(), first.err());
        assertEquals(14, hooks().size());
        String written = Files.readString(settings());
        CliHarness.Result second = setup("--install");
        assertEquals(0, second.status());
        assertTrue(second.out().contains("nothing changed"), second.out());
        assertEquals(written, Files.readString(settings()));
        assertFalse(Files.exists(dir.resolve(".claude/settings.json.agent-strace.bak")));
    }

    @Test
    void install_keepsOtherSettingsAndHooks_andBacksUp() throws Exception {
        Files.createDirectories(settings().getParent());
        String before = """
                {
                  "model": "opus",
                  "permissions": {"allow": ["Bash(ls)"]},
                  "hooks": {
                    "PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "my-linter"}]}],
                    "WorktreeCreate": [{"hooks": [{"type": "command", "command": "mk-tree"}]}]
                  }
                }
                """;
        Files.writeString(settings(), before);
        assertEquals(0, setup("--install").status());
        Map<String, Object> all = Json.asObject(Json.parse(Files.readString(settings())));
        assertEquals("opus", all.get("model"));
        assertEquals(Json.parse("{\"allow\": [\"Bash(ls)\"]}"), all.get("permissions"));
        Map<String, Object> hooks = Json.asObject(all.get("hooks"));
        List<Object> pre = Json.asArray(hooks.get("PreToolUse"));
        assertEquals(2, pre.size());
        assertTrue(Json.write(pre.get(0)).contains("my-linter"));
        assertEquals("agent-strace hook pre-tool", firstCommand(hooks, "PreToolUse"));
        assertTrue(hooks.containsKey("WorktreeCreate"));
        assertEquals(before, Files.readString(dir.resolve(".claude/settings.json.agent-strace.bak")));

        // Re-installing with other flags replaces ours instead of adding a second copy.
        assertEquals(0, setup("--install", "--no-redact").status());
        hooks = hooks();
        assertEquals(2, Json.asArray(hooks.get("PreToolUse")).size());
        assertEquals("agent-strace hook pre-tool --no-redact", firstCommand(hooks, "PreToolUse"));

        assertEquals(0, setup("--uninstall").status());
        Map<String, Object> after = Json.asObject(Json.parse(Files.readString(settings())));
        assertEquals(Json.parse(before), after, "uninstall removes exactly our entries");
    }

    @Test
    void install_refusesAFileThatIsNotJson() throws Exception {
        Files.createDirectories(settings().getParent());
        Files.writeString(settings(), "{ \"model\": \"opus\", ");
        CliHarness.Result r = setup("--install");
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("agent-strace setup: refusing to change "), r.err());
        assertTrue(r.err().contains("not valid JSON"), r.err());
        assertEquals("{ \"model\": \"opus\", ", Files.readString(settings()));
        assertFalse(Files.exists(dir.resolve(".claude/settings.json.agent-strace.bak")));
    }

    @Test
    void install_refusesJsonThatIsNotAnObjectOrHasOddHooks() throws Exception {
        Files.createDirectories(settings().getParent());
        Files.writeString(settings(), "[1]");
        CliHarness.Result r = setup("--install");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("not an object"), r.err());
        Files.writeString(settings(), "{\"hooks\": []}");
        r = setup("--install");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("\"hooks\" is not an object"), r.err());
        Files.writeString(settings(), "{\"hooks\": {\"PreToolUse\": {}}}");
        r = setup("--install");
        assertEquals(1, r.status());
        assertEquals("{\"hooks\": {\"PreToolUse\": {}}}", Files.readString(settings()));
    }

    @Test
    void install_global_writesUnderHome() throws Exception {
        assertEquals(0, setup("--install", "--global").status());
        assertTrue(Files.exists(dir.resolve("home/.claude/settings.json")));
        assertFalse(Files.exists(settings()));
    }

    @Test
    void setup_conflictingFlags_areUsageErrors() throws Exception {
        CliHarness.Result r = setup("--install", "--uninstall");
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("agent-strace setup: --install and --uninstall cannot be combined"), r.err());
        assertEquals(2, setup("--timeout", "0").status());
    }

    @Test
    void uninstall_withoutOurHooks_changesNothing() throws Exception {
        Files.createDirectories(settings().getParent());
        Files.writeString(settings(), "{\"hooks\":{\"Stop\":[{\"hooks\":[{\"type\":\"command\",\"command\":\"other hook stop\"}]}]}}");
        CliHarness.Result r = setup("--uninstall");
        assertEquals(0, r.status());
        assertTrue(r.out().contains("nothing changed"));
    }

    private Map<String, Object> handlerOf(String event) throws Exception {
        Map<String, Object> group = Json.asObject(Json.asArray(hooks().get(event)).get(0));
        return Json.asObject(Json.asArray(group.get("hooks")).get(0));
    }

    @Test
    void install_resident_postsToolAndTurnEventsAndKeepsStartPromptAndEndAsCommands() throws Exception {
        CliHarness.Result r = setup("--install", "--resident", "--port", "29555");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("Tool and turn events go to the resident recorder at "
                + "http://127.0.0.1:29555/agent-strace/hook; SessionStart and UserPromptSubmit start it."), r.out());
        assertEquals(14, hooks().size());
        for (String event : List.of("PreToolUse", "PostToolUse", "PostToolUseFailure", "PermissionDenied", "Stop",
                "StopFailure", "SubagentStart", "SubagentStop", "Notification", "PreCompact", "PostCompact")) {
            assertEquals("{\"type\":\"http\",\"url\":\"http://127.0.0.1:29555/agent-strace/hook\",\"timeout\":10}",
                    Json.write(handlerOf(event)), event);
        }
        assertEquals("agent-strace hook session-start --recorder 29555", handlerOf("SessionStart").get("command"));
        assertEquals(null, handlerOf("SessionStart").get("async"), "the first tool call must find the recorder");
        assertEquals(true, handlerOf("UserPromptSubmit").get("async"));
        assertEquals("agent-strace hook user-prompt --recorder 29555", handlerOf("UserPromptSubmit").get("command"));
        assertEquals("agent-strace hook session-end --recorder 29555", handlerOf("SessionEnd").get("command"));

        String written = Files.readString(settings());
        assertTrue(setup("--install", "--resident", "--port", "29555").out().contains("nothing changed"));
        assertEquals(written, Files.readString(settings()));
        // back to command hooks: every http hook of ours is replaced, none is left behind
        assertEquals(0, setup("--install").status());
        assertFalse(Files.readString(settings()).contains("http"), Files.readString(settings()));
        assertEquals(0, setup("--install", "--resident", "--port", "29556").status());
        assertFalse(Files.readString(settings()).contains("29555"));
        CliHarness.Result removed = setup("--uninstall");
        assertTrue(removed.out().startsWith("Removed 14 agent-strace hooks from "), removed.out());
    }

    @Test
    void uninstall_resident_keepsOtherHttpHooks() throws Exception {
        Files.createDirectories(settings().getParent());
        String theirs = "{\"type\":\"http\",\"url\":\"http://127.0.0.1:8080/hooks/pre\"}";
        Files.writeString(settings(), "{\"hooks\":{\"PreToolUse\":[{\"matcher\":\"Bash\",\"hooks\":[" + theirs + "]}]}}");
        assertEquals(0, setup("--install", "--resident").status());
        assertEquals(2, Json.asArray(hooks().get("PreToolUse")).size());
        assertEquals(0, setup("--uninstall").status());
        assertEquals("{\"PreToolUse\":[{\"matcher\":\"Bash\",\"hooks\":[" + theirs + "]}]}", Json.write(hooks()));
    }

    @Test
    void setup_portWithoutResident_isAUsageError() throws Exception {
        CliHarness.Result r = setup("--install", "--port", "29555");
        assertEquals(2, r.status());
        assertEquals("agent-strace setup: --port is the resident recorder's port: use it with --resident;"
                + " see 'agent-strace setup --help'\n", r.err());
        assertEquals(2, setup("--resident", "--port", "70000").status());
    }
}
