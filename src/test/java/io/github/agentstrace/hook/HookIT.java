package io.github.agentstrace.hook;

import static io.github.agentstrace.hook.Fixtures.BACKGROUND;
import static io.github.agentstrace.hook.Fixtures.BACKGROUND_FILES;
import static io.github.agentstrace.hook.Fixtures.BG_SESSION;
import static io.github.agentstrace.hook.Fixtures.FG_AGENT;
import static io.github.agentstrace.hook.Fixtures.FG_SESSION;
import static io.github.agentstrace.hook.Fixtures.FOREGROUND;
import static io.github.agentstrace.hook.Fixtures.FOREGROUND_FILES;
import static io.github.agentstrace.hook.Fixtures.eventOf;
import static io.github.agentstrace.hook.Fixtures.events;
import static io.github.agentstrace.hook.Fixtures.payload;
import static io.github.agentstrace.hook.Fixtures.types;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.store.TraceStore;
import io.github.agentstrace.testsupport.TestJar;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real jar, one process per hook, fed Claude Code's real payloads. */
class HookIT {
    @TempDir
    Path dir;

    private Path traces() {
        return dir.resolve("traces");
    }

    /** A started hook process, its stdin already written in a background thread (null: left open). */
    private final class Hook {
        final Process process;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final Thread feeder;
        final Thread outReader;
        final Thread errReader;

        Hook(byte[] stdin, String... args) throws IOException {
            this(Map.of(), stdin, args);
        }

        Hook(Map<String, String> env, byte[] stdin, String... args) throws IOException {
            String jar = TestJar.path().toString();
            List<String> cmd = new ArrayList<>(List.of(TestJar.java(),
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar, "hook"));
            cmd.addAll(Arrays.asList(args));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
            pb.environment().put("AGENT_TRACE_DIR", traces().toString());
            pb.environment().remove("CLAUDE_PROJECT_DIR");
            pb.environment().putAll(env);
            process = pb.start();
            feeder = stdin == null ? null : pump(new java.io.ByteArrayInputStream(stdin), process.getOutputStream(), true);
            outReader = pump(process.getInputStream(), out, false);
            errReader = pump(process.getErrorStream(), err, false);
        }

        void finish() throws Exception {
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "hook did not finish");
            if (feeder != null) {
                feeder.join();
            }
            outReader.join();
            errReader.join();
            assertEquals(0, process.exitValue());
            assertEquals("", out.toString(StandardCharsets.UTF_8), "stdout must stay empty");
            assertEquals("", err.toString(StandardCharsets.UTF_8), "stderr must stay empty");
        }
    }

    private static Thread pump(InputStream in, OutputStream out, boolean closeOut) {
        Thread t = new Thread(() -> {
            try (in) {
                in.transferTo(out);
                if (closeOut) {
                    out.close();
                }
            } catch (IOException e) {
                if (!closeOut) {
                    throw new UncheckedIOException(e);
                }
                // the hook may exit before taking all of an oversized stdin only if it is broken: the test sees it
            }
        });
        t.start();
        return t;
    }

    private void run(byte[] stdin, String... args) throws Exception {
        new Hook(stdin, args).finish();
    }

    private void run(String stdin, String... args) throws Exception {
        run(stdin.getBytes(StandardCharsets.UTF_8), args);
    }

    private static String toolPayload(String session, String event, String tool, String id, String extra) {
        return "{\"session_id\":\"" + session + "\",\"hook_event_name\":\"" + event + "\",\"tool_name\":\"" + tool
                + "\",\"tool_input\":{\"command\":\"sleep\"},\"tool_use_id\":\"" + id + "\"" + extra + "}";
    }

    @Test
    void hook_wholeSession_withParallelCallsMcpFailureAndSubagent() throws Exception {
        // The real foreground session, with four parallel Bash calls and an MCP call inserted after the prompt.
        List<String> files = FOREGROUND_FILES;
        for (String f : files.subList(0, 2)) {
            run(payload(FOREGROUND, f), eventOf(f));
        }
        String sid = "ec60f27c-f718-4d00-a880-69b530d31d3e";
        List<Hook> pres = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            pres.add(new Hook(toolPayload(sid, "PreToolUse", "Bash", "toolu_par" + i, "")
                    .getBytes(StandardCharsets.UTF_8), "pre-tool"));
        }
        for (Hook h : pres) {
            h.finish();
        }
        List<Hook> posts = new ArrayList<>();
        for (int i = 4; i >= 1; i--) {
            posts.add(new Hook(toolPayload(sid, "PostToolUse", "Bash", "toolu_par" + i,
                    ",\"tool_response\":{\"stdout\":\"par" + i + "\",\"stderr\":\"\"},\"duration_ms\":" + (10 * i))
                    .getBytes(StandardCharsets.UTF_8), "post-tool"));
        }
        for (Hook h : posts) {
            h.finish();
        }
        run(toolPayload(sid, "PreToolUse", "mcp__server__tool", "toolu_mcp", ""), "PreToolUse");
        run(toolPayload(sid, "PostToolUse", "mcp__server__tool", "toolu_mcp",
                ",\"tool_response\":[{\"type\":\"text\",\"text\":\"from mcp\"}]"), "PostToolUse");
        for (String f : files.subList(2, files.size())) {
            run(payload(FOREGROUND, f), eventOf(f));
        }

        TraceStore store = new TraceStore(traces());
        List<TraceEvent> main = events(store, FG_SESSION);
        Map<String, String> callIds = new HashMap<>();
        for (TraceEvent e : main) {
            if (e.type().equals("tool_call")) {
                callIds.put((String) e.data().get("tool_use_id"), e.eventId());
            }
        }
        int results = 0;
        for (TraceEvent e : main) {
            if (e.type().equals("tool_result") || e.type().equals("error")) {
                results++;
                assertEquals(callIds.get((String) e.data().get("tool_use_id")), e.parentId(), e.toString());
            }
        }
        assertEquals(12, results);
        for (int i = 1; i <= 4; i++) {
            for (TraceEvent e : main) {
                if (e.type().equals("tool_result") && ("toolu_par" + i).equals(e.data().get("tool_use_id"))) {
                    assertEquals("par" + i, e.data().get("result"));
                    assertEquals(10.0 * i, e.durationMs());
                }
            }
        }
        TraceEvent mcp = main.stream().filter(e -> e.type().equals("tool_result")
                && "toolu_mcp".equals(e.data().get("tool_use_id"))).findFirst().orElseThrow();
        assertEquals("from mcp", mcp.data().get("result"));
        assertEquals("server", mcp.data().get("mcp_server"));

        SessionMeta meta = store.readMeta(FG_SESSION);
        assertEquals(12, meta.toolCalls(), "counters stay right under parallel hooks");
        assertEquals(1, meta.errors());
        assertNotNull(meta.endedAt());
        assertEquals("session_start", main.get(0).type());
        assertEquals("session_end", main.get(main.size() - 1).type());

        SessionMeta child = store.readMeta(FG_AGENT);
        assertEquals(FG_SESSION, child.parentSessionId());
        assertEquals(callIds.get("toolu_fake0t5k0_5a63d9a3ac81"), child.parentEventId());
        assertEquals(1, child.depth());
        assertEquals(List.of("session_start", "tool_call", "tool_result", "assistant_response", "session_end"),
                types(events(store, FG_AGENT)));
        assertFalse(Files.exists(traces().resolve("hook-errors.log")), "no errors were logged");
    }

    @Test
    void hook_twoInterleavedSessionsInOneDirectory_andResume() throws Exception {
        for (int i = 0; i < 5; i++) {
            String fg = FOREGROUND_FILES.get(i);
            String bg = BACKGROUND_FILES.get(i);
            Hook a = new Hook(payload(FOREGROUND, fg).getBytes(StandardCharsets.UTF_8), eventOf(fg));
            Hook b = new Hook(payload(BACKGROUND, bg).getBytes(StandardCharsets.UTF_8), eventOf(bg));
            a.finish();
            b.finish();
        }
        String resume = payload(BACKGROUND, "01-SessionStart").replace("\"startup\"", "\"resume\"");
        run(resume, "session-start");
        TraceStore store = new TraceStore(traces());
        List<TraceEvent> fg = events(store, FG_SESSION);
        List<TraceEvent> bg = events(store, BG_SESSION);
        for (TraceEvent e : fg) {
            assertFalse(Json.write(e.data()).contains("16dd41"));
        }
        for (TraceEvent e : bg) {
            assertFalse(Json.write(e.data()).contains("c8a678"));
        }
        assertEquals(2, store.readMeta(FG_SESSION).toolCalls());
        assertEquals(2, store.readMeta(BG_SESSION).toolCalls(), "resume keeps the counters");
        TraceEvent last = bg.get(bg.size() - 1);
        assertEquals("session_start", last.type());
        assertEquals("resume", last.data().get("source"));
        assertEquals(2, types(bg).stream().filter("session_start"::equals).count());
    }

    @Test
    void hook_eventsFileLinkedElsewhere_leavesTheOtherFileAsItWasAndLogsWhy() throws Exception {
        String sid = "link-session";
        run(toolPayload(sid, "PreToolUse", "Bash", "toolu_1", ""), "pre-tool");
        Path other = dir.resolve("other.txt");
        Files.writeString(other, "not a trace\n");
        Path events = traces().resolve(sid).resolve("events.ndjson");
        Files.delete(events);
        Files.createSymbolicLink(events, other);

        run(toolPayload(sid, "PreToolUse", "Bash", "toolu_2", ""), "pre-tool");

        assertEquals("not a trace\n", Files.readString(other), "the hook wrote through the link");
        String log = Files.readString(traces().resolve("hook-errors.log"));
        assertTrue(log.contains(events + " is a symbolic link"), log);
        assertEquals(1, log.lines().count(), log);
    }

    @Test
    void hook_stoppedByItsTimeoutWhileStdinStaysOpen_logsOneLineSayingSo() throws Exception {
        Hook h = new Hook(Map.of("AGENT_STRACE_HOOK_TIMEOUT_MS", "300"), null, "pre-tool");
        try {
            h.finish(); // only the watchdog can end it: stdin is never closed
        } finally {
            h.process.getOutputStream().close();
        }
        List<String> lines = Files.readAllLines(traces().resolve("hook-errors.log"));
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z pre-tool stopped after 300 ms "
                + "\\(AGENT_STRACE_HOOK_TIMEOUT_MS\\): stdin was not closed, so the payload never ended; nothing recorded"),
                lines.get(0));
    }

    @Test
    void hook_stoppedByItsTimeoutWhileTheEventsFileStaysLocked_logsOneLineSayingSo() throws Exception {
        String sid = "locked-session";
        run(toolPayload(sid, "PreToolUse", "Bash", "toolu_1", ""), "pre-tool");
        Path events = traces().resolve(sid).resolve("events.ndjson");
        long before = Files.size(events);
        try (FileChannel ch = FileChannel.open(events, StandardOpenOption.WRITE);
             FileLock held = ch.lock()) {
            new Hook(Map.of("AGENT_STRACE_HOOK_TIMEOUT_MS", "3000"),
                    toolPayload(sid, "PreToolUse", "Bash", "toolu_2", "").getBytes(StandardCharsets.UTF_8), "pre-tool")
                    .finish();
            assertTrue(held.isValid());
        }
        assertEquals(before, Files.size(events), "the blocked append never happened");
        List<String> lines = Files.readAllLines(traces().resolve("hook-errors.log"));
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).endsWith(" pre-tool stopped after 3000 ms (AGENT_STRACE_HOOK_TIMEOUT_MS): recording did"
                + " not finish (a lock or the disk did not answer); the event may be missing"), lines.get(0));
    }

    @Test
    void hook_everyBadInput_exitsZeroWithEmptyOutput() throws Exception {
        byte[] garbage = new byte[4096];
        new Random(3).nextBytes(garbage);
        String huge = "{\"session_id\":\"big-session\",\"hook_event_name\":\"PostToolUse\",\"tool_name\":\"Read\","
                + "\"tool_use_id\":\"t\",\"tool_response\":{\"content\":\"" + "z".repeat(5 * 1024 * 1024) + "\"},"
                + "\"some_future_field\":{\"nested\":[1,2,{\"x\":null}]}}";
        run(new byte[0], "pre-tool");
        run("{\"session_id\": \"abc\", ", "pre-tool");
        run("[{\"session_id\":\"abc\"}]", "pre-tool");
        run(garbage, "pre-tool");
        run(huge, "post-tool");
        run("{\"session_id\":\"abc-2\",\"prompt\":\"x\"}", "no-such-event");
        run("{\"session_id\":\"../../outside\",\"hook_event_name\":\"UserPromptSubmit\",\"prompt\":\"x\"}", "user-prompt");
        run("{\"session_id\":\"abc-3\",\"hook_event_name\":\"UserPromptSubmit\",\"prompt\":\"x\"}");

        assertFalse(Files.exists(dir.resolve("outside")));
        assertFalse(Files.exists(traces().resolve("abc-2")), "unknown events are ignored");
        assertTrue(Files.exists(traces().resolve("abc-3/meta.json")), "the payload's event name is enough");
        TraceStore store = new TraceStore(traces());
        TraceEvent big = events(store, "big-session").get(1);
        String result = (String) big.data().get("result");
        assertTrue(result.length() < 20_000, "5 MB response capped: " + result.length());
        assertTrue(result.contains("[truncated by agent-strace: "), result.substring(result.length() - 80));
        String log = Files.readString(traces().resolve("hook-errors.log"));
        assertTrue(log.contains("empty stdin"), log);
        assertTrue(log.contains("not JSON"), log);
        assertTrue(log.contains("not an object"), log);
        assertTrue(log.contains("unusable session_id"), log);
        assertEquals(5, log.lines().count(), log);
    }
}
