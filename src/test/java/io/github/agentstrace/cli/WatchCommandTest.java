package io.github.agentstrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.Clock;
import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.store.SessionWriter;
import io.github.agentstrace.store.TraceStore;
import io.github.agentstrace.term.ColorMode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code watch}: every rule on a recorded session ({@code --once}), a session appended to while watched, the actions. */
@Timeout(120)
class WatchCommandTest {
    private static final String SID = "watch-1";
    private static final double T0 = 1_800_000_000.0;

    @TempDir
    Path dir;
    private TraceStore store;
    private SessionWriter writer;
    private final AtomicInteger ids = new AtomicInteger();
    private double time = T0;

    @BeforeEach
    void session() {
        store = new TraceStore(dir.resolve(".agent-traces"));
        store.create(SessionMeta.start(SID, T0, "claude-code", "test"), Redactor.standard());
        writer = store.writer(SID, Redactor.standard());
        Map<String, Object> start = new LinkedHashMap<>();
        start.put("cwd", dir.toString());
        append(EventType.SESSION_START, null, start);
    }

    private String append(EventType type, String parent, Map<String, Object> data) {
        String id = String.format("%012x", ids.incrementAndGet());
        time += 1;
        writer.append(TraceEvent.of(type, time, id, SID, parent, null, data));
        return id;
    }

    private void bash(String command, boolean fails) {
        String call = append(EventType.TOOL_CALL, null, Map.of("tool_name", "Bash", "arguments", Map.of("command", command)));
        if (fails) {
            append(EventType.ERROR, call, Map.of("tool_name", "Bash", "error", "Exit code 1"));
        } else {
            append(EventType.TOOL_RESULT, call, Map.of("tool_name", "Bash", "result", "ok"));
        }
    }

    private void turn(long in, long out) {
        String req = append(EventType.LLM_REQUEST, null, Map.of("model", "m"));
        append(EventType.LLM_RESPONSE, req, Map.of("model", "m", "input_tokens", in, "output_tokens", out));
    }

    private CliHarness.Result watch(String... args) {
        List<String> argv = new ArrayList<>(List.of("watch"));
        argv.addAll(List.of(args));
        return CliHarness.once(dir, Map.of("HOME", dir.toString()), new byte[0], argv.toArray(String[]::new));
    }

    private static List<String> rules(String out) {
        List<String> r = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isEmpty()) {
                r.add(line.substring(line.lastIndexOf('[') + 1, line.length() - 1));
            }
        }
        return r;
    }

    @Test
    void once_everyCallRuleFiresOnceAtTheEventThatBreaksIt() throws Exception {
        bash("npm test", true);          // events 2, 3
        bash("npm test", true);          // 4, 5: a retry
        bash("npm test", true);          // 6, 7: the second retry, the third failure in a row, the third same call
        bash("rm -rf build", false);     // 8, 9
        bash("npm test", true);          // 10, 11: more of the same fires nothing new
        Files.createDirectories(dir.resolve(".agent-strace"));
        Files.writeString(dir.resolve(".agent-strace/policy.json"), "{\"commands\": {\"deny\": [\"rm -rf\"]}}");
        CliHarness.Result r = watch("--once", "--max-retries", "2", "--max-errors", "3", "--max-loop", "3");
        assertEquals(1, r.status(), r.err());
        assertEquals(List.of("max-errors", "max-retries", "max-loop", "policy"), rules(r.out()), r.out());
        assertTrue(r.out().contains("session watch-1 event #7: 3 failed calls in a row [max-errors]"), r.out());
        assertTrue(r.out().contains("event #8: a call breaks the policy: it runs \"rm -rf build\", which commands.deny"),
                r.out());

        Files.delete(dir.resolve(".agent-strace/policy.json"));
        r = watch("--once", "--max-retries", "5", "--max-errors", "4", "--max-loop", "5");
        assertEquals(0, r.status(), r.out() + r.err());
        assertEquals("", r.out());
    }

    @Test
    void once_tokensFromTheTurnsAndARulesFile() throws Exception {
        turn(400, 100);
        turn(400, 200);
        Files.writeString(dir.resolve("rules.json"), "{\"max_tokens\": 1000}");
        CliHarness.Result r = watch("--once", "--rules", "rules.json");
        assertEquals(1, r.status(), r.err());
        assertTrue(r.out().contains("1,100 tokens used, the limit is 1,000 [max-tokens]"), r.out());
        assertEquals(0, watch("--once", "--rules", "rules.json", "--max-tokens", "2000").status(), "flags win");

        Files.writeString(dir.resolve("bad.json"), "{\"max_tokenz\": 1}");
        r = watch("--once", "--rules", "bad.json");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("unknown key $.max_tokenz"), r.err());
        assertEquals(2, watch("--once").status(), "no rule is a usage error");
        assertEquals(2, watch("--once", "--max-errors", "1", "--pid", "5").status());
    }

    /** Lines written to stdout, as they come. */
    private static final class Lines extends OutputStream {
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final ByteArrayOutputStream current = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                lines.add(current.toString(StandardCharsets.UTF_8));
                current.reset();
            } else {
                current.write(b);
            }
        }

        String next() throws InterruptedException {
            String line = lines.poll(60, TimeUnit.SECONDS);
            assertNotNull(line, "no alert within a minute");
            return line;
        }
    }

    /** A clock the test moves. */
    private static final class TestClock implements Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.ofEpochSecond((long) T0));

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }
    }

    @Test
    void live_alertsAsTheSessionGrows_theClockDrivesDuration_andTheEndEndsTheWatch() throws Exception {
        Lines out = new Lines();
        TestClock clock = new TestClock();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Context ctx = new Context(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("HOME", dir.toString()), dir, clock, null,
                ColorMode.NEVER, false);
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> new Main().run(
                List.of("watch", SID, "--max-errors", "2", "--max-duration", "3600"), ctx));
        bash("mvn -q test", true);
        bash("mvn -q test", true);
        assertTrue(out.next().endsWith("2 failed calls in a row [max-errors]"));
        clock.now.set(Instant.ofEpochSecond((long) T0 + 7200));
        String line = out.next();
        assertTrue(line.endsWith("running for 2h00m, the limit is 1h00m [max-duration]"), "the watcher's clock: " + line);
        assertFalse(status.isDone(), "watching until the session ends");
        append(EventType.SESSION_END, null, Map.of("duration_ms", 1000.0));
        assertEquals(1, status.get(60, TimeUnit.SECONDS), err.toString(StandardCharsets.UTF_8));
        assertTrue(out.lines.isEmpty());
    }

    @Test
    void actions_execWebhookAndStop() throws Exception {
        bash("make", true);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        CompletableFuture<String> posted = new CompletableFuture<>();
        server.createContext("/hook", ex -> {
            posted.complete(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.start();
        Process agent = new ProcessBuilder("sleep", "300").start();
        try {
            Path got = dir.resolve("alert.json");
            CliHarness.Result r = watch("--once", "--max-errors", "1", "--exec", "cp /dev/stdin " + got,
                    "--webhook", "http://127.0.0.1:" + server.getAddress().getPort() + "/hook",
                    "--stop", "--pid", Long.toString(agent.pid()), "--grace", "5");
            assertEquals(1, r.status(), r.err());
            Map<String, Object> alert = Json.asObject(Json.parse(Files.readAllBytes(got)));
            assertEquals("max-errors", alert.get("rule"));
            assertEquals(SID, alert.get("session_id"));
            Map<String, Object> body = Json.asObject(Json.parse(posted.get(30, TimeUnit.SECONDS).getBytes(StandardCharsets.UTF_8)));
            assertTrue(String.valueOf(body.get("text")).contains("1 failed calls in a row"), body.toString());
            assertTrue(agent.waitFor(30, TimeUnit.SECONDS), "the agent was stopped");
            assertEquals(143, agent.exitValue(), "by SIGTERM");
            assertTrue(r.err().contains("stopped process " + agent.pid() + " (SIGTERM)"), r.err());
        } finally {
            agent.destroyForcibly();
            server.stop(0);
        }
    }
}
