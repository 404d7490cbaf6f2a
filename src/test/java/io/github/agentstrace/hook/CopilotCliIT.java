package io.github.agentstrace.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.Ids;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.model.Usage;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.store.TraceStore;
import io.github.agentstrace.transcript.TranscriptImport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Copilot CLI (npm {@code @github/copilot}, {@link CopilotCli}) runs one scripted prompt offline
 * ({@code COPILOT_OFFLINE}, its model a local {@link ChatCompletionsStandIn}), with the hooks
 * {@code setup --agent copilot --install} wrote into {@code .github/hooks/}: a command, a file read, a failing
 * command, an answer. The session is checked call by call, then Copilot's session log is imported.
 */
class CopilotCliIT {
    @TempDir
    Path tmp;

    private static final Path LAUNCHER = Path.of("bin", "agent-strace").toAbsolutePath();
    private static final String PROMPT = "List the files, read notes.md, then look in missing-dir";

    @Test
    void copilotPrompt_offline_withSetupsHooks_recordsEveryCallAndImportsExactUsage() throws Exception {
        Path copilot = CopilotCli.require("CopilotCliIT");
        Path project = Files.createDirectories(tmp.resolve("project"));
        Path notes = project.resolve("notes.md");
        Files.writeString(notes, "remember the milk\n");
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path copilotHome = home.resolve(".copilot");
        String setup = CliRun.run(project, Map.of(), 120, List.of(LAUNCHER.toString(), "setup", "--agent", "copilot",
                "--install", "--command", LAUNCHER.toString()));
        assertTrue(setup.contains("Installed agent-strace hooks for GitHub Copilot CLI"), setup);
        try (ChatCompletionsStandIn api = new ChatCompletionsStandIn(notes.toRealPath().toString())) {
            Map<String, String> env = Map.of("HOME", home.toString(), "COPILOT_HOME", copilotHome.toString(),
                    "COPILOT_OFFLINE", "true", "COPILOT_PROVIDER_BASE_URL", api.baseUrl(), "COPILOT_MODEL", "gpt-4.1",
                    "COPILOT_AUTO_UPDATE", "false",
                    // exactly "true" also trusts the folder, without which Copilot CLI loads no project hooks
                    "COPILOT_ALLOW_ALL", "true");
            String out = CliRun.run(project, env, 180, List.of(copilot.toString(), "-p", PROMPT));
            assertEquals(4, api.completions(), out);
            assertTrue(out.contains("done"), out);
        }

        Path traces = project.resolve(".agent-traces");
        String sid = CliRun.onlySession(traces);
        TraceStore store = new TraceStore(traces);
        SessionMeta meta = store.readMeta(sid);
        assertEquals("copilot", meta.agentName());
        assertEquals(3, meta.toolCalls());
        assertEquals(1, meta.errors());
        List<TraceEvent> all = Fixtures.events(store, sid);
        // Copilot CLI starts the sessionStart and userPromptSubmitted hooks together (its log shows the second
        // starting before the first has ended), so their two processes race: the session's start is recorded
        // before the prompt or just after it (then a first, lazy start may open the session). Every start comes
        // before the first call, and the rest is in order.
        int firstCall = Fixtures.types(all).indexOf("tool_call");
        List<TraceEvent> starts = all.stream().filter(e -> e.type().equals("session_start")).toList();
        assertTrue(!starts.isEmpty() && all.indexOf(starts.get(starts.size() - 1)) < firstCall,
                Fixtures.types(all)::toString);
        assertTrue(starts.stream().allMatch(e -> "copilot-hooks".equals(e.data().get("mode"))));
        List<TraceEvent> events = all.stream().filter(e -> !e.type().equals("session_start")).toList();
        // agentStop carries no answer: the session log has it
        assertEquals(List.of("user_prompt", "tool_call", "tool_result", "tool_call", "tool_result", "tool_call", "error",
                "session_end"), Fixtures.types(events));
        assertEquals(PROMPT, events.get(0).data().get("prompt"));
        List<String> tools = List.of("bash", "view", "bash");
        for (int i = 0; i < 3; i++) {
            TraceEvent call = events.get(1 + 2 * i);
            assertEquals(tools.get(i), call.data().get("tool_name"));
            assertEquals(call.eventId(), events.get(2 + 2 * i).parentId(), "each result names its call");
        }
        assertEquals("echo hello-copilot", Json.asObject(events.get(1).data().get("arguments")).get("command"));
        assertEquals(notes.toRealPath().toString(), Json.asObject(events.get(3).data().get("arguments")).get("path"));
        assertEquals("ls missing-dir", Json.asObject(events.get(5).data().get("arguments")).get("command"));
        assertTrue(((String) events.get(2).data().get("result")).startsWith("hello-copilot\n"));
        assertEquals("remember the milk\n", events.get(4).data().get("result"));
        String error = (String) events.get(6).data().get("error");
        assertTrue(error.contains("missing-dir") && error.contains("exit code 2"), error);

        // The session log under COPILOT_HOME holds the exact usage of the four model calls.
        List<Path> logs = TranscriptImport.discoverCopilot(copilotHome);
        assertEquals(1, logs.size(), logs.toString());
        TranscriptImport.Result imported = new TranscriptImport(new TraceStore(tmp.resolve("imported")),
                Redactor.standard(), Ids.secure(), w -> { }).importFile(logs.get(0));
        assertTrue(sid.startsWith(imported.sessionId().substring(0, 16)), imported.sessionId() + " vs " + sid);
        assertEquals(4, imported.turns());
        assertEquals(new Usage(240, 40, 160, 0, 0), imported.usage());
    }
}
