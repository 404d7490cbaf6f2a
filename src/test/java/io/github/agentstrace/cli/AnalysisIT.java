package io.github.agentstrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.replay.Golden;
import io.github.agentstrace.testsupport.TestJar;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code explain}, {@code why} and {@code diff} through the real jar on a session recorded by real hook
 * processes, one per Claude Code payload (a foreground subagent, parallel calls, a failure). Times are real
 * and vary between runs, so the golden files hold the text with durations masked.
 */
class AnalysisIT {
    private static final Path PAYLOADS = Path.of("src/test/resources/claude-code-payloads/foreground-subagent");
    private static final Pattern TIME = Pattern.compile("\\b(\\d+h)?(\\d+m)?\\d+(\\.\\d+)?(ms|s)\\b");
    private static final String SESSION = "ec60f27c-f718-4d";

    @TempDir
    static Path dir;

    private static Path traces() {
        return dir.resolve("traces");
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run jar(byte[] stdin, String... args) throws Exception {
        String jar = TestJar.path().toString();
        List<String> cmd = new ArrayList<>(List.of(TestJar.java(),
                "-jar", jar));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("AGENT_TRACE_DIR", traces().toString());
        pb.environment().put("COLUMNS", "80");
        pb.environment().put("AGENT_STRACE_HOOK_TRANSCRIPT", "0");
        pb.environment().remove("CLAUDE_PROJECT_DIR");
        pb.environment().remove("AGENT_STRACE_OTLP_ENDPOINT");
        Process p = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread o = new Thread(() -> copy(p.getInputStream(), out));
        Thread e = new Thread(() -> copy(p.getErrorStream(), err));
        o.start();
        e.start();
        try (var in = p.getOutputStream()) {
            in.write(stdin);
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "agent-strace " + String.join(" ", args) + " did not finish");
        o.join();
        e.join();
        return new Run(p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void copy(java.io.InputStream in, ByteArrayOutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException ignored) {
            // the process is gone; what was read is what the test checks
        }
    }

    private static String ok(String... args) throws Exception {
        Run r = jar(new byte[0], args);
        assertEquals(0, r.exit(), r.toString());
        assertEquals("", r.err(), r.toString());
        return r.out();
    }

    /**
     * Times masked, and the Idle row dropped: whether gaps between real hook processes count as idle depends on
     * how loaded the machine is (the row itself is tested on a session with known gaps).
     */
    private static String masked(String text) {
        return TIME.matcher(text).replaceAll("<t>").replaceAll("(?m)^  Idle .*\n", "");
    }

    @BeforeAll
    static void recordWithRealHookProcesses() throws Exception {
        List<Path> payloads;
        try (Stream<Path> files = Files.list(PAYLOADS)) {
            payloads = files.filter(f -> f.getFileName().toString().matches("\\d\\d-.*\\.json")).sorted().toList();
        }
        assertEquals(22, payloads.size());
        for (Path p : payloads) {
            String event = p.getFileName().toString().replaceAll("^\\d\\d-|\\.json$", "");
            Run r = jar(Files.readAllBytes(p), "hook", event);
            assertEquals(0, r.exit());
            assertEquals("", r.out(), "a hook never prints");
        }
    }

    @Test
    void explain_ofAHookSession_namesItsPhaseFilesCommandsFailureAndSubagent() throws Exception {
        String text = ok("explain", SESSION);
        assertTrue(text.contains("Failed     #10 Bash: Exit code 3"), text);
        assertTrue(text.contains("Subagent   aa7ddf1d23bc5b3bb"), text);
        Golden.assertMatches("it-explain-hooks.txt", masked(text));
        Map<String, Object> json = Json.asObject(Json.parse(ok("explain", SESSION, "--json")));
        assertEquals(8L, ((Number) json.get("tool_calls")).longValue(), "7 calls of the session, 1 of its subagent");
        assertEquals(1L, ((Number) json.get("errors")).longValue());
        assertEquals(1L, ((Number) json.get("subagent_sessions")).longValue());
    }

    @Test
    void why_ofTheFailure_andOfTheSubagentsCall() throws Exception {
        Golden.assertMatches("it-why-hooks-10.txt", masked(ok("why", SESSION, "10")));
        String sub = ok("why", "aa7ddf1d23bc5b3bb", "2");
        assertTrue(sub.contains("started the subagent session aa7ddf1d23bc5b3bb"), sub);
        Golden.assertMatches("it-why-hooks-subagent.txt", masked(sub));
    }

    @Test
    void diff_ofTheHookSessionAndTheSampleRecordedFromTheSamePayloads_findsTheSameCalls() throws Exception {
        Path sample = traces().resolve("sample-ec60");
        Files.createDirectories(sample);
        Path from = Path.of(".agent-traces.example", SESSION).toAbsolutePath();
        Files.writeString(sample.resolve("meta.json"), Files.readString(from.resolve("meta.json"))
                .replace(SESSION, "sample-ec60"));
        Files.writeString(sample.resolve("events.ndjson"), Files.readString(from.resolve("events.ndjson"))
                .replace(SESSION, "sample-ec60"));
        Map<String, Object> json = Json.asObject(Json.parse(ok("diff", SESSION, "sample-ec60", "--json")));
        assertEquals(null, json.get("first_divergence"), "the same payloads make the same calls");
        // The numbers depend on real timing (the verdict compares speed): the text is checked for its structure.
        String text = ok("diff", SESSION, "sample-ec60");
        assertTrue(text.contains("Same calls in the same order."), text);
        assertTrue(text.contains("  Errors               1        1         0"), text);
    }
}
