package io.github.agentstrace.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.mcp.Direction;
import io.github.agentstrace.model.Clock;
import io.github.agentstrace.model.Ids;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.store.SessionWriter;
import io.github.agentstrace.store.TraceStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpRecordingTest {
    @TempDir
    Path dir;

    private final List<String> got = new CopyOnWriteArrayList<>();
    private final AtomicLong clock = new AtomicLong(1_000);

    private HttpRecording recording(long quiet, long maxLag) {
        TraceStore store = new TraceStore(dir);
        store.create(SessionMeta.start("s1", 1.0, "", ""), Redactor.standard());
        SessionWriter writer = store.writer("s1", Redactor.standard());
        MessageRecorder.Factory factory = c -> new MessageRecorder() {
            @Override
            public void message(Direction dir, String json, Map<String, Object> transport) {
                got.add(json);
            }

            @Override
            public void unparsed(Direction dir, String reason, byte[] sample) {
                got.add("UNPARSED " + reason);
            }

            @Override
            public void close() {
            }
        };
        return new HttpRecording(writer, new Ids(new Random(1)), factory, Clock.at(clock::get, () -> 1.0), w -> { }, quiet, maxLag);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void awaitCount(int n) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L; // polls the recorder's own pace; the deadline only ends a hang
        while (got.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    @Test
    void body_waitsUntilTheTrafficIsQuiet() throws Exception {
        HttpRecording rec = recording(100, 1_000_000);
        rec.body(Direction.CLIENT_TO_SERVER, "k", utf8("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\"}"), false, Map.of());
        Thread.sleep(50);
        assertTrue(got.isEmpty(), "recorded while traffic was flowing (the clock did not move)");
        clock.addAndGet(100);
        awaitCount(1);
        assertEquals(1, got.size());
        rec.close();
    }

    @Test
    void body_isRecordedAtTheLagLimitEvenUnderContinuousTraffic() throws Exception {
        HttpRecording rec = recording(100, 1_000);
        rec.body(Direction.CLIENT_TO_SERVER, "k", utf8("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\"}"), false, Map.of());
        clock.addAndGet(1_000);
        rec.sseData("k", "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}", Map.of()); // traffic goes on
        awaitCount(1);
        assertEquals(1, got.size());
        rec.close();
        assertEquals(2, got.size(), "close records what is queued at once");
    }

    @Test
    void body_sortsOutWhatIsNotJsonRpc() throws Exception {
        HttpRecording rec = recording(0, 0);
        rec.body(Direction.SERVER_TO_CLIENT, "k", utf8("{\"issuer\":\"https://auth\"}"), true, Map.of());
        rec.body(Direction.CLIENT_TO_SERVER, "k", new byte[] {(byte) 0xff, 0x7b}, false, Map.of());
        rec.sseData("k", "hello", Map.of());
        rec.body(Direction.CLIENT_TO_SERVER, "k", utf8("\uFEFF [{\"jsonrpc\":\"2.0\",\"method\":\"n\"}]"), false, Map.of());
        rec.close();
        assertEquals(List.of("UNPARSED body is not UTF-8", "UNPARSED not JSON", "[{\"jsonrpc\":\"2.0\",\"method\":\"n\"}]"), got);
    }
}
