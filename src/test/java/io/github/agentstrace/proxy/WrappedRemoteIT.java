package io.github.agentstrace.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.store.TraceStore;
import io.github.agentstrace.testsupport.TestJar;
import io.github.agentstrace.wrap.McpConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code wrap} tells a user to do with a remote (HTTP) server works when a real client does it: the
 * official everything server in Streamable HTTP mode, the config entry {@code wrap} reports for it, the
 * {@code record-http} process started with the arguments it gives, and the official SDK client pointed
 * at the URL it gives. Needs node ({@link NodePeers}); skipped loudly without it, failed when CI=true.
 */
@Timeout(180)
class WrappedRemoteIT {
    private static final Pattern LISTENING = Pattern.compile("HTTP proxy listening on http://127\\.0\\.0\\.1:(\\d+)/");

    @TempDir
    Path dir;

    @Test
    void wrap_remoteServerAdvice_recordsAToolCallFromTheOfficialClient() throws Exception {
        NodePeers.require("WrappedRemoteIT");
        int serverPort = freePort();
        ProcessBuilder spb = new ProcessBuilder("node",
                "node_modules/@modelcontextprotocol/server-everything/dist/index.js", "streamableHttp")
                .directory(NodePeers.DIR.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        spb.environment().put("PORT", Integer.toString(serverPort));
        Process server = spb.start();
        Process proxy = null;
        try {
            waitForPort(serverPort);
            String upstream = "http://127.0.0.1:" + serverPort + "/mcp";
            Path traces = dir.resolve("traces");
            McpConfig.Result wrapped = McpConfig.wrap("{\"mcpServers\": {\"everything\": {\"type\": \"http\", \"url\": \""
                    + upstream + "\"}}}", "mcp.json", new McpConfig.Options(null, null, traces.toString()));
            McpConfig.Remote remote = wrapped.remotes().get(0);

            // The command as wrap gives it, run as java -jar instead of through the launcher, on a free port
            // instead of 5100 (other test runs may hold it); the URL is wrap's with that port.
            List<String> args = new ArrayList<>(remote.args());
            assertEquals("record-http", args.get(1));
            int portAt = args.indexOf("--port") + 1;
            assertTrue(portAt > 0, args.toString());
            args.set(portAt, "0");
            List<String> cmd = new ArrayList<>(List.of(TestJar.java(),
                    "-jar", jar()));
            cmd.addAll(args.subList(1, args.size()));
            proxy = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            StringBuffer err = new StringBuffer();
            int port = listeningPort(proxy, err);
            String url = remote.localUrl().replace(":5100/", ":" + port + "/");
            assertEquals("http://127.0.0.1:" + port + "/", url);

            Client ok = client(url);
            assertEquals(0, ok.exit(), "the client failed at the URL wrap gave: " + ok.out());
            Map<String, Object> seen = Json.asObject(Json.asArray(Json.parse(ok.out())).get(0));
            assertEquals("Echo: hello c0", text(seen.get("echo")), ok.out());
            // The URL wrap used to give (the server's path again) reaches <path>/<path> upstream.
            Client old = client("http://127.0.0.1:" + port + "/mcp");
            assertNotEquals(0, old.exit(), "the old advice worked after all: " + old.out());

            proxy.toHandle().destroy(); // SIGTERM, as Ctrl-C
            assertTrue(proxy.waitFor(30, TimeUnit.SECONDS), "record-http did not stop on TERM");
            TraceStore store = new TraceStore(traces);
            SessionMeta meta = store.list(w -> { }).get(0);
            assertEquals("everything", meta.agentName());
            assertEquals("http-proxy -> " + upstream, meta.command());
            List<TraceEvent> events = store.reader(meta.sessionId(), w -> { }).events().toList();
            TraceEvent call = events.stream().filter(e -> "tool_call".equals(e.type())
                    && "echo".equals(e.data().get("tool_name"))).findFirst().orElseThrow(() -> new AssertionError(events.toString()));
            TraceEvent result = events.stream().filter(e -> "tool_result".equals(e.type())
                    && call.eventId().equals(e.parentId())).findFirst().orElseThrow(() -> new AssertionError(events.toString()));
            assertNotNull(result.durationMs());
        } finally {
            if (proxy != null) {
                proxy.destroyForcibly();
            }
            server.descendants().forEach(ProcessHandle::destroy);
            server.destroy();
        }
    }

    private record Client(int exit, String out) {
    }

    private static Client client(String url) throws Exception {
        Process p = new ProcessBuilder("node", "http-client.mjs", "streamable", url, "1")
                .directory(NodePeers.DIR.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "client hung");
        return new Client(p.exitValue(), out);
    }

    private static String text(Object callResult) {
        Object content = Json.asArray(Json.asObject(callResult).get("content")).get(0);
        return String.valueOf(Json.asObject(content).get("text"));
    }

    private static int listeningPort(Process proxy, StringBuffer err) throws Exception {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(proxy.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    err.append(line).append('\n');
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException ignored) {
                // process gone
            }
            port.complete(-1);
        });
        reader.setDaemon(true);
        reader.start();
        int bound = port.get(60, TimeUnit.SECONDS);
        assertTrue(bound > 0, "record-http did not start: " + err);
        return bound;
    }

    private static String jar() {
        String jar = TestJar.path().toString();
        assertTrue(Path.of(jar).toFile().isFile(), "no jar at " + jar + " (run through mvn verify)");
        return jar;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void waitForPort(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        fail("server on port " + port + " did not start");
    }
}
