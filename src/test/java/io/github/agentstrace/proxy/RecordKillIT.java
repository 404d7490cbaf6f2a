package io.github.agentstrace.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.store.RecorderState;
import io.github.agentstrace.store.TraceStore;
import io.github.agentstrace.testsupport.TestJar;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a real {@code java -jar agent-strace.jar record} process in the middle of traffic:
 * the session it leaves says so (its recorder is GONE, not ALIVE) and its meta.json counters agree with
 * its events, although {@code session_end} and the final meta update never happened.
 */
@Timeout(180)
class RecordKillIT {
    @TempDir
    Path dir;

    private static String classpath() throws Exception {
        return TestJar.classPath(McpEchoMain.class, io.github.agentstrace.json.Json.class);
    }

    private static String call(int id) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                + "\"arguments\":{\"n\":" + id + "}}}\n";
    }

    /** One call and its answer through the proxy. */
    private static void roundTrip(OutputStream out, BufferedReader in, int id) throws IOException {
        out.write(call(id).getBytes(StandardCharsets.UTF_8));
        out.flush();
        String answer = in.readLine();
        assertNotNull(answer, "the proxy closed its output");
        assertTrue(answer.contains("\"id\":" + id + ","), answer);
    }

    private static long toolCalls(TraceStore store, String id) {
        try (var events = store.reader(id, w -> { }).events()) {
            return events.filter(e -> "tool_call".equals(e.type())).count();
        }
    }

    /** Polls (the recorder's own pace, no fixed sleep) until the condition holds or 60 s have passed. */
    private static <T> T await(java.util.function.Supplier<T> read, Predicate<T> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        T value = read.get();
        while (!done.test(value) && System.nanoTime() < deadline) {
            Thread.sleep(10);
            value = read.get();
        }
        return value;
    }

    @Test
    void killMinus9_leavesASessionWhoseRecorderIsGoneAndWhoseMetaAgreesWithItsEvents() throws Exception {
        Path traces = dir.resolve("traces");
        List<String> cmd = StdioProxyIT.jar(traces, "record", "-q", "--name", "killed", "--",
                TestJar.java(), "-cp", classpath(),
                McpEchoMain.class.getName());
        Process proxy = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<ProcessHandle> server = new ArrayList<>();
        try {
            OutputStream out = proxy.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(proxy.getInputStream(), StandardCharsets.UTF_8));
            int first = 200;
            for (int i = 1; i <= first; i++) {
                roundTrip(out, in, i);
            }
            server.addAll(proxy.descendants().toList());
            TraceStore store = new TraceStore(traces);
            String id = store.list(w -> { }).get(0).sessionId();
            assertEquals(RecorderState.ALIVE, store.recorder(id), "recording");

            // Traffic paused: recording and meta.json catch up by themselves, with no session end.
            long recorded = await(() -> toolCalls(store, id), n -> n == first);
            assertEquals(first, recorded, "every call recorded while the proxy runs");
            SessionMeta running = await(() -> store.readMeta(id), m -> m.toolCalls() == first);
            assertEquals(first, running.toolCalls(), "meta.json counters kept current while recording");
            assertNull(running.endedAt());

            // Traffic again, and SIGKILL in the middle of it.
            AtomicInteger answered = new AtomicInteger(first);
            Thread traffic = new Thread(() -> {
                try {
                    for (int i = first + 1; ; i++) {
                        roundTrip(out, in, i);
                        answered.set(i);
                    }
                } catch (IOException | AssertionError e) {
                    // the proxy died under us: expected
                }
            });
            traffic.start();
            await(answered::get, n -> n >= first + 2000);
            proxy.destroyForcibly();
            assertTrue(proxy.waitFor(60, TimeUnit.SECONDS));
            traffic.join(60_000);

            assertEquals(RecorderState.GONE, store.recorder(id), "a killed recorder reads as gone");
            SessionMeta meta = store.readMeta(id);
            List<TraceEvent> events = store.reader(id, w -> { }).events().toList();
            assertNull(meta.endedAt(), "no session end was written");
            assertTrue(events.stream().noneMatch(e -> "session_end".equals(e.type())));
            long calls = toolCalls(store, id);
            assertTrue(calls >= first && calls <= answered.get() + 1, "recorded " + calls + " of " + answered.get());
            assertTrue(meta.toolCalls() >= first && meta.toolCalls() <= calls,
                    "meta says " + meta.toolCalls() + " tool calls, the events " + calls);
            System.err.printf("RecordKillIT: %d calls answered, %d recorded, meta counted %d at the kill%n",
                    answered.get(), calls, meta.toolCalls());
        } finally {
            proxy.destroyForcibly();
            server.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
