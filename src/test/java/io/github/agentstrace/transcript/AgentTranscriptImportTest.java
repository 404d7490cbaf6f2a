package io.github.agentstrace.transcript;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.Ids;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.model.Usage;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.store.TraceStore;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Codex CLI rollouts and Gemini CLI chats (src/test/resources/agent-transcripts) imported with exact usage. */
class AgentTranscriptImportTest {
    static final String CODEX = "019a6c1e-7d3f-7b52-9a44-2f1c0d9e8b71";
    static final String GEMINI = "5c0b6f0e-2d7a-4f63-8f19-3c1e9a4d7b20";

    @TempDir
    Path tmp;

    private final List<String> warnings = new ArrayList<>();

    static Path resource(String path) {
        try {
            return Path.of(AgentTranscriptImportTest.class.getResource("/agent-transcripts/" + path).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path codexHome() {
        return resource("codex");
    }

    static Path geminiDir() {
        return resource("gemini");
    }

    private TranscriptImport.Result importFile(TraceStore store, Path file) {
        return new TranscriptImport(store, Redactor.standard(), new Ids(new SplittableRandom(7)), warnings::add)
                .importFile(file);
    }

    private static List<TraceEvent> events(TraceStore store, String id) {
        List<TraceEvent> out = new ArrayList<>();
        store.reader(id, w -> { }).forEach(out::add);
        return out;
    }

    private static List<String> types(List<TraceEvent> events) {
        return events.stream().map(TraceEvent::type).toList();
    }

    private static Usage usage(TraceEvent e) {
        return Usage.fromData(e.data());
    }

    @Test
    void codexRollout_oneTurnPerModelCall_exactUsage_callsPairedByCallId() {
        TraceStore store = new TraceStore(tmp.resolve("traces"));
        Path file = TranscriptImport.discoverCodex(codexHome()).get(0);
        TranscriptImport.Result r = importFile(store, file);
        assertEquals(CODEX, r.sessionId());
        assertEquals(3, r.turns(), "the token_count without info and the repeated one are not calls");
        // OpenAI counts cached tokens inside input_tokens: 5000-3000, 5300-4800, 5500-5000 uncached
        assertEquals(new Usage(3000, 240, 12800, 0, 0), r.usage());
        assertEquals(16040, r.usage().total(), "the rollout's own total_tokens");
        List<TraceEvent> events = events(store, CODEX);
        assertEquals(List.of("session_start", "user_prompt", "tool_call", "llm_request", "llm_response", "tool_result",
                "tool_call", "llm_request", "llm_response", "error", "assistant_response", "llm_request", "llm_response",
                "session_end"), types(events));
        assertEquals("List the files, then run the tests", events.get(1).data().get("prompt"),
                "the environment Codex adds is not a prompt");
        TraceEvent firstTurn = events.get(4);
        assertEquals("gpt-5.1-codex", firstTurn.data().get("model"));
        assertEquals(new Usage(2000, 120, 3000, 0, 0), usage(firstTurn));
        assertEquals(64L, ((Number) firstTurn.data().get("reasoning_tokens")).longValue());
        assertEquals(events.get(3).eventId(), firstTurn.parentId());
        TraceEvent ls = events.get(2);
        assertEquals("shell", ls.data().get("tool_name"));
        assertEquals(List.of("bash", "-lc", "ls"), Json.asObject(ls.data().get("arguments")).get("command"));
        assertEquals(ls.eventId(), events.get(5).parentId());
        assertEquals("notes.md\nsrc\n", events.get(5).data().get("result"));
        assertEquals(events.get(6).eventId(), events.get(9).parentId());
        assertTrue(((String) events.get(9).data().get("error")).startsWith("make: *** No rule"), "exit code 2");
        SessionMeta meta = store.readMeta(CODEX);
        assertEquals("codex", meta.agentName());
        assertEquals(16040, meta.totalTokens());
        assertEquals("codex", events.get(0).data().get("agent"));
    }

    @Test
    void codexRollout_capturedFromCodex0171_promptCommandsExitCodesAndUsage() {
        TraceStore store = new TraceStore(tmp.resolve("traces"));
        Path file = TranscriptImport.discoverCodex(resource("codex-captured")).get(0);
        TranscriptImport.Result r = importFile(store, file);
        assertEquals("01a23522-c38c-7f20-9945-4bcba7279279", r.sessionId());
        assertEquals(4, r.turns());
        // the stand-in answered each call with 100 input tokens (40 cached) and 10 output tokens
        assertEquals(new Usage(240, 40, 160, 0, 0), r.usage());
        List<TraceEvent> events = events(store, r.sessionId());
        List<TraceEvent> prompts = events.stream().filter(e -> e.kind() == EventType.USER_PROMPT).toList();
        assertEquals(1, prompts.size(), "Codex's environment and skills context are not prompts");
        assertEquals("List the files, read notes.md, then look in missing-dir", prompts.get(0).data().get("prompt"));
        List<TraceEvent> calls = events.stream().filter(e -> e.kind() == EventType.TOOL_CALL).toList();
        assertEquals(List.of("echo hello-codex", "cat notes.md", "ls missing-dir"), calls.stream()
                .map(e -> Json.asObject(e.data().get("arguments")).get("cmd")).toList());
        List<TraceEvent> outcomes = events.stream()
                .filter(e -> e.kind() == EventType.TOOL_RESULT || e.kind() == EventType.ERROR).toList();
        assertEquals(List.of("tool_result", "tool_result", "error"), types(outcomes), "exit code 2 is an error");
        assertEquals("remember the milk\n", outcomes.get(1).data().get("result"), "the output, not the exec header");
        for (int i = 0; i < 3; i++) {
            assertEquals(calls.get(i).eventId(), outcomes.get(i).parentId());
        }
        assertEquals("done", events.stream().filter(e -> e.kind() == EventType.ASSISTANT_RESPONSE).findFirst()
                .orElseThrow().data().get("text"));
    }

    @Test
    void geminiChat_lastVersionOfEachMessage_rewindsDropped_exactUsage() {
        TraceStore store = new TraceStore(tmp.resolve("traces"));
        Path file = TranscriptImport.discoverGemini(geminiDir()).get(0);
        TranscriptImport.Result r = importFile(store, file);
        assertEquals(GEMINI, r.sessionId());
        assertEquals(2, r.turns(), "m2 written twice is one call");
        // input includes cached; thoughts are output; tool-use prompt tokens are input
        assertEquals(new Usage(3000 + 405, 80 + 12, 1000 + 3900, 0, 0), r.usage());
        List<TraceEvent> events = events(store, GEMINI);
        assertEquals(List.of("session_start", "user_prompt", "llm_request", "llm_response", "tool_call", "tool_result",
                "tool_call", "error", "llm_request", "llm_response", "assistant_response", "session_end"), types(events));
        assertEquals("List the files, then run the tests", events.get(1).data().get("prompt"));
        assertEquals("gemini-2.5-pro", events.get(3).data().get("model"));
        assertEquals(events.get(4).eventId(), events.get(5).parentId());
        assertEquals("notes.md\nsrc\n", events.get(5).data().get("result"));
        assertEquals("Command exited with code 2", events.get(7).data().get("error"));
        assertTrue(events.stream().noneMatch(e -> "never mind".equals(e.data().get("prompt"))), "rewound");
        assertEquals("gemini", store.readMeta(GEMINI).agentName());
        assertEquals(r.usage().total(), store.readMeta(GEMINI).totalTokens());
    }

    @Test
    void geminiChat_writtenByGeminiCli061_contextIsNoPrompt_exitCodeIsAnError_exactUsage() {
        TraceStore store = new TraceStore(tmp.resolve("traces"));
        Path file = TranscriptImport.discoverGemini(resource("gemini-real")).get(0);
        TranscriptImport.Result r = importFile(store, file);
        assertEquals("84f9b6b6-a92a-4d15-bece-3aec2f6fbd91", r.sessionId());
        assertEquals(4, r.turns());
        // the stand-in answered each call with 100 prompt tokens (40 cached), 10 candidates and 3 thoughts tokens
        assertEquals(new Usage(240, 52, 160, 0, 0), r.usage());
        List<TraceEvent> events = events(store, r.sessionId());
        List<TraceEvent> prompts = events.stream().filter(e -> e.kind() == EventType.USER_PROMPT).toList();
        assertEquals(1, prompts.size(), "the <session_context> message ($set) and the tool responses are no prompts");
        assertEquals("List the files, read notes.md, then look in missing-dir", prompts.get(0).data().get("prompt"));
        assertEquals("gemini-2.5-flash", events.stream().filter(e -> e.kind() == EventType.LLM_RESPONSE).findFirst()
                .orElseThrow().data().get("model"));
        List<TraceEvent> calls = events.stream().filter(e -> e.kind() == EventType.TOOL_CALL).toList();
        assertEquals(List.of("run_shell_command", "read_file", "run_shell_command"),
                calls.stream().map(e -> e.data().get("tool_name")).toList());
        List<TraceEvent> outcomes = events.stream()
                .filter(e -> e.kind() == EventType.TOOL_RESULT || e.kind() == EventType.ERROR).toList();
        assertEquals(List.of("tool_result", "tool_result", "error"), types(outcomes),
                "status success with Exit Code: 2 is an error");
        assertEquals("remember the milk\n", outcomes.get(1).data().get("result"));
        for (int i = 0; i < 3; i++) {
            assertEquals(calls.get(i).eventId(), outcomes.get(i).parentId());
        }
        assertEquals("done", events.stream().filter(e -> e.kind() == EventType.ASSISTANT_RESPONSE).findFirst()
                .orElseThrow().data().get("text"));
    }

    @Test
    void copilotSessionLog_writtenByCopilotCli1_0_102_exactUsage_callsPairedByCallId_exitCodeIsAnError() {
        TraceStore store = new TraceStore(tmp.resolve("traces"));
        List<Path> found = TranscriptImport.discoverCopilot(resource("copilot-real"));
        assertEquals(1, found.size(), found.toString());
        TranscriptImport.Result r = importFile(store, found.get(0));
        assertEquals("0ae646aa-4b20-41a7-a3a5-7ff13514b95d", r.sessionId());
        assertEquals(4, r.turns());
        // 100 prompt tokens (40 cached) and 10 completion tokens (3 reasoning) per call, as the stand-in said
        assertEquals(new Usage(240, 40, 160, 0, 0), r.usage());
        List<TraceEvent> events = events(store, r.sessionId());
        assertEquals(List.of("session_start", "user_prompt", "llm_request", "llm_response", "tool_call", "tool_result",
                "llm_request", "llm_response", "tool_call", "tool_result", "llm_request", "llm_response", "tool_call",
                "error", "llm_request", "llm_response", "assistant_response", "session_end"), types(events));
        assertEquals("List the files, read notes.md, then look in missing-dir", events.get(1).data().get("prompt"));
        assertEquals("gpt-4.1", events.get(3).data().get("model"));
        assertEquals(3L, ((Number) events.get(3).data().get("reasoning_tokens")).longValue());
        assertEquals("call_e2e_1", events.get(4).data().get("tool_use_id"));
        assertEquals(events.get(4).eventId(), events.get(5).parentId());
        assertEquals(events.get(12).eventId(), events.get(13).parentId());
        assertEquals("remember the milk\n", events.get(9).data().get("result"));
        assertTrue(((String) events.get(13).data().get("error")).contains("completed with exit code 2"));
        assertEquals("done", events.get(16).data().get("text"));
        SessionMeta meta = store.readMeta(r.sessionId());
        assertEquals("copilot", meta.agentName());
        assertEquals(r.usage().total(), meta.totalTokens());
    }

    @Test
    void geminiLegacyJson_isReadAsTheSameRecords() throws Exception {
        Map<String, Object> legacy = new LinkedHashMap<>();
        legacy.put("sessionId", "legacy-1");
        legacy.put("projectHash", "abc");
        legacy.put("startTime", "2026-12-02T04:00:00.000Z");
        legacy.put("messages", List.of(
                Map.of("id", "a", "timestamp", "2026-12-02T04:00:01.000Z", "type", "user", "content", "hi"),
                Map.of("id", "b", "timestamp", "2026-12-02T04:00:02.000Z", "type", "gemini", "content", "hello",
                        "model", "gemini-2.5-flash", "tokens", Map.of("input", 10, "output", 2, "cached", 0, "total", 12))));
        Path dir = Files.createDirectories(tmp.resolve("gemini/tmp/abc/chats"));
        Files.writeString(dir.resolve("session-2026-12-02T04-00-legacy.json"), Json.writePretty(legacy));
        assertEquals(List.of(dir.resolve("session-2026-12-02T04-00-legacy.json")),
                TranscriptImport.discoverGemini(tmp.resolve("gemini")));
        TraceStore store = new TraceStore(tmp.resolve("traces"));
        TranscriptImport.Result r = importFile(store, dir.resolve("session-2026-12-02T04-00-legacy.json"));
        assertEquals("legacy-1", r.sessionId());
        assertEquals(Usage.of(10, 2), r.usage());
        // once Gemini CLI migrated it beside itself, only the .jsonl is found
        Files.writeString(dir.resolve("session-2026-12-02T04-00-legacy.jsonl"), "{}\n");
        assertEquals(List.of(dir.resolve("session-2026-12-02T04-00-legacy.jsonl")),
                TranscriptImport.discoverGemini(tmp.resolve("gemini")));
    }

    @Test
    void claudeCodeTranscripts_areStillClaudeCodes() throws Exception {
        Path main = TranscriptFixture.write(tmp.resolve("claude"));
        assertEquals(TranscriptImport.Kind.CLAUDE_CODE, TranscriptImport.kindOf(main));
        assertEquals(TranscriptImport.Kind.CODEX, TranscriptImport.kindOf(TranscriptImport.discoverCodex(codexHome()).get(0)));
        assertEquals(TranscriptImport.Kind.GEMINI, TranscriptImport.kindOf(TranscriptImport.discoverGemini(geminiDir()).get(0)));
    }

    @Test
    void importTwice_replacesTheEarlierImport() {
        TraceStore store = new TraceStore(tmp.resolve("traces"));
        Path file = TranscriptImport.discoverCodex(codexHome()).get(0);
        importFile(store, file);
        importFile(store, file);
        assertEquals(14, events(store, CODEX).size());
        assertEquals(3, events(store, CODEX).stream().filter(e -> e.kind() == EventType.LLM_RESPONSE).count());
    }
}
