package io.github.agentstrace.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
 * The real Gemini CLI (npm {@code @google/gemini-cli}, {@link GeminiCli}) runs one scripted prompt offline
 * against {@link GeminiStandIn}, with the hooks {@code setup --agent gemini --install} wrote into the project's
 * {@code .gemini/settings.json}: a command, a file read, a failing command, an answer. The session is checked
 * call by call, then the chat Gemini CLI wrote is imported with its exact usage.
 */
class GeminiCliIT {
    @TempDir
    Path tmp;

    private static final Path LAUNCHER = Path.of("bin", "agent-strace").toAbsolutePath();
    private static final String PROMPT = "List the files, read notes.md, then look in missing-dir";

    @Test
    void geminiPrompt_offline_withSetupsHooks_recordsEveryCallAndImportsExactUsage() throws Exception {
        Path gemini = GeminiCli.require("GeminiCliIT");
        Path project = Files.createDirectories(tmp.resolve("project"));
        Files.writeString(project.resolve("notes.md"), "remember the milk\n");
        Path home = Files.createDirectories(tmp.resolve("home"));
        // An API key (a dummy) as the auth type, so nothing asks for a Google login; no telemetry, no update check.
        Files.createDirectories(home.resolve(".gemini"));
        Files.writeString(home.resolve(".gemini").resolve("settings.json"), """
                {"security": {"auth": {"selectedType": "gemini-api-key"}},
                 "telemetry": {"enabled": false},
                 "privacy": {"usageStatisticsEnabled": false},
                 "general": {"enableAutoUpdate": false, "enableAutoUpdateNotification": false}}
                """);
        String setup = CliRun.run(project, Map.of(), 120, List.of(LAUNCHER.toString(), "setup", "--agent", "gemini",
                "--install", "--command", LAUNCHER.toString()));
        assertTrue(setup.contains("Installed agent-strace hooks for Gemini CLI"), setup);
        try (GeminiStandIn api = new GeminiStandIn()) {
            Map<String, String> env = Map.of("HOME", home.toString(), "GEMINI_CLI_HOME", home.toString(),
                    "GOOGLE_GEMINI_BASE_URL", api.baseUrl(), "GEMINI_API_KEY", "offline",
                    // the folder trust our setup says to give; no relaunch of itself with a bigger heap
                    "GEMINI_CLI_TRUST_WORKSPACE", "true", "GEMINI_CLI_NO_RELAUNCH", "true");
            // -m: a model named on the command line is not routed (routing asks the model which model to use)
            String out = CliRun.run(project, env, 180,
                    List.of("node", gemini.toString(), "-m", "gemini-2.5-flash", "--yolo", "-p", PROMPT));
            assertEquals(4, api.streams(), out);
            assertTrue(out.contains("done"), out);
        }

        Path traces = project.resolve(".agent-traces");
        String sid = CliRun.onlySession(traces);
        TraceStore store = new TraceStore(traces);
        SessionMeta meta = store.readMeta(sid);
        assertEquals("gemini", meta.agentName());
        assertEquals(3, meta.toolCalls());
        assertEquals(1, meta.errors());
        List<TraceEvent> events = Fixtures.events(store, sid);
        assertEquals(List.of("session_start", "user_prompt", "tool_call", "tool_result", "tool_call", "tool_result",
                "tool_call", "error", "assistant_response", "session_end"), Fixtures.types(events));
        assertEquals("gemini-hooks", events.get(0).data().get("mode"));
        assertEquals(PROMPT, events.get(1).data().get("prompt"));
        for (int i = 0; i < 3; i++) {
            TraceEvent call = events.get(2 + 2 * i);
            TraceEvent result = events.get(3 + 2 * i);
            Map<String, Object> expected = GeminiStandIn.CALLS.get(i);
            assertEquals(expected.get("name"), call.data().get("tool_name"));
            assertEquals(expected.get("args"), Json.asObject(call.data().get("arguments")));
            assertEquals(call.eventId(), result.parentId(), "each result names its call");
        }
        assertTrue(((String) events.get(3).data().get("result")).contains("Output: hello-gemini"));
        assertEquals("remember the milk\n", events.get(5).data().get("result"));
        String error = (String) events.get(7).data().get("error");
        assertTrue(error.contains("missing-dir") && error.contains("Exit Code: 2"), error);
        assertEquals("done", events.get(8).data().get("text"));

        // The chat the hooks named holds the exact usage of the four model calls; --discover finds it.
        String chat = (String) events.get(0).data().get("transcript_path");
        assertNotNull(chat);
        assertEquals(List.of(Path.of(chat)), TranscriptImport.discoverGemini(home.resolve(".gemini")));
        TranscriptImport.Result imported = new TranscriptImport(new TraceStore(tmp.resolve("imported")),
                Redactor.standard(), Ids.secure(), w -> { }).importFile(Path.of(chat));
        assertEquals(4, imported.turns());
        // per call: 100 prompt tokens of which 40 cached, 10 candidates + 3 thoughts tokens
        assertEquals(new Usage(240, 52, 160, 0, 0), imported.usage());
    }
}
