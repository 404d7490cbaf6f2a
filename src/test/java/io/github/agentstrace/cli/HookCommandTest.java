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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HookCommandTest {
    private static final String PROMPT = "{\"session_id\":\"abc-1\",\"hook_event_name\":\"UserPromptSubmit\",\"prompt\":\"hi\"}";

    @TempDir
    Path dir;

    private CliRun hook(Map<String, String> env, String stdin, String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = "hook";
        System.arraycopy(args, 0, argv, 1, args.length);
        return CliRun.run(dir, env, stdin.getBytes(StandardCharsets.UTF_8), argv);
    }

    @Test
    void hook_badInput_exitsZeroSilentlyAndLogs() throws Exception {
        for (String bad : new String[] {"", "{nope", "[]", "{\"session_id\":\"../x\"}"}) {
            CliRun r = hook(Map.of(), bad, "pre-tool");
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
        CliRun r = hook(Map.of(), PROMPT, "user-prompt", "--future-flag");
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
        CliRun r = hook(Map.of("AGENT_TRACE_DIR", file.toString()), PROMPT, "user-prompt");
        assertEquals(0, r.status());
        assertEquals("", r.out() + r.err());
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
}
