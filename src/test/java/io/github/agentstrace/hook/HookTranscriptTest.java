package io.github.agentstrace.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.Ids;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.store.TraceStore;
import io.github.agentstrace.transcript.TranscriptFixture;
import io.github.agentstrace.transcript.TranscriptImport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stop and session-end hooks read the new part of Claude Code's transcript for exact token usage. */
class HookTranscriptTest {
    @TempDir
    Path dir;

    private static final String SESSION = TranscriptFixture.SESSION;

    private HookRecorder recorder(boolean readTranscripts) {
        return new HookRecorder(new HookConfig(dir.resolve("traces"), Redactor.standard(), FieldLimits.DEFAULT_MAX_CHARS,
                0, readTranscripts), new Fixtures.SteppingClock(1_800_000_000L), new Ids(new Random(3)), Map.of());
    }

    private static byte[] payload(String event, Path transcript) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("session_id", SESSION);
        m.put("hook_event_name", event);
        m.put("transcript_path", transcript.toString());
        return Json.write(m).getBytes(StandardCharsets.UTF_8);
    }

    private static void appendLines(Path file, List<String> lines) throws Exception {
        StringBuilder sb = new StringBuilder();
        lines.forEach(l -> sb.append(l).append('\n'));
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static List<String> turns(List<TraceEvent> events) {
        return events.stream().filter(e -> e.kind() == EventType.LLM_RESPONSE)
                .map(e -> e.data().get("message_id") + ":" + e.data().get("total_tokens")).toList();
    }

    @Test
    void severalStopsThenSessionEnd_recordTheSameTurnsAsAnImport() throws Exception {
        TraceStore imported = new TraceStore(dir.resolve("imported"));
        new TranscriptImport(imported, Redactor.standard(), Ids.secure(), w -> { })
                .importFile(TranscriptFixture.write(dir.resolve("claude")));
        List<String> expected = turns(Fixtures.events(imported, SESSION));

        Path transcript = dir.resolve("live.jsonl");
        HookRecorder r = recorder(true);
        r.record("SessionStart", payload("SessionStart", transcript));
        List<String> lines = TranscriptFixture.MAIN;
        appendLines(transcript, lines.subList(0, 4));
        r.record("Stop", payload("Stop", transcript));
        appendLines(transcript, lines.subList(4, 8));
        r.record("Stop", payload("Stop", transcript));
        r.record("Stop", payload("Stop", transcript)); // nothing new: nothing added
        appendLines(transcript, lines.subList(8, lines.size()));
        r.record("SessionEnd", payload("SessionEnd", transcript));

        TraceStore live = new TraceStore(dir.resolve("traces"));
        String sid = SESSION.substring(0, 16);
        List<TraceEvent> events = Fixtures.events(live, sid);
        assertEquals(expected, turns(events));
        assertEquals(2, live.readMeta(sid).llmRequests());
        assertEquals(21130L + 21500L, live.readMeta(sid).totalTokens());
        assertTrue(Files.isRegularFile(live.sessionDir(sid).resolve(HookRecorder.TRANSCRIPT_STATE)));
    }

    @Test
    void transcriptReadingCanBeTurnedOff_andAMissingTranscriptIsNoError() throws Exception {
        Path transcript = dir.resolve("live.jsonl");
        appendLines(transcript, TranscriptFixture.MAIN);
        HookRecorder off = recorder(false);
        off.record("Stop", payload("Stop", transcript));
        TraceStore live = new TraceStore(dir.resolve("traces"));
        assertTrue(turns(Fixtures.events(live, SESSION.substring(0, 16))).isEmpty());

        HookRecorder on = recorder(true);
        on.record("Stop", payload("Stop", dir.resolve("missing.jsonl")));
        assertTrue(turns(Fixtures.events(live, SESSION.substring(0, 16))).isEmpty());
    }

    @Test
    void transcriptReadingIsOnByDefaultAndOffWithTheEnvironmentSwitch() {
        assertTrue(HookConfig.of(null, false, Map.of(), dir).readTranscripts());
        assertTrue(!HookConfig.of(null, false, Map.of(HookConfig.TRANSCRIPT_ENV, "0"), dir).readTranscripts());
    }

    @Test
    void sessionEnd_exportsTheSessionWhenAutoExportIsConfigured() throws Exception {
        try (io.github.agentstrace.otlp.Receiver receiver = new io.github.agentstrace.otlp.Receiver()) {
            Map<String, String> env = Map.of("AGENT_STRACE_OTLP_ENDPOINT", receiver.base());
            HookRecorder r = new HookRecorder(new HookConfig(dir.resolve("traces"), Redactor.standard(),
                    FieldLimits.DEFAULT_MAX_CHARS, 0, false), new Fixtures.SteppingClock(1_800_000_000L),
                    new Ids(new Random(5)), env);
            r.record("SessionStart", payload("SessionStart", dir.resolve("none.jsonl")));
            r.record("SessionEnd", payload("SessionEnd", dir.resolve("none.jsonl")));
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (receiver.requests().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(1, receiver.requests().size(), "the detached exporter sent the ended session");
        }
    }
}
