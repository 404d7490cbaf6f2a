package io.github.agentstrace.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.agentstrace.cost.PriceTable;
import io.github.agentstrace.hook.AnthropicStandIn;
import io.github.agentstrace.hook.ClaudeCodeCli;
import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.session.Reading;
import io.github.agentstrace.session.SessionListener;
import io.github.agentstrace.session.Summary;
import io.github.agentstrace.store.TraceDirRegistry;
import io.github.agentstrace.store.TraceStore;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * End to end: the real Claude Code CLI ({@code claude -p}), offline against the local Anthropic stand-in, with
 * its OpenTelemetry logs exported to a real {@code agent-strace receive} process and our hooks installed in the
 * same project. The session received over OTLP and the session the hooks recorded agree on the tool calls,
 * their outcomes and the tokens.
 */
class ClaudeCodeOtelIT {
    private static final Path LAUNCHER = Path.of("bin", "agent-strace").toAbsolutePath();

    @TempDir
    Path dir;
    private Process receiver;

    @AfterEach
    void stopReceiver() throws InterruptedException {
        if (receiver != null && receiver.isAlive()) {
            receiver.destroy();
            if (!receiver.waitFor(20, TimeUnit.SECONDS)) {
                receiver.destroyForcibly();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http/protobuf", "http/json"})
    void claudeCodesTelemetry_andItsHooks_recordTheSameSession(String protocol) throws Exception {
        Path claude = ClaudeCodeCli.require("ClaudeCodeOtelIT");
        Path project = Files.createDirectories(dir.resolve("project"));
        Path home = Files.createDirectories(dir.resolve("home"));
        Path traces = project.resolve(".agent-traces");
        String javaHome = System.getProperty("java.home");
        Map<String, String> env = new HashMap<>(Map.of(
                "PATH", Path.of(javaHome, "bin") + ":/usr/local/bin:/usr/bin:/bin",
                "HOME", home.toString(),
                "JAVA_HOME", javaHome,
                "AGENT_STRACE_CACHE_DIR", dir.resolve("cache").toString(),
                "AGENT_STRACE_CDS", "0"));
        // Synchronous hooks: every hook event is written before claude -p exits.
        Process setup = start(project, env, dir.resolve("setup.txt"),
                List.of(LAUNCHER.toString(), "setup", "--install", "--sync", "--command", LAUNCHER.toString()));
        assertTrue(setup.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, setup.exitValue(), Files.readString(dir.resolve("setup.txt")));

        ProcessBuilder rb = new ProcessBuilder(LAUNCHER.toString(), "receive", "--port", "0", "--trace-dir",
                traces.toString()).directory(project.toFile()).redirectError(dir.resolve("receive.err").toFile());
        rb.environment().clear();
        rb.environment().putAll(env);
        receiver = rb.start();
        String url = new BufferedReader(new InputStreamReader(receiver.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertTrue(url != null && url.matches("http://127\\.0\\.0\\.1:\\d+"), "receive printed " + url + "; "
                + Files.readString(dir.resolve("receive.err")));

        try (AnthropicStandIn api = new AnthropicStandIn()) {
            env.put("ANTHROPIC_BASE_URL", api.baseUrl());
            env.put("ANTHROPIC_API_KEY", "sk-ant-api03-e2e-stand-in-key");
            env.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
            env.put("DISABLE_AUTOUPDATER", "1");
            env.put("CLAUDE_CODE_ENABLE_TELEMETRY", "1");
            env.put("OTEL_LOGS_EXPORTER", "otlp");
            env.put("OTEL_METRICS_EXPORTER", "otlp");
            env.put("OTEL_EXPORTER_OTLP_PROTOCOL", protocol);
            env.put("OTEL_EXPORTER_OTLP_ENDPOINT", url);
            env.put("OTEL_LOGS_EXPORT_INTERVAL", "500");
            env.put("OTEL_METRIC_EXPORT_INTERVAL", "1000");
            env.put("OTEL_LOG_USER_PROMPTS", "1");
            env.put("OTEL_LOG_TOOL_DETAILS", "1");
            Process p = start(project, env, dir.resolve("claude.txt"), List.of(claude.toString(), "-p",
                    "Say hello with Bash", "--allowedTools", "Bash", "--output-format", "json"));
            assertTrue(p.waitFor(240, TimeUnit.SECONDS), "claude -p did not finish");
            assertEquals(0, p.exitValue(), Files.readString(dir.resolve("claude.txt")));
            assertTrue(api.messages() >= 2, "the stand-in was not asked twice");
        }
        // claude -p flushes its exporters as it exits and receive records a body before it answers it; should a
        // last export still be on its way, wait for the session's last event (its answer) for a bounded time.
        TraceStore store = new TraceStore(traces, TraceDirRegistry.NONE);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!answered(store) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        // Stopping receive closes its sessions (their recorder marks are released).
        receiver.destroy();
        assertTrue(receiver.waitFor(30, TimeUnit.SECONDS), "receive did not stop");
        String receiveErr = Files.readString(dir.resolve("receive.err"));
        assertFalse(receiveErr.contains("internal error") || receiveErr.contains("cannot record"), receiveErr);

        SessionMeta received = null;
        SessionMeta hooked = null;
        for (SessionMeta m : store.list(w -> { })) {
            if (m.sessionId().startsWith(SessionOrigin.PREFIX)) {
                received = m;
            } else {
                hooked = m;
            }
        }
        if (received == null || hooked == null) {
            fail("expected a received and a hook session in " + traces + ": received " + received + ", hooks " + hooked
                    + "; receive said: " + receiveErr);
        }
        List<TraceEvent> otel = events(store, received.sessionId());
        List<TraceEvent> hooks = events(store, hooked.sessionId());
        assertEquals("claude-code", received.agentName());
        // The same Claude Code session: the hooks' id is the first 16 characters of the one OTLP carries.
        String claudeSession = (String) otel.get(0).data().get("claude_session_id");
        assertTrue(claudeSession.startsWith(hooked.sessionId()), claudeSession + " vs " + hooked.sessionId());

        assertEquals(calls(hooks), calls(otel), "tool calls: name, tool_use_id, command, outcome");
        List<String> otelCalls = calls(otel);
        assertEquals(1, otelCalls.size(), otelCalls.toString());
        assertTrue(otelCalls.get(0).startsWith("Bash toolu_e2e_") && otelCalls.get(0).endsWith(" "
                + AnthropicStandIn.COMMAND + " ok"), otelCalls.toString());

        Reading reading = Reading.of(store, PriceTable.load(null), w -> { });
        Summary o = reading.read(received.sessionId(), false, false, SessionListener.NONE).summary();
        Summary h = reading.read(hooked.sessionId(), false, false, SessionListener.NONE).summary();
        assertEquals(h.toolCalls(), o.toolCalls());
        assertEquals(h.errors(), o.errors());
        assertEquals(h.prompts(), o.prompts());
        assertTrue(o.tokens() > 0, "received tokens");
        assertEquals(h.usage(), o.usage(), "tokens, cache included: transcript (hooks) vs api_request (OTLP)");
    }

    /** Whether a received session has Claude Code's final answer (the last event it logs). */
    private static boolean answered(TraceStore store) {
        for (SessionMeta m : store.list(w -> { })) {
            if (m.sessionId().startsWith(SessionOrigin.PREFIX)
                    && events(store, m.sessionId()).stream().anyMatch(e -> e.type().equals("assistant_response"))) {
                return true;
            }
        }
        return false;
    }

    /** Each tool call as "tool tool_use_id command outcome", in order. */
    private static List<String> calls(List<TraceEvent> events) {
        Map<String, String> outcome = new HashMap<>();
        for (TraceEvent e : events) {
            Object id = e.data().get("tool_use_id");
            if (id != null && (e.type().equals("tool_result") || e.type().equals("error"))) {
                outcome.put((String) id, e.type().equals("error") ? "failed" : "ok");
            }
        }
        List<String> out = new ArrayList<>();
        for (TraceEvent e : events) {
            if (e.type().equals("tool_call")) {
                String id = (String) e.data().get("tool_use_id");
                out.add(e.data().get("tool_name") + " " + id + " "
                        + Json.asObject(e.data().get("arguments")).get("command") + " " + outcome.get(id));
            }
        }
        return out;
    }

    private static List<TraceEvent> events(TraceStore store, String sid) {
        List<TraceEvent> out = new ArrayList<>();
        store.reader(sid, w -> { }).forEach(out::add);
        return out;
    }

    private static Process start(Path cwd, Map<String, String> env, Path out, List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        return pb.start();
    }
}
