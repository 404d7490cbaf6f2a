package io.github.agentstrace.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.redact.Redactor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** meta.json counters kept current while a session is being written, off the writing threads. */
@Timeout(60)
class MetaFlusherTest {
    @TempDir
    Path tmp;

    private TraceStore store() {
        return new TraceStore(tmp.resolve("traces"));
    }

    private static TraceEvent event(EventType type) {
        return TraceEvent.of(type, 1795477018.0, null, null, null, null, Map.of());
    }

    /** Polls meta.json until it shows {@code tools} tool calls (the flusher's own pace; no sleeping). */
    private static SessionMeta awaitToolCalls(TraceStore store, String id, long tools) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        SessionMeta m = store.readMeta(id);
        while (m.toolCalls() != tools && System.nanoTime() < deadline) {
            Thread.sleep(5);
            m = store.readMeta(id);
        }
        return m;
    }

    @Test
    void flusher_bringsMetaUpToDateWhileTheSessionRuns() throws Exception {
        TraceStore store = store();
        store.create(SessionMeta.start("live", 1795477017.0, "t", "c"), Redactor.disabled());
        List<RuntimeException> errors = new ArrayList<>();
        try (SessionWriter w = store.writer("live", Redactor.disabled());
             MetaFlusher ignored = MetaFlusher.start(w, Duration.ofMillis(20), () -> null, errors::add)) {
            for (int i = 0; i < 5; i++) {
                w.append(event(EventType.TOOL_CALL));
            }
            w.append(event(EventType.LLM_REQUEST));
            w.append(event(EventType.ERROR));
            SessionMeta m = awaitToolCalls(store, "live", 5);
            assertEquals(5, m.toolCalls(), "flushed without the writer being closed");
            assertEquals(1, m.llmRequests());
            assertEquals(1, m.errors());
            assertNull(m.endedAt(), "still running");
            w.append(event(EventType.TOOL_CALL));
            assertEquals(6, awaitToolCalls(store, "live", 6).toolCalls());
        }
        assertEquals(List.of(), errors);
    }

    @Test
    void flusher_rewritesNothingWhileNothingChanges() throws Exception {
        TraceStore store = store();
        store.create(SessionMeta.start("idle", 1795477017.0, "t", "c"), Redactor.disabled());
        Path meta = store.sessionDir("idle").resolve(TraceStore.META);
        Object before = Files.getAttribute(meta, "unix:ino");
        try (SessionWriter w = store.writer("idle", Redactor.disabled());
             MetaFlusher f = MetaFlusher.start(w, Duration.ofMillis(5), () -> null, e -> { })) {
            w.append(event(EventType.TOOL_RESULT)); // counts nothing
            Thread.sleep(100); // twenty periods: a flusher that wrote would have replaced the file by now
            assertEquals(before, Files.getAttribute(meta, "unix:ino"), "meta.json was rewritten");
        }
    }

    @Test
    void close_waitsForAFlushInProgressSoTheFinalFlushCountsEverything() throws Exception {
        TraceStore store = store();
        store.create(SessionMeta.start("end", 1795477017.0, "t", "c"), Redactor.disabled());
        AtomicLong tokens = new AtomicLong();
        try (SessionWriter w = store.writer("end", Redactor.disabled())) {
            MetaFlusher f = MetaFlusher.start(w, Duration.ofMillis(1), () -> {
                long t = tokens.getAndSet(0);
                return t == 0 ? null : (UnaryOperator<SessionMeta>) m -> m.withTotalTokens(m.totalTokens() + t);
            }, e -> { });
            for (int i = 0; i < 500; i++) {
                w.append(event(EventType.TOOL_CALL));
                tokens.addAndGet(10);
            }
            f.close();
            f.close(); // idempotent
            long rest = tokens.getAndSet(0);
            SessionMeta end = w.flushMeta(m -> m.withTotalTokens(m.totalTokens() + rest).endedAt(1795477019.0));
            assertEquals(500, end.toolCalls());
            assertEquals(5000, end.totalTokens());
            assertTrue(end.finished());
        }
    }
}
