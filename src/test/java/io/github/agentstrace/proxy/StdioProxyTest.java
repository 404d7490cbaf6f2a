package io.github.agentstrace.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.agentstrace.model.Clock;
import io.github.agentstrace.model.Ids;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.store.TraceStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The proxy in-process, with POSIX tools as scripted fake servers (no shell is used by the proxy itself). */
@Timeout(60)
class StdioProxyTest {
    @TempDir
    Path dir;
    final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    @BeforeAll
    static void posixTools() {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh, cat, head, sleep");
    }

    private StdioProxy.Result run(List<String> command, InputStream in, OutputStream out, StdioProxy.Settings tweak)
            throws InterruptedException {
        StdioProxy.Settings settings = new StdioProxy.Settings(command, tweak.agentName(), tweak.workingDir(),
                tweak.quiet(), tweak.live(), tweak.eofGraceMillis(), tweak.killGraceMillis(), tweak.queueBytes(),
                tweak.handleSignals(), tweak.gate());
        StdioProxy proxy = new StdioProxy(settings, new TraceStore(dir.resolve("traces")), Redactor.standard(),
                Ids.secure(), Clock.system(), err);
        return proxy.run(in, out);
    }

    private StdioProxy.Settings settings(String... command) {
        return StdioProxy.Settings.of(List.of(command), "test").withSignals(false).withGraces(5000, 300)
                .withWorkingDir(dir);
    }

    private List<TraceEvent> events(String sessionId) {
        return new TraceStore(dir.resolve("traces")).reader(sessionId, w -> { }).events().toList();
    }

    private TraceEvent last(String sessionId) {
        List<TraceEvent> ev = events(sessionId);
        return ev.get(ev.size() - 1);
    }

    /** Random frames of every kind real and broken peers send, as one byte stream. */
    static byte[] mixedTraffic(long seed, boolean withHuge) {
        Random r = new Random(seed);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < 300; i++) {
            switch (r.nextInt(8)) {
                case 0 -> b.writeBytes(("{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"tools/call\",\"params\":{\"name\":\"t"
                        + i + "\",\"arguments\":{\"s\":\"héllo ✓ 🌍 " + i + "\"}}}\n").getBytes(StandardCharsets.UTF_8));
                case 1 -> {
                    byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":\"c" + i + "\",\"method\":\"ping\"}").getBytes(StandardCharsets.UTF_8);
                    b.writeBytes(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    b.writeBytes(body);
                }
                case 2 -> b.writeBytes(("[{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":1,\"progress\":"
                        + i + "}},{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"result\":{}}]\r\n").getBytes(StandardCharsets.UTF_8));
                case 3 -> b.writeBytes("\n\n  \r\n".getBytes(StandardCharsets.US_ASCII));
                case 4 -> b.writeBytes("junk that is not json at all\n".getBytes(StandardCharsets.US_ASCII));
                case 5 -> b.writeBytes(new byte[] {'{', '"', 'x', '"', ':', '"', (byte) 0xff, (byte) 0xc0, '"', '}', '\n'});
                case 6 -> {
                    byte[] noise = new byte[r.nextInt(300)];
                    r.nextBytes(noise);
                    b.writeBytes(noise);
                    b.write('\n');
                }
                default -> b.writeBytes("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"level\":\"info\",\"data\":\"日本語\"}}\n"
                        .getBytes(StandardCharsets.UTF_8));
            }
            if (withHuge && i == 150) {
                String big = "x".repeat(10 * 1024 * 1024);
                b.writeBytes(("{\"jsonrpc\":\"2.0\",\"id\":\"huge\",\"method\":\"tools/call\",\"params\":{\"name\":\"big\",\"arguments\":{\"data\":\""
                        + big + "\"}}}\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
        b.writeBytes("{\"jsonrpc\":\"2.0\",\"id\":999,\"method\":\"tail-without-newline\"".getBytes(StandardCharsets.US_ASCII));
        return b.toByteArray();
    }

    @Test
    void run_serverReceivesExactlyTheClientsBytes() throws Exception {
        byte[] sent = mixedTraffic(1, true);
        Path received = dir.resolve("received.bin");
        StdioProxy.Result r = run(List.of("sh", "-c", "cat > \"$0\"", received.toString()),
                new ByteArrayInputStream(sent), new ByteArrayOutputStream(), settings());
        assertEquals(0, r.exitCode());
        assertArrayEquals(sent, Files.readAllBytes(received));
        List<TraceEvent> ev = events(r.sessionId());
        assertTrue(ev.stream().anyMatch(e -> "big".equals(e.data().get("tool_name"))), "the 10 MB call is recorded");
        assertTrue(ev.stream().anyMatch(e -> "invalid UTF-8".equals(e.data().get("message"))));
        assertTrue(ev.stream().anyMatch(e -> String.valueOf(e.data().get("message")).startsWith("incomplete frame at end")));
        assertTrue(ev.stream().anyMatch(e -> "content-length".equals(
                io.github.agentstrace.json.Json.asObject(e.data().get("transport")).get("framing"))));
        assertEquals("session_end", last(r.sessionId()).type());
    }

    @Test
    void run_clientReceivesExactlyTheServersBytes() throws Exception {
        byte[] sent = mixedTraffic(2, true);
        Path file = dir.resolve("server-says.bin");
        Files.write(file, sent);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        StdioProxy.Result r = run(List.of("cat", file.toString()), new ByteArrayInputStream(new byte[0]), got, settings());
        assertEquals(0, r.exitCode());
        assertArrayEquals(sent, got.toByteArray());
        SessionMeta meta = r.meta();
        assertTrue(meta.toolCalls() > 10, "tool calls counted: " + meta.toolCalls());
        assertTrue(meta.finished());
    }

    @Test
    void run_echoServerRoundTripsEveryByte() throws Exception {
        byte[] sent = mixedTraffic(3, false);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        StdioProxy.Result r = run(List.of("cat"), new ByteArrayInputStream(sent), got, settings());
        assertEquals(0, r.exitCode());
        assertArrayEquals(sent, got.toByteArray());
    }

    @Test
    void run_marksTheSessionAliveAndKeepsMetaCurrentUntilTheEnd() throws Exception {
        java.io.PipedOutputStream client = new java.io.PipedOutputStream();
        java.io.PipedInputStream in = new java.io.PipedInputStream(client, 1 << 16);
        java.util.concurrent.ExecutorService ex = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.Future<StdioProxy.Result> running = ex.submit(
                    () -> run(List.of("cat"), in, new ByteArrayOutputStream(), settings()));
            client.write("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"t\"}}\n"
                    .getBytes(StandardCharsets.UTF_8));
            client.flush();
            TraceStore store = new TraceStore(dir.resolve("traces"));
            // cat sends the call back, so both directions carry one: two tool calls, counted while running.
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            List<SessionMeta> sessions = store.list(w -> { });
            while ((sessions.isEmpty() || sessions.get(0).toolCalls() < 2) && System.nanoTime() < deadline) {
                Thread.sleep(10);
                sessions = store.list(w -> { });
            }
            SessionMeta live = sessions.get(0);
            assertEquals(2, live.toolCalls(), "meta.json counters current while the proxy runs");
            assertEquals(null, live.endedAt());
            assertEquals(io.github.agentstrace.store.RecorderState.ALIVE, store.recorder(live.sessionId()));
            client.close();
            StdioProxy.Result r = running.get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(live.sessionId(), r.sessionId());
            assertEquals(2, r.meta().toolCalls(), "the final flush does not count twice");
            assertEquals(io.github.agentstrace.store.RecorderState.GONE, store.recorder(r.sessionId()));
        } finally {
            ex.shutdownNow();
        }
    }

    @Test
    void run_returnsTheServersExitCode() throws Exception {
        StdioProxy.Result r = run(List.of("sh", "-c", "exit 7"), new ByteArrayInputStream(new byte[0]),
                new ByteArrayOutputStream(), settings());
        assertEquals(7, r.exitCode());
        assertEquals(7, ((Number) last(r.sessionId()).data().get("exit_code")).intValue());
    }

    @Test
    void run_missingCommandIs127AndStillRecorded() throws Exception {
        StdioProxy.Result r = run(List.of("no-such-command-agent-strace"), new ByteArrayInputStream(new byte[0]),
                new ByteArrayOutputStream(), settings("no-such-command-agent-strace"));
        assertEquals(127, r.exitCode());
        String stderr = errBytes.toString(StandardCharsets.UTF_8);
        assertTrue(stderr.contains("agent-strace record: cannot run 'no-such-command-agent-strace': command not found"), stderr);
        List<TraceEvent> ev = events(r.sessionId());
        assertEquals(List.of("session_start", "error", "session_end"), ev.stream().map(TraceEvent::type).toList());
        assertEquals("start_failed", ev.get(1).data().get("error_type"));
        assertEquals(127, ((Number) ev.get(2).data().get("exit_code")).intValue());
        assertEquals(1, r.meta().errors());
    }

    @Test
    void run_notExecutableIs126() throws Exception {
        Path script = dir.resolve("server.sh");
        Files.writeString(script, "#!/bin/sh\necho hi\n");
        StdioProxy.Result r = run(List.of(script.toString()), new ByteArrayInputStream(new byte[0]),
                new ByteArrayOutputStream(), settings(script.toString()));
        assertEquals(126, r.exitCode());
        assertTrue(errBytes.toString(StandardCharsets.UTF_8).contains("permission denied"), errBytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void run_serverCrashMidMessage() throws Exception {
        // The server reads the call before it starts answering, as a real one does: the proxy queues a copy
        // of what it forwards before forwarding it, so the call is recorded however late the pump runs.
        String script = "read -r call; printf '{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"hal'; kill -9 $$";
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] request = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"t\"}}\n".getBytes(StandardCharsets.UTF_8);
        StdioProxy.Result r = run(List.of("sh", "-c", script), new ByteArrayInputStream(request), got, settings());
        assertEquals(137, r.exitCode());
        assertTrue(got.toString(StandardCharsets.UTF_8).endsWith("\"text\":\"hal"), "partial bytes still forwarded");
        List<TraceEvent> ev = events(r.sessionId());
        assertTrue(ev.stream().anyMatch(e -> String.valueOf(e.data().get("message")).startsWith("incomplete frame at end of stream")));
        assertTrue(ev.stream().anyMatch(e -> "unanswered".equals(e.data().get("error_type"))), "the call is recorded unanswered");
        assertEquals(137, ((Number) last(r.sessionId()).data().get("exit_code")).intValue());
    }

    @Test
    void run_clientDisconnectKeepsDrainingTheServer() throws Exception {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        // 300 kB: more than a pipe holds, so a proxy that stopped reading would hang the server.
        StdioProxy.Result r = run(List.of("sh", "-c", "yes '{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\"}' | head -n 6000"),
                new ByteArrayInputStream(new byte[0]), broken, settings());
        assertEquals(0, r.exitCode());
        TraceEvent end = last(r.sessionId());
        assertEquals(true, end.data().get("client_disconnected"));
        assertEquals(true, end.data().get("client_eof"));
    }

    @Test
    void run_serverIgnoringEofIsTerminatedAfterTheGrace() throws Exception {
        long t0 = System.nanoTime();
        StdioProxy.Result r = run(List.of("sleep", "30"), new ByteArrayInputStream(new byte[0]),
                new ByteArrayOutputStream(), settings().withGraces(300, 300));
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).toSeconds() < 10);
        assertEquals(143, r.exitCode());
        assertEquals("TERM", last(r.sessionId()).data().get("terminated_by_proxy"));
    }

    @Test
    void run_serverIgnoringTermIsKilledAndAGrandchildHoldingStdoutDoesNotHang() throws Exception {
        long t0 = System.nanoTime();
        // The grandchild outlives the test by far, so a proxy that waited for it could not pass on a slow machine.
        StdioProxy.Result r = run(List.of("sh", "-c", "trap '' TERM; sleep 40; echo late"),
                new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), settings().withGraces(300, 300));
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).toSeconds() < 30, "did not wait for the grandchild");
        assertEquals(137, r.exitCode());
        assertEquals("KILL", last(r.sessionId()).data().get("terminated_by_proxy"));
    }

    @Test
    void run_serverThatNeverReadsStdinDoesNotHangTheProxy() throws Exception {
        byte[] lots = new byte[4 * 1024 * 1024];
        java.util.Arrays.fill(lots, (byte) 'a');
        StdioProxy.Result r = run(List.of("sleep", "1"), new ByteArrayInputStream(lots), new ByteArrayOutputStream(), settings());
        assertEquals(0, r.exitCode());
        assertEquals("session_end", last(r.sessionId()).type());
    }

    @Test
    void run_stderrFloodPassesThroughUntouched() throws Exception {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        StdioProxy.Result r = run(List.of("sh", "-c",
                        "head -c 3000000 /dev/zero | tr '\\0' e >&2; printf '{\"jsonrpc\":\"2.0\",\"method\":\"done\"}\\n'"),
                new ByteArrayInputStream(new byte[0]), got, settings().withQuiet(true));
        assertEquals(0, r.exitCode());
        assertEquals(3_000_000, errBytes.size());
        assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"done\"}\n", got.toString(StandardCharsets.UTF_8));
    }

    @Test
    void run_fullRecordingQueueNeverBlocksForwardingAndIsNoted() throws Exception {
        byte[] sent = mixedTraffic(4, true);
        Path file = dir.resolve("server-says.bin");
        Files.write(file, sent);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        StdioProxy.Result r = run(List.of("cat", file.toString()), new ByteArrayInputStream(new byte[0]), got,
                settings().withQueueBytes(64 * 1024));
        assertArrayEquals(sent, got.toByteArray());
        List<TraceEvent> ev = events(r.sessionId());
        TraceEvent end = ev.get(ev.size() - 1);
        assertTrue(((Number) end.data().get("unrecorded_bytes")).longValue() > 0);
        assertTrue(ev.stream().anyMatch(e -> String.valueOf(e.data().get("message")).startsWith("recording gap: ")));
    }

    @Test
    void run_liveSeesEveryEventAndQuietPrintsNothing() throws Exception {
        List<TraceEvent> live = new ArrayList<>();
        byte[] request = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\n".getBytes(StandardCharsets.UTF_8);
        StdioProxy.Result r = run(List.of("cat"), new ByteArrayInputStream(request), new ByteArrayOutputStream(),
                settings().withQuiet(true).withLive(live::add));
        assertEquals(events(r.sessionId()).size(), live.size());
        assertEquals(0, errBytes.size());
    }

    @Test
    void run_writesPeerInfoBesideMeta() throws Exception {
        String init = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\",\"clientInfo\":{\"name\":\"c\",\"version\":\"9\"}}}\n";
        StdioProxy.Result r = run(List.of("cat"), new ByteArrayInputStream(init.getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream(), settings());
        Path info = dir.resolve("traces").resolve(r.sessionId()).resolve(StdioProxy.MCP_INFO_FILE);
        Map<String, Object> m = io.github.agentstrace.json.Json.asObject(io.github.agentstrace.json.Json.parse(Files.readAllBytes(info)));
        assertEquals("2025-11-25", m.get("protocol_version"));
    }

    @Test
    void run_unusableTraceDirectoryStillRunsTheServer() throws Exception {
        Path notADir = Files.writeString(dir.resolve("traces"), "a file where the trace directory should be");
        String ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\n";
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        StdioProxy.Result r = run(List.of("cat"), new ByteArrayInputStream(ping.getBytes(StandardCharsets.UTF_8)), got,
                settings().withQuiet(true));
        assertEquals(0, r.exitCode());
        assertEquals(null, r.sessionId());
        assertEquals(ping, got.toString(StandardCharsets.UTF_8));
        assertTrue(errBytes.toString(StandardCharsets.UTF_8).contains("running the server unrecorded"));
        assertTrue(Files.isRegularFile(notADir));
    }
}
