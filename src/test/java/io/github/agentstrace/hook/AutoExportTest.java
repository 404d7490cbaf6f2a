package io.github.agentstrace.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.export.ExportFixtures;
import io.github.agentstrace.otlp.Receiver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutoExportTest {
    private static final String HOOKS = ExportFixtures.SESSIONS.get("a-hooks");

    @TempDir
    Path tmp;

    private final List<List<String>> commands = new ArrayList<>();
    private final List<Map<String, String>> envs = new ArrayList<>();

    private AutoExport recording() {
        return new AutoExport((cmd, env, log) -> {
            commands.add(cmd);
            envs.add(env);
            return 42;
        }, List.of("java", "-cp", "x.jar", AutoExport.MAIN_CLASS));
    }

    @Test
    void notConfigured_doesNothing() {
        assertFalse(recording().trigger(tmp, HOOKS, Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318")));
        assertEquals(List.of(), commands);
        assertFalse(Files.exists(tmp.resolve(AutoExport.LOG_FILE)));
    }

    @Test
    void configured_startsAnExportWithHeadersOnlyInTheEnvironment() throws IOException {
        Map<String, String> env = new HashMap<>(Map.of(
                AutoExport.ENDPOINT, "https://api.honeycomb.io",
                AutoExport.HEADERS, "x-honeycomb-team=secret-ingest-key",
                AutoExport.PROTOCOL, "http/json",
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://somewhere-else:4318",
                "PATH", "/usr/bin"));
        assertTrue(recording().trigger(tmp, HOOKS, env));
        assertEquals(List.of("java", "-cp", "x.jar", AutoExport.MAIN_CLASS, "--trace-dir", tmp.toAbsolutePath().toString(),
                "export", HOOKS, "--format", "otlp", "--endpoint", "https://api.honeycomb.io", "--protocol", "http/json"),
                commands.get(0));
        assertFalse(String.join(" ", commands.get(0)).contains("secret-ingest-key"), "never on a command line");
        Map<String, String> child = envs.get(0);
        assertEquals("x-honeycomb-team=secret-ingest-key", child.get("OTEL_EXPORTER_OTLP_TRACES_HEADERS"));
        assertFalse(child.containsKey("OTEL_EXPORTER_OTLP_ENDPOINT"), "only AGENT_STRACE_OTLP_* decide the destination");
        assertEquals("/usr/bin", child.get("PATH"));
        String log = Files.readString(tmp.resolve(AutoExport.LOG_FILE));
        assertTrue(log.contains("session " + HOOKS + ": exporting to https://api.honeycomb.io/v1/traces (pid 42)"), log);
        assertFalse(log.contains("secret"));
    }

    @Test
    void badSettingsOrLaunchFailures_areLoggedNeverThrown() throws IOException {
        assertFalse(recording().trigger(tmp, HOOKS, Map.of(AutoExport.ENDPOINT, "ftp://nope")));
        assertFalse(recording().trigger(tmp, "../etc", Map.of(AutoExport.ENDPOINT, "http://c:4318")));
        AutoExport failing = new AutoExport((cmd, env, log) -> {
            throw new IOException("no java here");
        }, List.of("java"));
        assertFalse(failing.trigger(tmp, HOOKS, Map.of(AutoExport.ENDPOINT, "http://c:4318")));
        assertEquals(List.of(), commands);
        String log = Files.readString(tmp.resolve(AutoExport.LOG_FILE));
        assertTrue(log.contains("auto-export not started: --endpoint: the URL must start with http:// or https://"), log);
        assertTrue(log.contains("invalid session id"), log);
        assertTrue(log.contains("no java here"), log);
        assertFalse(AutoExport.onSessionEnd(tmp.resolve("missing/dir"), "x", Map.of()));
    }

    @Test
    void onSessionEnd_exportsInADetachedProcessWithoutWaiting() throws Exception {
        Path traces = ExportFixtures.copySessions(tmp.resolve("traces"));
        try (Receiver receiver = new Receiver()) {
            long start = System.nanoTime();
            assertTrue(AutoExport.onSessionEnd(traces, HOOKS, Map.of(
                    AutoExport.ENDPOINT, receiver.base(),
                    AutoExport.HEADERS, "x-api-key=k%20123",
                    "PATH", System.getenv().getOrDefault("PATH", "/usr/bin"))));
            long launchMs = (System.nanoTime() - start) / 1_000_000;
            long deadline = System.currentTimeMillis() + 60_000;
            while (receiver.requests().isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(1, receiver.requests().size(), "the background export arrived; log:\n"
                    + Files.readString(traces.resolve(AutoExport.LOG_FILE)));
            Receiver.Request r = receiver.requests().get(0);
            assertEquals("k 123", r.header("x-api-key"));
            assertTrue(r.body().length > 0, "an OTLP request with the spans (the child's log counts them below)");
            assertTrue(launchMs < 10_000, "returned after " + launchMs + " ms");
            // The child writes its summary to the log when it finishes.
            while (!Files.readString(traces.resolve(AutoExport.LOG_FILE)).contains("sent 7 spans")
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(Files.readString(traces.resolve(AutoExport.LOG_FILE)).contains("sent 7 spans"));
        }
    }
}
