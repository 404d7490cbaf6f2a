package io.github.agentstrace.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.api.AgentTrace;
import io.github.agentstrace.api.TraceSession;
import io.github.agentstrace.json.Json;
import io.github.agentstrace.otlp.Receiver;
import io.github.agentstrace.testsupport.TestJar;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets never reach disk, checked where it matters: every byte of the files written by real hook,
 * {@code record} and {@code record-http} processes (the packaged jar) and by the Java API is scanned for
 * every secret of {@link SecretCorpus}.
 */
@Timeout(120)
class CapturePathsRedactionIT {
    @TempDir
    Path dir;

    private static List<String> jar(String... args) {
        List<String> cmd = new ArrayList<>(List.of(TestJar.java(),
                "-jar", TestJar.path().toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static String run(List<String> cmd, Map<String, String> env, byte[] stdin) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            in.write(stdin);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "process hung: " + cmd);
        return out;
    }

    @Test
    void hooks_writeNoSecret() throws Exception {
        Path traces = dir.resolve("hooks");
        Map<String, String> env = Map.of("AGENT_TRACE_DIR", traces.toString());
        Map<String, Object> post = SecretCorpus.hookPayload();
        Map<String, Object> pre = new LinkedHashMap<>(post);
        pre.remove("tool_response");
        pre.put("hook_event_name", "PreToolUse");
        Map<String, Object> prompt = new LinkedHashMap<>();
        prompt.put("session_id", post.get("session_id"));
        prompt.put("hook_event_name", "UserPromptSubmit");
        prompt.put("prompt", "deploy with these:\n" + String.join("\n", SecretCorpus.TEXTS));
        for (var step : List.of(Map.entry("user-prompt", prompt), Map.entry("pre-tool", pre),
                Map.entry("post-tool", post))) {
            assertEquals("", run(jar("hook", step.getKey()), env, Json.write(step.getValue()).getBytes(StandardCharsets.UTF_8)));
        }
        assertTrue(Files.readString(traces.resolve("b0e0a9aa-683d-4f").resolve("events.ndjson")).contains("[REDACTED:"));
        SecretCorpus.assertNoSecrets(traces);
    }

    @Test
    void record_writesNoSecret_andForwardsEveryByte() throws Exception {
        Path traces = dir.resolve("record");
        String messages = String.join("\n", SecretCorpus.jsonRpcMessages()) + "\n";
        // The server's own command line carries a key too (`--api-key sk-...` in a client config).
        String out = run(jar("--trace-dir", traces.toString(), "record", "-q", "--", "sh", "-c", "cat",
                SecretCorpus.OPENAI_LEGACY), Map.of(), messages.getBytes(StandardCharsets.UTF_8));
        assertEquals(messages, out, "forwarded bytes are never redacted");
        SecretCorpus.assertNoSecrets(traces);
    }

    @Test
    void recordHttp_writesNoSecret() throws Exception {
        Path traces = dir.resolve("http");
        try (Receiver upstream = new Receiver()) {
            upstream.then(new Receiver.Answer(200, Map.of("Content-Type", "application/json"),
                    SecretCorpus.jsonRpcMessages().get(1).getBytes(StandardCharsets.UTF_8), 0));
            Process proxy = new ProcessBuilder(jar("--trace-dir", traces.toString(), "record-http",
                    upstream.base() + "/mcp", "--port", "0")).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                int port = listeningPort(proxy);
                HttpRequest.Builder post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                        .POST(HttpRequest.BodyPublishers.ofString(SecretCorpus.jsonRpcMessages().get(0)));
                SecretCorpus.headers().forEach((name, values) -> {
                    if (!name.equalsIgnoreCase("Proxy-Authorization")) { // hop-by-hop: never forwarded
                        values.forEach(v -> post.header(name, v));
                    }
                });
                HttpResponse<String> response = HttpClient.newHttpClient().send(post.build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode());
                assertEquals(("Bearer " + SecretCorpus.BEARER_OPAQUE), upstream.requests().get(0).header("Authorization"),
                        "the upstream gets the real credentials");
            } finally {
                proxy.destroy(); // SIGTERM: the session is finished and flushed
                assertTrue(proxy.waitFor(30, TimeUnit.SECONDS));
            }
        }
        SecretCorpus.assertNoSecrets(traces);
    }

    private static int listeningPort(Process proxy) throws Exception {
        Pattern listening = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/");
        BufferedReader err = new BufferedReader(new InputStreamReader(proxy.getErrorStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = err.readLine()) != null) {
            Matcher m = listening.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        err.transferTo(java.io.Writer.nullWriter());
                    } catch (java.io.IOException ignored) {
                        // the proxy ended
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("record-http did not say where it listens");
    }

    @Test
    void javaApi_writesNoSecret() throws Exception {
        Path traces = dir.resolve("api");
        try (TraceSession session = AgentTrace.builder().traceDir(traces).agentName("agent")
                .command("agent --token " + SecretCorpus.GITHUB_FINE).environment(Map.of()).start()) {
            session.prompt("use " + SecretCorpus.OPENAI_PROJECT);
            session.tool("query_db", Map.of("dsn", "postgres://app:" + SecretCorpus.DB_PASSWORD + "@db/prod",
                    "headers", Map.of("Authorization", "Bearer " + SecretCorpus.BEARER_OPAQUE)),
                    () -> String.join("\n", SecretCorpus.TEXTS));
            try {
                session.tool("deploy", Map.of(), () -> {
                    throw new IllegalStateException("rejected key " + SecretCorpus.STRIPE_LIVE);
                });
            } catch (IllegalStateException expected) {
                // recorded, then rethrown
            }
            session.response("done with " + SecretCorpus.ANTHROPIC);
        }
        SecretCorpus.assertNoSecrets(traces);
    }
}
