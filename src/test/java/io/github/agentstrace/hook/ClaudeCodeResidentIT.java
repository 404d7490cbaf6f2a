package io.github.agentstrace.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.store.TraceStore;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: the real Claude Code CLI ({@code claude -p}), offline against a local stand-in for the
 * Anthropic API, in a project set up with {@code agent-strace setup --install --resident}: its SessionStart
 * command hook starts the recorder, its tool hooks POST to it, and the session comes out whole and paired.
 */
class ClaudeCodeResidentIT {
    private static final Path LAUNCHER = Path.of("bin", "agent-strace").toAbsolutePath();

    @TempDir
    Path dir;

    private int port;

    @AfterEach
    void stopRecorder() {
        String mark = "recorder --port " + port;
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(mark)).orElse(false))
                .forEach(ProcessHandle::destroy);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private Process run(Path cwd, Map<String, String> env, Path out, List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        return pb.start();
    }

    @Test
    void claudeCode_withResidentSettings_recordsTheSessionWithItsToolCallPaired() throws Exception {
        Path claude = ClaudeCodeCli.require("ClaudeCodeResidentIT");
        port = freePort();
        Path project = Files.createDirectories(dir.resolve("project"));
        Path home = Files.createDirectories(dir.resolve("home"));
        String javaHome = System.getProperty("java.home");
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "PATH", Path.of(javaHome, "bin") + ":/usr/local/bin:/usr/bin:/bin",
                "HOME", home.toString(),
                "JAVA_HOME", javaHome,
                "AGENT_STRACE_CACHE_DIR", dir.resolve("cache").toString(),
                "AGENT_STRACE_CDS", "0"));
        Process setup = run(project, env, dir.resolve("setup.txt"), List.of(LAUNCHER.toString(), "setup", "--install",
                "--resident", "--port", Integer.toString(port), "--command", LAUNCHER.toString()));
        assertTrue(setup.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, setup.exitValue(), Files.readString(dir.resolve("setup.txt")));

        try (AnthropicStandIn api = new AnthropicStandIn()) {
            env.put("ANTHROPIC_BASE_URL", api.baseUrl());
            env.put("ANTHROPIC_API_KEY", "sk-ant-api03-e2e-stand-in-key");
            env.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
            env.put("DISABLE_AUTOUPDATER", "1");
            List<String> cmd = new ArrayList<>(List.of(claude.toString(), "-p", "Say hello with Bash",
                    "--allowedTools", "Bash", "--output-format", "json"));
            Process p = run(project, env, dir.resolve("claude.txt"), cmd);
            assertTrue(p.waitFor(240, TimeUnit.SECONDS), "claude -p did not finish");
            String out = Files.readString(dir.resolve("claude.txt"));
            assertEquals(0, p.exitValue(), out);
            assertTrue(api.messages() >= 2, "the stand-in was not asked twice: " + out);
        }

        Path traces = project.resolve(".agent-traces");
        TraceStore store = new TraceStore(traces);
        List<String> sessions = new ArrayList<>();
        store.list(w -> { }).forEach(m -> sessions.add(m.sessionId()));
        assertEquals(1, sessions.size(), sessions.toString());
        List<TraceEvent> events = Fixtures.events(store, sessions.get(0));
        List<String> types = Fixtures.types(events);
        assertEquals("session_start", types.get(0), types.toString());
        assertTrue(types.contains("user_prompt"), types.toString());
        assertEquals("session_end", types.get(types.size() - 1), types.toString());
        List<TraceEvent> calls = events.stream().filter(e -> e.type().equals("tool_call")).toList();
        assertEquals(1, calls.size(), types.toString());
        TraceEvent call = calls.get(0);
        assertEquals("Bash", call.data().get("tool_name"));
        assertEquals(AnthropicStandIn.COMMAND, Json.asObject(call.data().get("arguments")).get("command"));
        String toolUseId = (String) call.data().get("tool_use_id");
        assertEquals(CallPairing.callEventId(sessions.get(0), toolUseId), call.eventId(), "a POSTed call keeps its id");
        List<TraceEvent> results = events.stream().filter(e -> e.type().equals("tool_result")).toList();
        assertEquals(1, results.size(), types.toString());
        assertEquals(call.eventId(), results.get(0).parentId());
        assertTrue(String.valueOf(results.get(0).data().get("result")).contains("hello-resident"), results.toString());
        assertTrue(types.contains("assistant_response"), types.toString());
        String errors = traces.resolve(HookErrorLog.FILE).toFile().exists()
                ? Files.readString(traces.resolve(HookErrorLog.FILE)) : "";
        assertEquals("", errors);
        assertTrue(ResidentRecorder.servedByThisUser(port), "the SessionStart hook started the recorder");
    }
}
