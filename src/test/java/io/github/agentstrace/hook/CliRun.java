package io.github.agentstrace.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One run of a real agent CLI (or of our launcher) by an end-to-end test: in a directory, with variables that
 * would point it elsewhere removed and the test's own set, stdin closed (some CLIs read a piped stdin as more
 * prompt and wait for its end), output to a log; it must finish in time and exit 0.
 */
final class CliRun {
    /** Variables no run inherits: where traces go, and any real agent's keys or homes. */
    private static final List<String> CLEARED = List.of("AGENT_TRACE_DIR", "CLAUDE_PROJECT_DIR", "GEMINI_PROJECT_DIR",
            "OPENAI_API_KEY", "OPENAI_BASE_URL", "CODEX_HOME", "GEMINI_API_KEY", "GOOGLE_API_KEY",
            "GOOGLE_GEMINI_BASE_URL", "GOOGLE_GENAI_USE_VERTEXAI", "GOOGLE_GENAI_USE_GCA", "GOOGLE_CLOUD_PROJECT",
            "GEMINI_CLI_HOME", "COPILOT_HOME", "COPILOT_GITHUB_TOKEN", "GH_TOKEN", "GITHUB_TOKEN",
            "COPILOT_PROVIDER_BASE_URL", "COPILOT_PROVIDER_API_KEY", "OTEL_EXPORTER_OTLP_ENDPOINT");

    private CliRun() {
    }

    /** Runs {@code command} in {@code dir}; its output (stdout and stderr) when it exited 0 in time. */
    static String run(Path dir, Map<String, String> env, long seconds, List<String> command) throws Exception {
        Path log = Files.createTempFile(dir.getParent(), "run", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(log.toFile());
        CLEARED.forEach(pb.environment()::remove);
        pb.environment().putAll(env);
        Process p = pb.start();
        boolean done = p.waitFor(seconds, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly().waitFor();
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(done, String.join(" ", command) + " did not finish in " + seconds + " s:\n" + text);
        assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + text);
        return text;
    }

    /** The hooks wrote no error log, and exactly one session: its id. */
    static String onlySession(Path traces) throws Exception {
        Path errors = traces.resolve("hook-errors.log");
        assertTrue(!Files.exists(errors), () -> "hook errors: " + read(errors));
        List<String> sessions = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(traces)) {
            dirs.filter(d -> Files.exists(d.resolve("meta.json"))).forEach(d -> sessions.add(d.getFileName().toString()));
        }
        assertEquals(1, sessions.size(), sessions.toString());
        return sessions.get(0);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (Exception e) {
            return e.toString();
        }
    }
}
