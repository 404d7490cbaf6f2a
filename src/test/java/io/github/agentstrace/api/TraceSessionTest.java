package io.github.agentstrace.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.model.Clock;
import io.github.agentstrace.model.Ids;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.model.Usage;
import io.github.agentstrace.store.TraceStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceSessionTest {
    @TempDir
    Path dir;

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private AgentTrace.Builder builder() {
        return AgentTrace.builder()
                .traceDir(dir)
                .agentName("test-agent")
                .environment(Map.of())
                .time(Clock.at(nanos::get, () -> 1_795_477_000.5))
                .ids(new Ids(new Random(7)));
    }

    private List<TraceEvent> events(TraceSession s) {
        List<String> warnings = new ArrayList<>();
        try (Stream<TraceEvent> st = new TraceStore(dir).reader(s.id(), warnings::add).events()) {
            List<TraceEvent> all = st.collect(Collectors.toList());
            assertEquals(List.of(), warnings);
            return all;
        }
    }

    private static List<String> types(List<TraceEvent> events) {
        return events.stream().map(TraceEvent::type).collect(Collectors.toList());
    }

    /** Polls meta.json (the session's own flushing pace; the deadline only ends a hang). */
    private SessionMeta awaitMeta(String id, java.util.function.Predicate<SessionMeta> done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        SessionMeta m = new TraceStore(dir).readMeta(id);
        while (!done.test(m) && System.nanoTime() < deadline) {
            Thread.sleep(10);
            m = new TraceStore(dir).readMeta(id);
        }
        return m;
    }

    @Test
    void openSession_isMarkedAliveAndItsMetaFollowsWithoutAClose() throws Exception {
        TraceSession s = builder().start();
        TraceStore store = new TraceStore(dir);
        assertEquals(io.github.agentstrace.store.RecorderState.ALIVE, store.recorder(s.id()));
        s.tool("search", Map.of(), () -> "x");
        s.llm("m", List.of(), () -> "answer", r -> Usage.of(10, 5, 0, 0));
        assertThrows(IllegalStateException.class, () -> s.tool("fail", Map.of(), () -> {
            throw new IllegalStateException("boom");
        }));
        SessionMeta live = awaitMeta(s.id(), m -> m.toolCalls() == 2 && m.llmRequests() == 1 && m.errors() == 1
                && m.totalTokens() == 15);
        assertEquals(List.of(2L, 1L, 1L, 15L), List.of(live.toolCalls(), live.llmRequests(), live.errors(), live.totalTokens()),
                "meta.json counters current while the session is open");
        assertNull(live.endedAt());
        assertEquals(io.github.agentstrace.store.RecorderState.ALIVE, store.recorder(s.id()), "probing does not drop the mark");
        s.close();
        SessionMeta end = store.readMeta(s.id());
        assertEquals(List.of(2L, 1L, 1L, 15L), List.of(end.toolCalls(), end.llmRequests(), end.errors(), end.totalTokens()),
                "nothing counted twice by the periodic and the final flush");
        assertTrue(end.finished());
        assertEquals(io.github.agentstrace.store.RecorderState.GONE, store.recorder(s.id()));
    }

    @Test
    void clock_aUsersJavaTimeClockStampsTheEventsAndDurationsStayMonotonic() throws Exception {
        java.time.Instant at = java.time.Instant.parse("2026-12-02T10:00:00.250Z");
        try (TraceSession s = AgentTrace.builder().traceDir(dir).environment(Map.of())
                .clock(java.time.Clock.fixed(at, java.time.ZoneOffset.UTC)).start()) {
            s.tool("slow", Map.of(), () -> {
                Thread.sleep(20);
                return "done";
            });
            List<TraceEvent> events = events(s);
            assertEquals(1_796_205_600.25, events.get(0).timestamp(), 1e-6, "the user's wall clock");
            Double ms = events.get(2).durationMs();
            assertTrue(ms != null && ms >= 20, "measured on the monotonic clock, not the fixed one: " + ms);
        }
    }

    @Test
    void tool_recordsCallAndResultWithMonotonicDuration() {
        TraceSession s = builder().start();
        String result = s.tool("search", Map.of("query", "flaky"), () -> {
            nanos.addAndGet(42_500_000L);
            return "3 matches";
        });
        s.close();
        assertEquals("3 matches", result);
        List<TraceEvent> ev = events(s);
        assertEquals(List.of("session_start", "tool_call", "tool_result", "session_end"), types(ev));
        TraceEvent call = ev.get(1);
        assertEquals("search", call.data().get("tool_name"));
        assertEquals(Map.of("query", "flaky"), call.data().get("arguments"));
        assertNull(call.parentId());
        TraceEvent res = ev.get(2);
        assertEquals(call.eventId(), res.parentId());
        assertEquals(42.5, res.durationMs(), 1e-9);
        assertEquals("3 matches", res.data().get("content_preview"));
        assertEquals(1_795_477_000.5, res.timestamp(), 1e-6);
        assertEquals(s.id(), res.sessionId());
    }

    @Test
    void start_writesSessionStartWithRedactionOnByDefault() {
        TraceSession s = builder().start();
        s.close();
        TraceEvent start = events(s).get(0);
        assertEquals(Map.of("agent_name", "test-agent", "redaction", "on"), start.data());
        assertTrue(s.redacting());
    }

    @Test
    void redaction_isOnByDefaultAndRemovesSecretsFromArgumentsAndResults() throws IOException {
        TraceSession s = builder().start();
        s.tool("http_get", Map.of("auth", "Bearer abcdefghijklmnop1234"),
                () -> "key sk-abcdefghijklmnopqrstuvwxyz123456");
        s.close();
        String raw = Files.readString(s.directory().resolve("events.ndjson"));
        assertFalse(raw.contains("abcdefghijklmnop1234"), raw);
        assertFalse(raw.contains("sk-abcdefghijklmnopqrstuvwxyz123456"), raw);
        assertTrue(raw.contains("[REDACTED"), raw);
    }

    @Test
    void redaction_offWhenEnvironmentSaysSoOrBuilderDisablesIt() throws IOException {
        TraceSession env = builder().environment(Map.of("AGENT_TRACE_REDACT", "0")).start();
        env.close();
        assertEquals("off", events(env).get(0).data().get("redaction"));
        TraceSession off = builder().redaction(false).start();
        off.tool("t", Map.of("auth", "Bearer abcdefghijklmnop1234"), () -> "ok");
        off.close();
        assertTrue(Files.readString(off.directory().resolve("events.ndjson")).contains("abcdefghijklmnop1234"));
    }

    @Test
    void tool_recordsExceptionThenRethrowsTheSameInstance() {
        TraceSession s = builder().start();
        IOException boom = new IOException("disk on fire");
        IOException thrown = assertThrows(IOException.class, () -> s.tool("write_file", Map.of("path", "a.txt"), () -> {
            nanos.addAndGet(3_000_000L);
            throw boom;
        }));
        assertSame(boom, thrown);
        s.close();
        List<TraceEvent> ev = events(s);
        assertEquals(List.of("session_start", "tool_call", "error", "session_end"), types(ev));
        TraceEvent err = ev.get(2);
        assertEquals(ev.get(1).eventId(), err.parentId());
        assertEquals(3.0, err.durationMs(), 1e-9);
        assertEquals("disk on fire", err.data().get("message"));
        assertEquals("IOException", err.data().get("exception_type"));
        assertEquals("write_file", err.data().get("tool_name"));
        SessionMeta meta = new TraceStore(dir).readMeta(s.id());
        assertEquals(1, meta.toolCalls());
        assertEquals(1, meta.errors());
        Map<String, Object> end = ev.get(3).data();
        assertEquals(1L, ((Number) end.get("tool_calls")).longValue());
        assertEquals(1L, ((Number) end.get("errors")).longValue());
    }

    @Test
    void tool_exceptionWithoutMessageRecordsTheClassName() {
        TraceSession s = builder().start();
        assertThrows(IllegalStateException.class, () -> s.tool("t", null, () -> {
            throw new IllegalStateException();
        }));
        s.close();
        assertEquals("java.lang.IllegalStateException", events(s).get(2).data().get("message"));
    }

    @Test
    void nestedCalls_getTheEnclosingCallAsParent() {
        TraceSession s = builder().start();
        s.tool("plan", Map.of(), () -> {
            s.decision("search_first", "need context", List.of("search_first", "answer"));
            return s.tool("search", Map.of("q", "x"), () -> s.llm("m1", List.of("a", "b"), () -> "inner"));
        });
        s.tool("after", Map.of(), () -> "top level again");
        s.close();
        List<TraceEvent> ev = events(s);
        assertEquals(List.of("session_start", "tool_call", "decision", "tool_call", "llm_request", "llm_response",
                "tool_result", "tool_result", "tool_call", "tool_result", "session_end"), types(ev));
        String plan = ev.get(1).eventId();
        String search = ev.get(3).eventId();
        String llm = ev.get(4).eventId();
        assertEquals(plan, ev.get(2).parentId());
        assertEquals(plan, ev.get(3).parentId());
        assertEquals(search, ev.get(4).parentId());
        assertEquals(llm, ev.get(5).parentId());
        assertEquals(search, ev.get(6).parentId());
        assertEquals(plan, ev.get(7).parentId());
        assertNull(ev.get(8).parentId());
        assertEquals(2, ev.get(4).data().get("message_count") instanceof Number n ? n.intValue() : -1);
        assertEquals("m1", ev.get(4).data().get("model"));
    }

    @Test
    void nestedCalls_stackUnwindsAfterAnException() {
        TraceSession s = builder().start();
        assertThrows(RuntimeException.class, () -> s.tool("outer", null, () -> s.tool("inner", null, () -> {
            throw new RuntimeException("x");
        })));
        s.prompt("next");
        s.close();
        List<TraceEvent> ev = events(s);
        assertEquals(List.of("session_start", "tool_call", "tool_call", "error", "error", "user_prompt", "session_end"),
                types(ev));
        assertNull(ev.get(5).parentId(), "the prompt after the failed calls has no parent");
    }

    @Test
    void concurrentToolCalls_fromManyThreads_areAllRecordedAndPaired() throws Exception {
        TraceSession s = AgentTrace.builder().traceDir(dir).environment(Map.of()).agentName("parallel").start();
        int threads = 16;
        int perThread = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int tn = t;
            futures.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < perThread; i++) {
                    int n = i;
                    String r = s.tool("work", Map.of("thread", tn, "i", n),
                            () -> s.tool("sub", Map.of("i", n), () -> "r" + tn + "-" + n));
                    assertEquals("r" + tn + "-" + n, r);
                    if (i % 10 == 0) {
                        try {
                            s.tool("fails", null, () -> {
                                throw new IllegalArgumentException("bad " + n);
                            });
                        } catch (IllegalArgumentException expected) {
                            // recorded, rethrown
                        }
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        s.close();
        List<TraceEvent> ev = events(s);
        int failing = threads * (perThread / 10);
        int calls = threads * perThread * 2 + failing;
        assertEquals(2 + calls * 2, ev.size());
        Map<String, TraceEvent> byId = new java.util.HashMap<>();
        Set<String> ids = new HashSet<>();
        for (TraceEvent e : ev) {
            assertTrue(ids.add(e.eventId()), "duplicate id " + e.eventId());
            byId.put(e.eventId(), e);
        }
        int results = 0;
        for (TraceEvent e : ev) {
            if (e.type().equals("tool_result") || e.type().equals("error")) {
                results++;
                TraceEvent call = byId.get(e.parentId());
                assertEquals("tool_call", call.type());
                assertEquals(call.data().get("tool_name"), e.data().get("tool_name"));
            }
            if (e.type().equals("tool_call") && "sub".equals(e.data().get("tool_name"))) {
                TraceEvent parent = byId.get(e.parentId());
                assertEquals("work", parent.data().get("tool_name"));
                // the parent is the call made on the same thread, with the same i
                assertEquals(((Map<?, ?>) e.data().get("arguments")).get("i").toString(),
                        ((Map<?, ?>) parent.data().get("arguments")).get("i").toString());
            }
        }
        assertEquals(calls, results);
        SessionMeta meta = new TraceStore(dir).readMeta(s.id());
        assertEquals(calls, meta.toolCalls());
        assertEquals(failing, meta.errors());
        assertTrue(meta.finished());
    }

    @Test
    void close_endsSessionInMetaAndIsIdempotent() {
        TraceSession s = builder().start();
        nanos.addAndGet(1_500_000_000L);
        s.close();
        s.close();
        SessionMeta meta = new TraceStore(dir).readMeta(s.id());
        assertEquals(1_795_477_000.5, meta.endedAt(), 1e-6);
        assertEquals("test-agent", meta.agentName());
        List<TraceEvent> ev = events(s);
        assertEquals(List.of("session_start", "session_end"), types(ev));
        assertEquals(1500.0, ((Number) ev.get(1).data().get("duration_ms")).doubleValue(), 1e-9);
        assertTrue(s.isClosed());
    }

    @Test
    void afterClose_bodiesStillRunButNothingIsRecorded() {
        TraceSession s = builder().start();
        s.close();
        assertEquals("ran", s.tool("t", null, () -> "ran"));
        assertEquals(7, s.llm("m", null, () -> 7));
        s.decision("x", "y");
        s.prompt("p");
        assertEquals(List.of("session_start", "session_end"), types(events(s)));
    }

    @Test
    void decisionPromptResponseAndLlm_useTheOriginalsDataShapes() {
        TraceSession s = builder().start();
        s.prompt("fix the login bug");
        String out = s.llm("claude-sonnet-4", Map.of("messages", List.of(1, 2, 3)), () -> "I'll read the file");
        s.decision("read_file_first", "need context", List.of("read_file_first", "grep"));
        s.decision("done", null);
        s.response("Fixed.");
        s.close();
        assertEquals("I'll read the file", out);
        List<TraceEvent> ev = events(s);
        assertEquals(Map.of("prompt", "fix the login bug"), ev.get(1).data());
        assertEquals(List.of("method", "message_count", "model"), List.copyOf(ev.get(2).data().keySet()));
        assertEquals(3, ((Number) ev.get(2).data().get("message_count")).intValue());
        assertEquals(Map.of("content_preview", "I'll read the file"), ev.get(3).data());
        assertEquals(ev.get(2).eventId(), ev.get(3).parentId());
        assertEquals(List.of("choice", "reason", "alternatives"), List.copyOf(ev.get(4).data().keySet()));
        assertEquals(List.of("read_file_first", "grep"), ev.get(4).data().get("alternatives"));
        assertEquals(Map.of("choice", "done", "reason", "", "alternatives", List.of()), ev.get(5).data());
        assertEquals(Map.of("text", "Fixed."), ev.get(6).data());
        assertEquals(1, new TraceStore(dir).readMeta(s.id()).llmRequests());
    }

    @Test
    void llm_withUsage_recordsTokensOnTheResponseAndInMeta() {
        TraceSession s = builder().start();
        s.llm("claude-sonnet-4", List.of("m"), () -> "answer", r -> Usage.of(100, 20, 300, 0));
        s.llm("claude-sonnet-4", List.of("m"), () -> "answer", r -> Usage.of(5, 5));
        s.llm("claude-sonnet-4", List.of("m"), () -> "no usage", r -> null);
        s.llm("claude-sonnet-4", List.of("m"), () -> "broken usage", r -> {
            throw new IllegalStateException("no usage field");
        });
        s.close();
        List<TraceEvent> ev = events(s);
        Map<String, Object> first = ev.get(2).data();
        assertEquals(List.of("content_preview", "input_tokens", "output_tokens", "cache_read_input_tokens", "total_tokens"),
                List.copyOf(first.keySet()));
        assertEquals(420L, ((Number) first.get("total_tokens")).longValue());
        assertEquals(Map.of("content_preview", "no usage"), ev.get(6).data());
        assertEquals(Map.of("content_preview", "broken usage"), ev.get(8).data());
        assertEquals(430, new TraceStore(dir).readMeta(s.id()).totalTokens());
        assertEquals(430L, ((Number) ev.get(9).data().get("total_tokens")).longValue());
    }

    @Test
    void usage_rejectsNegativeCounts() {
        assertThrows(IllegalArgumentException.class, () -> Usage.of(-1, 0));
    }

    @Test
    void start_failsClearlyWhenTheTraceDirectoryIsAFile() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        TraceException e = assertThrows(TraceException.class,
                () -> AgentTrace.builder().traceDir(file).environment(Map.of()).start());
        assertTrue(e.getMessage().startsWith("cannot start a trace session in " + file), e.getMessage());
    }

    @Test
    void start_usesAgentTraceDirFromTheEnvironment() {
        Path envDir = dir.resolve("from-env");
        TraceSession s = AgentTrace.builder().environment(Map.of("AGENT_TRACE_DIR", envDir.toString())).start();
        s.close();
        assertEquals(envDir.resolve(s.id()), s.directory());
        assertTrue(Files.isRegularFile(envDir.resolve(s.id()).resolve("meta.json")));
    }

    @Test
    void recordingFailure_isReportedAndTheAgentKeepsWorking() throws IOException {
        List<RuntimeException> failures = new ArrayList<>();
        TraceSession s = builder().onRecordingError(failures::add).start();
        // Removing the session directory under a running session makes the next meta update fail.
        Files.delete(s.directory().resolve("meta.json"));
        assertEquals("still works", s.tool("t", null, () -> "still works"));
        s.close();
        assertFalse(failures.isEmpty());
    }
}
