package io.github.agentstrace.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.redact.Redactor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionWriterSmokeTest {
    @Test
    void append_writesWholeLinesAndRepairsATornOne(@TempDir Path dir) throws Exception {
        TraceStore store = new TraceStore(dir);
        store.create(SessionMeta.start("s1", 1.0, "t", ""), Redactor.disabled());
        try (SessionWriter w = store.writer("s1", Redactor.disabled())) {
            w.append(TraceEvent.of(EventType.TOOL_CALL, 2.0, "e1", "s1", null, null, Map.of("tool_name", "x")));
        }
        Files.writeString(store.eventsFile("s1"), "{\"event_type\":\"tool_ca", java.nio.file.StandardOpenOption.APPEND);
        try (SessionWriter w = store.writer("s1", Redactor.disabled())) {
            w.append(TraceEvent.of(EventType.ERROR, 3.0, "e2", "s1", null, null, Map.of()));
        }
        assertEquals(3, Files.readAllLines(store.eventsFile("s1")).size());
        assertEquals(2, store.reader("s1", w -> { }).events().count());
        assertEquals(1, store.readMeta("s1").toolCalls());
        assertEquals(1, store.readMeta("s1").errors());
    }

    @Test
    void appendAll_writesRedactedWholeLinesInOrderCountsThemAndRepairsATornLine(@TempDir Path dir) throws Exception {
        TraceStore store = new TraceStore(dir);
        store.create(SessionMeta.start("s2", 1.0, "t", ""), Redactor.disabled());
        Files.writeString(store.eventsFile("s2"), "{\"event_type\":\"tool_ca");
        String key = "sk-abcdefghijklmnopqrstuvwxyz123456";
        try (SessionWriter w = store.writer("s2", Redactor.standard())) {
            java.util.List<TraceEvent> written = w.appendAll(java.util.List.of(
                    TraceEvent.of(EventType.TOOL_CALL, 2.0, "e1", "s2", null, null, Map.of("tool_name", "x", "key", key)),
                    TraceEvent.of(EventType.TOOL_RESULT, 3.0, "e2", "s2", "e1", 1.0, Map.of()),
                    TraceEvent.of(EventType.ERROR, 4.0, "e3", "s2", null, null, Map.of())));
            assertEquals(java.util.List.of("e1", "e2", "e3"), written.stream().map(TraceEvent::eventId).toList());
            assertEquals(java.util.List.of(), w.appendAll(java.util.List.of()));
        }
        String text = Files.readString(store.eventsFile("s2"));
        assertEquals(false, text.contains(key), "redacted before it reached the file");
        assertEquals(4, Files.readAllLines(store.eventsFile("s2")).size(), "the torn line ended before the batch");
        assertEquals(java.util.List.of("e1", "e2", "e3"),
                store.reader("s2", w -> { }).events().map(TraceEvent::eventId).toList());
        assertEquals(1, store.readMeta("s2").toolCalls());
        assertEquals(1, store.readMeta("s2").errors());
    }
}
