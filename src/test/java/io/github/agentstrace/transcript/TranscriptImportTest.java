package io.github.agentstrace.transcript;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.Ids;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.store.TraceStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranscriptImportTest {
    @TempDir
    Path tmp;

    private final List<String> warnings = new ArrayList<>();

    private TranscriptImport.Result importFixture(TraceStore store) throws Exception {
        Path main = TranscriptFixture.write(tmp.resolve("claude"));
        return new TranscriptImport(store, Redactor.standard(), new Ids(new SplittableRandom(7)), warnings::add)
                .importFile(main);
    }

    private static List<TraceEvent> events(TraceStore store, String id) {
        List<TraceEvent> out = new ArrayList<>();
        store.reader(id, w -> { }).forEach(out::add);
        return out;
    }

    @Test
    void import_oneTurnPerMessageIdWithTheLargestUsage() throws Exception {
        TraceStore store = new TraceStore(tmp.resolve("traces"));
        TranscriptImport.Result r = importFixture(store);
        assertEquals(TranscriptFixture.SESSION, r.sessionId());
        List<TraceEvent> responses = events(store, r.sessionId()).stream()
                .filter(e -> e.kind() == EventType.LLM_RESPONSE).toList();
        assertEquals(List.of("msg_A", "msg_B"), responses.stream().map(e -> e.data().get("message_id")).toList(),
                "three lines of msg_A are one turn; the <synthetic> line is not a turn");
        Map<String, Object> a = responses.get(0).data();
        assertEquals(120L, ((Number) a.get("output_tokens")).longValue(), "largest streamed output_tokens, not the sum");
        assertEquals(10L, ((Number) a.get("input_tokens")).longValue());
        assertEquals(20000L, ((Number) a.get("cache_read_input_tokens")).longValue());
        assertEquals("tool_use", a.get("stop_reason"));
        assertEquals("claude-sonnet-4-5-20250929", a.get("model"));
        // msg_A: 10+120+1000+20000; msg_B: 200+300+0+21000
        assertEquals(21130L + 21500L, r.usage().total());
        SessionMeta meta = store.readMeta(r.sessionId());
        assertEquals(21130L + 21500L, meta.totalTokens());
        assertEquals(2, meta.llmRequests());
        assertEquals(2, meta.toolCalls());
        assertEquals(1, meta.errors(), "the failed Bash result is an error");
        assertEquals(11.5, meta.totalDurationMs() / 1000.0, 1e-6, "from the first line to the last one");
    }

    @Test
    void import_pairsResultsWithCallsByToolUseId() throws Exception {
        TraceStore store = new TraceStore(tmp.resolve("traces"));
        importFixture(store);
        List<TraceEvent> all = events(store, TranscriptFixture.SESSION);
        TraceEvent bash = all.stream().filter(e -> e.kind() == EventType.TOOL_CALL
                && "Bash".equals(e.data().get("tool_name"))).findFirst().orElseThrow();
        TraceEvent failure = all.stream().filter(e -> e.kind() == EventType.ERROR).findFirst().orElseThrow();
        assertEquals(bash.eventId(), failure.parentId());
        assertEquals(2500.0, failure.durationMs(), 1e-6);
        assertEquals("1 failed", failure.data().get("error"));
        TraceEvent agentResult = all.stream().filter(e -> e.kind() == EventType.TOOL_RESULT).findFirst().orElseThrow();
        assertEquals("Looked around.", agentResult.data().get("result"));
        assertEquals(List.of("Fix the failing test in test_auth.py"), all.stream()
                .filter(e -> e.kind() == EventType.USER_PROMPT).map(e -> e.data().get("prompt")).toList());
        assertTrue(all.stream().anyMatch(e -> e.kind() == EventType.ASSISTANT_RESPONSE
                && "Fixed: the test_auth.py check was inverted.".equals(e.data().get("text"))));
        assertEquals(EventType.SESSION_START, all.get(0).kind());
        assertEquals(EventType.SESSION_END, all.get(all.size() - 1).kind());
    }

    @Test
    void import_subagentTranscriptBecomesALinkedChildSession() throws Exception {
        TraceStore store = new TraceStore(tmp.resolve("traces"));
        TranscriptImport.Result r = importFixture(store);
        assertEquals(1, r.children().size());
        SessionMeta child = store.readMeta(r.children().get(0));
        assertEquals(TranscriptFixture.SESSION, child.parentSessionId());
        assertEquals(1, child.depth());
        TraceEvent spawn = events(store, TranscriptFixture.SESSION).stream()
                .filter(e -> "Agent".equals(e.data().get("tool_name")) && e.kind() == EventType.TOOL_CALL)
                .findFirst().orElseThrow();
        assertEquals(spawn.eventId(), child.parentEventId());
        assertEquals(1100L, child.totalTokens());
    }

    @Test
    void import_twiceDoesNotDuplicate() throws Exception {
        TraceStore store = new TraceStore(tmp.resolve("traces"));
        importFixture(store);
        int first = events(store, TranscriptFixture.SESSION).size();
        importFixture(store);
        assertEquals(first, events(store, TranscriptFixture.SESSION).size());
        assertEquals(2, store.list(w -> { }).size(), "the session and its one subagent; no staging left over");
        try (var dirs = Files.list(store.root())) {
            assertEquals(2, dirs.count());
        }
    }

    @Test
    void import_reportsACorruptLineByNumberAndImportsTheRest() throws Exception {
        TraceStore store = new TraceStore(tmp.resolve("traces"));
        TranscriptImport.Result r = importFixture(store);
        assertTrue(warnings.stream().anyMatch(w -> w.contains("line 7")), warnings.toString());
        assertEquals(2, r.turns());
    }

    @Test
    void import_missingFileIsAClearError() {
        TraceStore store = new TraceStore(tmp.resolve("traces"));
        var e = org.junit.jupiter.api.Assertions.assertThrows(io.github.agentstrace.store.StoreException.class,
                () -> new TranscriptImport(store, Redactor.standard(), Ids.secure(), warnings::add)
                        .importFile(tmp.resolve("nope.jsonl")));
        assertTrue(e.getMessage().contains("no such transcript"));
    }

    @Test
    void enrich_acrossSeveralStopsEqualsTheImport() throws Exception {
        TraceStore imported = new TraceStore(tmp.resolve("imported"));
        importFixture(imported);
        List<String> expected = turns(events(imported, TranscriptFixture.SESSION));

        TraceStore live = new TraceStore(tmp.resolve("live"));
        live.create(SessionMeta.start("live1", 1, "claude-code", ""), Redactor.standard());
        Path transcript = tmp.resolve("growing.jsonl");
        Path state = live.sessionDir("live1").resolve(".transcript-state.json");
        Files.writeString(transcript, "");
        // Stops fire after lines 4 (mid-response, the last line not yet finished), 6 and at the end.
        int[] cuts = {4, 6, TranscriptFixture.MAIN.size()};
        int written = 0;
        for (int cut : cuts) {
            StringBuilder sb = new StringBuilder();
            for (; written < cut; written++) {
                sb.append(TranscriptFixture.MAIN.get(written)).append('\n');
            }
            Files.writeString(transcript, sb.toString(), StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.APPEND);
            try (var writer = live.writer("live1", Redactor.standard())) {
                TranscriptTail.enrich(transcript, state, writer, Ids.secure(), warnings::add);
            }
        }
        List<TraceEvent> liveEvents = events(live, "live1");
        assertTrue(liveEvents.stream().noneMatch(e -> e.kind() == EventType.TOOL_CALL), "turns only");
        assertEquals(expected.size(), turns(liveEvents).size());
        assertEquals(2, live.readMeta("live1").llmRequests());
    }

    @Test
    void enrich_readsOnlyCompleteLines() throws Exception {
        TraceStore live = new TraceStore(tmp.resolve("live"));
        live.create(SessionMeta.start("live2", 1, "claude-code", ""), Redactor.standard());
        Path transcript = tmp.resolve("t.jsonl");
        String line = TranscriptFixture.MAIN.get(9);
        Files.writeString(transcript, line.substring(0, 40)); // Claude Code is still writing it
        Path state = tmp.resolve("state.json");
        try (var writer = live.writer("live2", Redactor.standard())) {
            assertEquals(0, TranscriptTail.enrich(transcript, state, writer, Ids.secure(), warnings::add).turns());
            Files.writeString(transcript, line.substring(40) + "\n", java.nio.file.StandardOpenOption.APPEND);
            TranscriptTail.Enriched once = TranscriptTail.enrich(transcript, state, writer, Ids.secure(), warnings::add);
            assertEquals(1, once.turns());
            assertEquals(21500L, once.tokens());
            assertEquals(0, TranscriptTail.enrich(transcript, state, writer, Ids.secure(), warnings::add).turns());
        }
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    private static List<String> turns(List<TraceEvent> events) {
        return events.stream().filter(e -> e.kind() == EventType.LLM_RESPONSE)
                .map(e -> e.data().get("message_id") + ":" + e.data().get("total_tokens"))
                .collect(Collectors.toList());
    }

    @Test
    void import_recordsTheRedactionSettingAndRedacts() throws Exception {
        Path t = tmp.resolve("secret.jsonl");
        Files.writeString(t, "{\"type\":\"user\",\"timestamp\":\"2026-11-20T10:00:01Z\",\"sessionId\":\"s-1\","
                + "\"message\":{\"role\":\"user\",\"content\":\"use key sk-proj-abcdefghijklmnopqrstuvwxyz0123456789\"}}\n");
        TraceStore store = new TraceStore(tmp.resolve("traces"));
        new TranscriptImport(store, Redactor.standard(), Ids.secure(), warnings::add).importFile(t);
        String bytes = Files.readString(store.eventsFile("s-1"));
        assertFalse(bytes.contains("abcdefghijklmnopqrstuvwxyz0123456789"), bytes);
        assertNotNull(events(store, "s-1").get(0).data().get("redaction"));
    }
}
