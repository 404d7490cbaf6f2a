package io.github.agentstrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HookCommandTest {
    private static final String PROMPT = "{\"session_id\":\"abc-1\",\"hook_event_name\":\"UserPromptSubmit\",\"prompt\":\"hi\"}";

    @TempDir
    Path dir;

    private CliHarness.Result hook(Map<String, String> env, String stdin, String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = "hook";
        System.arraycopy(args, 0, argv, 1, args.length);
        return CliHarness.once(dir, env, stdin.getBytes(StandardCharsets.UTF_8), argv);
    }

    @Test
    void hook_badInput_exitsZeroSilentlyAndLogs() throws Exception {
        for (String bad : new String[] {"", "{nope", "[]", "{\"session_id\":\"../x\"}"}) {
            CliHarness.Result r = hook(Map.of(), bad, "pre-tool");
            assertEquals(0, r.status());
            assertEquals("", r.out());
            assertEquals("", r.err());
        }
        String log = Files.readString(dir.resolve(".agent-traces/hook-errors.log"));
        assertTrue(log.contains("pre-tool ignored: empty stdin"), log);
        assertTrue(log.contains("stdin is not JSON"), log);
        assertTrue(log.contains("not an object"), log);
        assertTrue(log.contains("unusable session_id"), log);
    }

    @Test
    void hook_unknownOptionOrNoEvent_isStillSilent() {
        CliHarness.Result r = hook(Map.of(), PROMPT, "user-prompt", "--future-flag");
        assertEquals(0, r.status());
        assertEquals("", r.out() + r.err());
        r = hook(Map.of(), PROMPT);
        assertEquals(0, r.status());
        assertEquals("", r.out() + r.err());
        // The payload names the event, so even without an argument the prompt is recorded.
        assertTrue(Files.exists(dir.resolve(".agent-traces/abc-1/events.ndjson")));
    }

    @Test
    void hook_traceDir_prefersFlagThenEnvThenProjectDir() {
        hook(Map.of("CLAUDE_PROJECT_DIR", dir.resolve("proj").toString()), PROMPT, "user-prompt");
        assertTrue(Files.exists(dir.resolve("proj/.agent-traces/abc-1/meta.json")));
        hook(Map.of("CLAUDE_PROJECT_DIR", dir.resolve("proj").toString(), "AGENT_TRACE_DIR", "envdir"), PROMPT,
                "user-prompt");
        assertTrue(Files.exists(dir.resolve("envdir/abc-1/meta.json")));
        hook(Map.of("AGENT_TRACE_DIR", "envdir"), PROMPT, "user-prompt", "--trace-dir", "flagdir");
        assertTrue(Files.exists(dir.resolve("flagdir/abc-1/meta.json")));
    }

    @Test
    void hook_noRedact_recordsRedactionOff() throws Exception {
        hook(Map.of(), PROMPT, "user-prompt", "--no-redact");
        assertTrue(Files.readString(dir.resolve(".agent-traces/abc-1/events.ndjson")).contains("\"redaction\":\"off\""));
    }

    @Test
    void hook_unwritableTraceDir_isStillSilent() throws Exception {
        Path file = dir.resolve("not-a-dir");
        Files.writeString(file, "x");
        CliHarness.Result r = hook(Map.of("AGENT_TRACE_DIR", file.toString()), PROMPT, "user-prompt");
        assertEquals(0, r.status());
        assertEquals("", r.out() + r.err());
    }

    private static String preTool(String toolUseId) {
        return "{\"session_id\":\"abc-1\",\"hook_event_name\":\"PreToolUse\",\"tool_name\":\"Bash\","
                + "\"tool_input\":{\"command\":\"ls\"},\"tool_use_id\":\"" + toolUseId + "\"}";
    }

    /** Everything under {@code top}: relative path → content (directories as "/"). */
    private static Map<String, String> snapshot(Path top) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(top)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                out.put(top.relativize(p).toString(), Files.isDirectory(p) ? "/" : Files.readString(p));
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc-1", "abc-1/events.ndjson", "abc-1/meta.json", "abc-1/.lock",
            "abc-1/.hook/pending/id-toolu_9", "hook-errors.log"})
    void hook_neverWritesThroughALinkInTheTraceDirectory_andSaysSo(String entry) throws Exception {
        Path traces = dir.resolve(".agent-traces");
        hook(Map.of(), PROMPT, "user-prompt");
        hook(Map.of(), preTool("toolu_0"), "pre-tool");
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("victim.txt"), "precious\n");
        Path link = traces.resolve(entry);
        if (Files.isDirectory(link)) {
            try (Stream<Path> all = Files.walk(link)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, entry.equals("abc-1") ? outside : outside.resolve("victim.txt"));
        Map<String, String> before = snapshot(outside);

        boolean logLinked = entry.equals("hook-errors.log");
        CliHarness.Result r = hook(Map.of(), logLinked ? "" : preTool("toolu_9"), "pre-tool");

        assertEquals(0, r.status());
        assertEquals("", r.out() + r.err());
        assertEquals(before, snapshot(outside), "the link's target changed");
        if (logLinked) {
            // Nowhere to say it: the hook stays silent rather than write through the link.
            assertTrue(Files.isSymbolicLink(traces.resolve("hook-errors.log")));
            assertFalse(Files.exists(traces.resolve("hook-errors.log.1")));
        } else {
            String log = Files.readString(traces.resolve("hook-errors.log"));
            assertTrue(log.contains(" pre-tool not recorded: " + link + " is a symbolic link; agent-strace does not"
                    + " follow links inside the trace directory (remove it)\n"), log);
        }
    }

    @Test
    void hook_errorLog_isRedactedAndStampedInIsoUtcWithMilliseconds() throws Exception {
        hook(Map.of(), "{\"session_id\":\"abc-1\",\"agent_id\":\"Bearer abc.def.ghi\","
                + "\"hook_event_name\":\"PreToolUse\",\"tool_name\":\"Bash\"}", "pre-tool");
        hook(Map.of(), "{\"session_id\":\"abc-1\",\"tool_input\":{\"AWS_SECRET_ACCESS_KEY="
                + "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\": x}}", "pre-tool");
        List<String> lines = Files.readAllLines(dir.resolve(".agent-traces/hook-errors.log"));
        assertEquals(2, lines.size(), lines.toString());
        // CliHarness.CLOCK stands at 1795480000 s.
        assertTrue(lines.get(0).startsWith("2026-11-24T00:26:40.000Z pre-tool ignored: unusable agent_id 'Bearer "),
                lines.get(0));
        assertFalse(lines.get(0).contains("abc.def.ghi"), lines.get(0));
        assertTrue(lines.get(0).contains("[REDACTED:"), lines.get(0));
        assertTrue(lines.get(1).contains("AWS_SECRET_ACCESS_KEY="), lines.get(1));
        assertFalse(lines.get(1).contains("wJalrXUtnFEMI"), lines.get(1));

        hook(Map.of(), "{\"session_id\":\"abc-2\",\"agent_id\":\"Bearer abc.def.ghi\","
                + "\"hook_event_name\":\"PreToolUse\"}", "pre-tool", "--no-redact");
        assertTrue(Files.readString(dir.resolve(".agent-traces/hook-errors.log")).contains("abc.def.ghi"),
                "--no-redact keeps the log as it was said");
    }

    @Test
    void readAll_readsEverythingAndDrainsOversizedInput() throws IOException {
        byte[] data = new byte[200_000];
        assertEquals(200_000, HookCommand.readAll(new ByteArrayInputStream(data)).length);
        int[] served = {0};
        InputStream huge = new InputStream() {
            @Override
            public int read() {
                return served[0]++ < HookCommand.MAX_STDIN + 10 ? 'x' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                int left = HookCommand.MAX_STDIN + 10 - served[0];
                if (left <= 0) {
                    return -1;
                }
                int n = Math.min(len, left);
                served[0] += n;
                return n;
            }
        };
        assertEquals(null, HookCommand.readAll(huge));
        assertEquals(HookCommand.MAX_STDIN + 10, served[0], "the whole input was consumed");
        assertFalse(served[0] < HookCommand.MAX_STDIN);
    }

    @Test
    void hook_recorderPort_notesTheSessionForTheRunningRecorder_andABadPortIsIgnored() throws Exception {
        Map<String, String> env = Map.of("AGENT_STRACE_CACHE_DIR", dir.resolve("cache").toString(),
                "HOME", dir.toString());
        io.github.agentstrace.hook.ResidentRecorder recorder = io.github.agentstrace.hook.ResidentRecorder.start(0,
                io.github.agentstrace.model.Clock.system(), java.time.Duration.ofMinutes(5), env,
                io.github.agentstrace.hook.ResidentRecorder.stateDir(env), 1 << 20);
        try {
            Path routes = dir.resolve("cache/recorder/routes");
            CliHarness.Result bad = hook(env, PROMPT, "user-prompt", "--recorder", "nope");
            assertEquals("", bad.out() + bad.err());
            assertTrue(Files.exists(dir.resolve(".agent-traces/abc-1/events.ndjson")), "recorded all the same");
            assertFalse(Files.exists(routes), "no port, no route");
            CliHarness.Result r = hook(env, PROMPT, "user-prompt", "--recorder", Integer.toString(recorder.port()));
            assertEquals(0, r.status());
            assertEquals("", r.out() + r.err());
            List<Path> noted;
            try (Stream<Path> files = Files.list(routes)) {
                noted = files.toList();
            }
            assertEquals(1, noted.size(), noted.toString());
            String route = Files.readString(noted.get(0));
            assertTrue(route.contains("\"session_id\":\"abc-1\""), route);
            assertTrue(route.contains("\"trace_dir\":\"" + dir.resolve(".agent-traces") + "\""), route);
            assertFalse(Files.exists(dir.resolve(".agent-traces/hook-errors.log")), "the running recorder was found");
        } finally {
            recorder.stop();
        }
    }
}
