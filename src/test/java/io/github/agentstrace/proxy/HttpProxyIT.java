package io.github.agentstrace.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.store.TraceStore;
import io.github.agentstrace.testsupport.TestJar;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar agent-strace.jar record-http} between the official MCP SDK client and the official
 * everything server, in Streamable HTTP and in legacy SSE mode: the client sees the same results through
 * the proxy as directly, and the session records the calls. Needs node ({@link NodePeers}
 * installs the peers); skipped loudly without it, failed when CI=true.
 */
class HttpProxyIT {
    private static final Path NODE_DIR = NodePeers.DIR;
    private static final Pattern LISTENING = Pattern.compile("HTTP proxy listening on http://127\\.0\\.0\\.1:(\\d+)/");
    private static final List<Process> servers = new ArrayList<>();
    private static int streamablePort;
    private static int ssePort;

    @TempDir
    Path traces;

    @BeforeAll
    static void startServers() throws Exception {
        NodePeers.require("HttpProxyIT");
        streamablePort = freePort();
        servers.add(startServer("streamableHttp", streamablePort));
        ssePort = freePort();
        servers.add(startServer("sse", ssePort));
        waitForPort(streamablePort);
        waitForPort(ssePort);
    }

    @AfterAll
    static void stopServers() {
        for (Process p : servers) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
    }

    private static Process startServer(String mode, int port) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("node",
                "node_modules/@modelcontextprotocol/server-everything/dist/index.js", mode)
                .directory(NODE_DIR.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("PORT", Integer.toString(port));
        return pb.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void waitForPort(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        fail("server on port " + port + " did not start");
    }

    /** A running {@code record-http} process, its port, and its stderr collected as it comes. */
    private record Proxy(Process process, int port, StringBuffer stderr, Thread reader) {
        /** SIGTERM, as Ctrl-C or a service manager would; returns the exit status. */
        int terminate() throws InterruptedException {
            // Through the handle: Process.destroy() would also close our end of its stderr.
            process.toHandle().destroy();
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "proxy did not stop on SIGTERM");
            reader.join(5000);
            return process.exitValue();
        }
    }

    private Proxy startProxy(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("java", "-jar", jar(), "--trace-dir", traces.toString(), "record-http"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        StringBuffer err = new StringBuffer();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
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
        int bound = port.get(30, TimeUnit.SECONDS);
        assertTrue(bound > 0, "proxy did not start: " + err);
        return new Proxy(p, bound, err, reader);
    }

    private static String jar() {
        return TestJar.path().toString();
    }

    private static String client(String mode, String url, int clients) throws Exception {
        Process p = new ProcessBuilder("node", "http-client.mjs", mode, url, Integer.toString(clients))
                .directory(NODE_DIR.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "client hung");
        assertEquals(0, p.exitValue(), "client failed for " + url + ": " + out);
        return out;
    }

    /**
     * Equal apart from how many progress notifications the client saw: the server sends the last one
     * racing the result, and the client drops it when the result wins (directly too), so only
     * "some, in order" is compared.
     */
    private static void assertSameResults(String direct, String proxied) {
        List<Object> d = Json.asArray(Json.parse(direct));
        List<Object> p = Json.asArray(Json.parse(proxied));
        assertEquals(d.size(), p.size());
        List<Object> all = List.of("1/3", "2/3", "3/3");
        for (int i = 0; i < d.size(); i++) {
            Map<String, Object> a = new java.util.LinkedHashMap<>(Json.asObject(d.get(i)));
            Map<String, Object> b = new java.util.LinkedHashMap<>(Json.asObject(p.get(i)));
            List<Object> progress = Json.asArray(b.remove("progress"));
            a.remove("progress");
            assertEquals(a, b, "the client saw something different through the proxy");
            assertFalse(progress.isEmpty(), "no progress notification reached the client through the proxy");
            assertEquals(all.subList(0, progress.size()), progress);
        }
    }

    private List<TraceEvent> onlySession(TraceStore store) {
        List<SessionMeta> sessions = store.list(w -> { });
        assertEquals(1, sessions.size());
        List<TraceEvent> events = new ArrayList<>();
        store.reader(sessions.get(0).sessionId(), w -> { }).forEach(events::add);
        return events;
    }

    private static long count(List<TraceEvent> events, String type) {
        return events.stream().filter(e -> e.type().equals(type)).count();
    }

    @Test
    void streamableHttp_twoConcurrentClientsSeeTheSameThroughTheProxyAndAreRecorded() throws Exception {
        String upstream = "http://127.0.0.1:" + streamablePort + "/mcp";
        String direct = client("streamable", upstream, 2);
        Proxy proxy = startProxy(upstream, "--port", "0");
        String proxied = client("streamable", "http://127.0.0.1:" + proxy.port() + "/", 2);
        assertEquals(143, proxy.terminate());
        assertSameResults(direct, proxied);
        List<Object> results = Json.asArray(Json.parse(proxied));
        assertEquals(Boolean.TRUE, Json.asObject(results.get(0)).get("terminated"));
        assertFalse(Json.asArray(Json.asObject(results.get(0)).get("progress")).isEmpty());

        TraceStore store = new TraceStore(traces);
        List<TraceEvent> events = onlySession(store);
        SessionMeta meta = store.list(w -> { }).get(0);
        assertEquals("http-proxy -> " + upstream, meta.command());
        assertNotNull(meta.endedAt());
        assertEquals(4, meta.toolCalls());
        assertEquals("session_start", events.get(0).type());
        assertEquals("session_end", events.get(events.size() - 1).type());
        assertEquals(4, count(events, "tool_call"));
        List<TraceEvent> results4 = events.stream().filter(e -> e.type().equals("tool_result")).toList();
        assertEquals(4, results4.size());
        for (TraceEvent r : results4) {
            assertNotNull(r.parentId(), "tool_result not paired: " + r);
            assertNotNull(r.durationMs());
        }
        assertTrue(events.stream().anyMatch(e -> "notifications/progress".equals(e.data().get("mcp_method"))));
        assertTrue(events.stream().anyMatch(e -> Json.asObject(e.data().get("transport")).get("sse_event_id") != null),
                "SSE event ids not kept");
        String file = Files.readString(traces.resolve(meta.sessionId()).resolve(TraceStore.EVENTS));
        assertFalse(file.contains("e2e-secret-token"), "Authorization recorded in clear");
        assertTrue(file.contains("Bearer [REDACTED:authorization]"));
        assertTrue(proxy.stderr().toString().contains("session " + meta.sessionId() + " complete"), proxy.stderr().toString());
    }

    @Test
    void legacySse_twoConcurrentClientsSeeTheSameThroughTheProxyAndResponsesPairAcrossStreams() throws Exception {
        String upstream = "http://127.0.0.1:" + ssePort + "/sse";
        String direct = client("sse", upstream, 2);
        Proxy proxy = startProxy("--url", upstream, "--port", "0", "-q");
        String proxied = client("sse", "http://127.0.0.1:" + proxy.port() + "/", 2);
        assertEquals(143, proxy.terminate());
        assertSameResults(direct, proxied);

        List<TraceEvent> events = onlySession(new TraceStore(traces));
        assertEquals(4, count(events, "tool_call"));
        List<TraceEvent> toolResults = events.stream().filter(e -> e.type().equals("tool_result")).toList();
        assertEquals(4, toolResults.size());
        for (TraceEvent r : toolResults) {
            assertNotNull(r.parentId(), "SSE response not paired with its POSTed request: " + r);
            Map<String, Object> transport = Json.asObject(r.data().get("transport"));
            assertEquals("GET", transport.get("http_method"), "response should come on the SSE stream");
        }
        assertFalse(proxy.stderr().toString().contains("recording HTTP session"), "-q printed the banner");
    }
}
