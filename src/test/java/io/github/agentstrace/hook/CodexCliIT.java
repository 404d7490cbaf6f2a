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
 * The real Codex CLI (npm {@code @openai/codex}, {@link CodexCli}) runs one scripted session offline against
 * {@link ResponsesStandIn}, with the hooks {@code setup --agent codex --install} wrote: a command, a file read,
 * a failing command, an answer. The session is checked call by call, then its rollout is imported.
 */
class CodexCliIT {
    @TempDir
    Path tmp;

    private static final Path LAUNCHER = Path.of("bin", "agent-strace").toAbsolutePath();

    @Test
    void codexExec_offline_withSetupsHooks_recordsEveryCallAndImportsExactUsage() throws Exception {
        Path codex = CodexCli.require("CodexCliIT");
        Path project = Files.createDirectories(tmp.resolve("project"));
        Files.writeString(project.resolve("notes.md"), "remember the milk\n");
        Path home = Files.createDirectories(tmp.resolve("codex-home"));
        try (ResponsesStandIn api = new ResponsesStandIn()) {
            Files.writeString(home.resolve("config.toml"), """
                    model = "gpt-5.1-codex"
                    model_provider = "standin"

                    [model_providers.standin]
                    name = "stand-in"
                    base_url = "%s"
                    env_key = "STANDIN_KEY"
                    wire_api = "responses"

                    [projects."%s"]
                    trust_level = "trusted"
                    """.formatted(api.baseUrl(), project.toRealPath()));
            String setup = CliRun.run(project, Map.of(), 120, List.of(LAUNCHER.toString(), "setup", "--agent", "codex",
                    "--install", "--command", LAUNCHER.toString()));
            assertTrue(setup.contains("Installed agent-strace hooks for Codex CLI"), setup);
            String out = CliRun.run(project, Map.of("CODEX_HOME", home.toString(), "STANDIN_KEY", "offline"), 300,
                    List.of(codex.toString(), "exec", "--skip-git-repo-check",
                            "--dangerously-bypass-approvals-and-sandbox", "--dangerously-bypass-hook-trust",
                            "List the files, read notes.md, then look in missing-dir"));
            assertEquals(4, api.responses(), out);
        }

        Path traces = project.resolve(".agent-traces");
        String sid = CliRun.onlySession(traces);
        TraceStore store = new TraceStore(traces);
        SessionMeta meta = store.readMeta(sid);
        assertEquals("codex", meta.agentName());
        assertEquals(3, meta.toolCalls());
        List<TraceEvent> events = Fixtures.events(store, sid);
        assertEquals(List.of("session_start", "user_prompt", "tool_call", "tool_result", "tool_call", "tool_result",
                "tool_call", "tool_result", "assistant_response"), Fixtures.types(events));
        assertEquals("codex-hooks", events.get(0).data().get("mode"));
        assertEquals("List the files, read notes.md, then look in missing-dir", events.get(1).data().get("prompt"));
        for (int i = 0; i < 3; i++) {
            TraceEvent call = events.get(2 + 2 * i);
            TraceEvent result = events.get(3 + 2 * i);
            assertEquals(ResponsesStandIn.COMMANDS.get(i), Json.asObject(call.data().get("arguments")).get("command"));
            assertEquals("call_e2e_" + (i + 1), call.data().get("tool_use_id"));
            assertEquals(call.eventId(), result.parentId(), "each result names its call");
        }
        assertEquals("hello-codex\n", events.get(3).data().get("result"));
        assertEquals("remember the milk\n", events.get(5).data().get("result"));
        assertTrue(((String) events.get(7).data().get("result")).contains("missing-dir"));
        assertEquals("done", events.get(8).data().get("text"));

        // The rollout the hooks named holds the exact usage of the four model calls.
        String rollout = (String) events.get(0).data().get("transcript_path");
        TranscriptImport.Result imported = new TranscriptImport(new TraceStore(tmp.resolve("imported")),
                Redactor.standard(), Ids.secure(), w -> { }).importFile(Path.of(rollout));
        assertEquals(4, imported.turns());
        assertEquals(new Usage(240, 40, 160, 0, 0), imported.usage());
    }
}
