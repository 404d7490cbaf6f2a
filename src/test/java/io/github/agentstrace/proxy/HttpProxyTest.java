package io.github.agentstrace.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.agentstrace.json.Json;
import io.github.agentstrace.mcp.Direction;
import io.github.agentstrace.model.Clock;
import io.github.agentstrace.model.Ids;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.store.TraceStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The proxy against a local fake upstream: passthrough rules, failures, streaming and sizes. */
class HttpProxyTest {
    record Seen(int recorder, Direction dir, String json, Map<String, Object> transport) {
    }

    @TempDir
    Path traces;

    private HttpServer upstream;
    private HttpRecordSession session;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final AtomicInteger recorders = new AtomicInteger();
    private final AtomicInteger upstreamRequests = new AtomicInteger();
    private final CountDownLatch clientGotFirstEvent = new CountDownLatch(1);
    // /api/hold answers only once the test releases it (or the test ends): a slow upstream without a clock.
    private final CountDownLatch holdArrived = new CountDownLatch(1);
    private final CountDownLatch releaseHold = new CountDownLatch(1);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void startUpstream() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        upstream.setExecutor(Executors.newCachedThreadPool());
        upstream.createContext("/", this::upstreamHandler);
        upstream.start();
    }

    @AfterEach
    void stop() {
        releaseHold.countDown();
        if (session != null) {
            session.finish();
        }
        upstream.stop(0);
    }

    private void upstreamHandler(HttpExchange ex) throws IOException {
        upstreamRequests.incrementAndGet();
        String path = ex.getRequestURI().getPath();
        String query = ex.getRequestURI().getRawQuery();
        byte[] body = ex.getRequestBody().readAllBytes();
        try {
            switch (path) {
                case "/api/echo" -> {
                    Map<String, Object> seenHere = new LinkedHashMap<>();
                    seenHere.put("method", ex.getRequestMethod());
                    seenHere.put("path", ex.getRequestURI().getRawPath());
                    seenHere.put("query", query);
                    Map<String, Object> headers = new LinkedHashMap<>();
                    ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
                    seenHere.put("headers", headers);
                    seenHere.put("body", new String(body, StandardCharsets.UTF_8));
                    ex.getResponseHeaders().add("X-Upstream", "yes");
                    ex.getResponseHeaders().add("Mcp-Session-Id", "s-42");
                    ex.getResponseHeaders().add("Proxy-Authenticate", "Basic");
                    send(ex, 200, "application/json", Json.write(seenHere).getBytes(StandardCharsets.UTF_8));
                }
                case "/api/status" -> {
                    int code = Integer.parseInt(query.substring("code=".length()));
                    if (code == 401) {
                        ex.getResponseHeaders().add("WWW-Authenticate", "Bearer resource_metadata=\"http://x/.well-known\"");
                    }
                    if (code == 204 || code == 202) {
                        ex.sendResponseHeaders(code, -1);
                    } else {
                        send(ex, code, "text/plain", ("status " + code).getBytes(StandardCharsets.UTF_8));
                    }
                }
                case "/api/hold" -> {
                    holdArrived.countDown();
                    releaseHold.await();
                    send(ex, 200, "application/json", "{\"held\":true}".getBytes(StandardCharsets.UTF_8));
                }
                case "/api/slow" -> {
                    Thread.sleep(Long.parseLong(query.substring("ms=".length())));
                    send(ex, 200, "application/json", "{\"slow\":true}".getBytes(StandardCharsets.UTF_8));
                }
                case "/api/big" -> send(ex, 200, "application/json", body);
                case "/api/rpc" -> {
                    // tools/call answered as JSON after the delay the caller asks for, echoing its text
                    Map<String, Object> rpc = Json.asObject(Json.parse(body));
                    Map<String, Object> arguments = Json.asObject(Json.asObject(rpc.get("params")).get("arguments"));
                    Thread.sleep(((Number) arguments.get("delay")).longValue());
                    String answer = "{\"jsonrpc\":\"2.0\",\"id\":" + Json.write(rpc.get("id"))
                            + ",\"result\":{\"content\":[{\"type\":\"text\",\"text\":" + Json.write(arguments.get("text")) + "}]}}";
                    send(ex, 200, "application/json", answer.getBytes(StandardCharsets.UTF_8));
                }
                case "/api/sse" -> {
                    ex.getResponseHeaders().add("Content-Type", "text/event-stream");
                    ex.sendResponseHeaders(200, 0);
                    OutputStream os = ex.getResponseBody();
                    for (String part : SSE_PARTS_BEFORE) {
                        os.write(part.getBytes(StandardCharsets.UTF_8));
                        os.flush();
                        Thread.sleep(50);
                    }
                    // Only go on once the client has the first event: proves it was not held back. (A
                    // proxy that held it back makes the test time out here rather than pass.)
                    clientGotFirstEvent.await(60, TimeUnit.SECONDS);
                    for (String part : SSE_PARTS_AFTER) {
                        os.write(part.getBytes(StandardCharsets.UTF_8));
                        os.flush();
                        Thread.sleep(50);
                    }
                    os.close();
                }
                case "/sse" -> {
                    ex.getResponseHeaders().add("Content-Type", "text/event-stream");
                    ex.sendResponseHeaders(200, 0);
                    OutputStream os = ex.getResponseBody();
                    String endpoint = "abs".equals(query)
                            ? "http://127.0.0.1:" + upstream.getAddress().getPort() + "/messages?sessionId=abc"
                            : "/messages?sessionId=abc";
                    os.write(("event: endpoint\ndata: " + endpoint + "\n\n").getBytes(StandardCharsets.UTF_8));
                    os.flush();
                    Thread.sleep(400);
                    os.write("event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":5,\"result\":{}}\n\n".getBytes(StandardCharsets.UTF_8));
                    os.close();
                }
                case "/api/accept" -> ex.sendResponseHeaders(202, -1);
                case "/api/stream" -> {
                    // a standalone GET stream that carries the answer to a request POSTed elsewhere
                    ex.getResponseHeaders().add("Content-Type", "text/event-stream");
                    ex.sendResponseHeaders(200, 0);
                    OutputStream os = ex.getResponseBody();
                    os.write(": open\n\n".getBytes(StandardCharsets.UTF_8));
                    os.flush();
                    clientGotFirstEvent.await(60, TimeUnit.SECONDS);
                    os.write(("id: e1\ndata: {\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"content\":"
                            + "[{\"type\":\"text\",\"text\":\"from the GET stream\"}]}}\n\n").getBytes(StandardCharsets.UTF_8));
                    os.close();
                }
                case "/messages" -> {
                    ex.sendResponseHeaders(202, -1);
                }
                default -> send(ex, 404, "text/plain", "no such path".getBytes(StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ex.close();
        }
    }

    private static final List<String> SSE_PARTS_BEFORE = List.of(
            "id: 1\r\nevent: message\r\ndata: {\"jsonrpc\":\"2.0\",",
            "\"method\":\"notifications/progress\",\r\ndata: \"params\":{\"progress\":1}}\r",
            "\n\r\n");
    private static final List<String> SSE_PARTS_AFTER = List.of(
            ": keep-alive\n\nid: 2\ndata: {\"jsonrpc\":\"2.0\",\"id\":1,\"res",
            "ult\":{\"content\":[]}}\n",
            "\n");

    private static void send(HttpExchange ex, int code, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(body);
        }
    }

    private void startProxy(String upstreamPath, int timeoutSeconds) throws IOException {
        startProxy(URI.create("http://127.0.0.1:" + upstream.getAddress().getPort() + upstreamPath), timeoutSeconds);
    }

    private void startProxy(URI target, int timeoutSeconds) throws IOException {
        MessageRecorder.Factory factory = clock -> {
            int id = recorders.incrementAndGet();
            return new MessageRecorder() {
                @Override
                public void message(Direction dir, String json, Map<String, Object> transport) {
                    seen.add(new Seen(id, dir, json, transport));
                }

                @Override
                public void unparsed(Direction dir, String reason, byte[] sample) {
                    seen.add(new Seen(id, dir, "UNPARSED " + reason, Map.of()));
                }

                @Override
                public void close() {
                }
            };
        };
        session = HttpRecordSession.startWith(
                new HttpRecordSession.Settings(target, "127.0.0.1", 0, "test", Duration.ofSeconds(timeoutSeconds)),
                new TraceStore(traces), Redactor.standard(), new Ids(new Random(7)),
                Clock.system(), w -> factory, line -> { }, warnings::add);
    }

    private URI proxy(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + session.port() + pathAndQuery);
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return client.send(HttpRequest.newBuilder(proxy(pathAndQuery)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<TraceEvent> events() {
        List<TraceEvent> all = new ArrayList<>();
        new TraceStore(traces).reader(session.sessionId(), w -> { }).forEach(all::add);
        return all;
    }

    @Test
    void forward_keepsMethodPathQueryAndEndToEndHeadersBothWays() throws Exception {
        startProxy("/api", 30);
        String rpc = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\"}}";
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(proxy("/echo?x=1&y=a%20b"))
                .POST(HttpRequest.BodyPublishers.ofString(rpc))
                .header("Authorization", "Bearer secret-token-123456")
                .header("Accept", "application/json, text/event-stream")
                .header("Content-Type", "application/json")
                .header("Mcp-Session-Id", "s-1")
                .header("MCP-Protocol-Version", "2025-11-25")
                .header("Last-Event-ID", "ev-9")
                .header("Mcp-Method", "tools/call")
                .header("Mcp-Name", "echo")
                .header("X-Custom", "c")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        Map<String, Object> at = Json.asObject(Json.parse(r.body()));
        assertEquals("POST", at.get("method"));
        assertEquals("/api/echo", at.get("path"));
        assertEquals("x=1&y=a%20b", at.get("query"));
        assertEquals(rpc, at.get("body"));
        Map<String, Object> h = Json.asObject(at.get("headers"));
        assertEquals("Bearer secret-token-123456", h.get("authorization"));
        assertEquals("application/json, text/event-stream", h.get("accept"));
        assertEquals("application/json", h.get("content-type"));
        assertEquals("s-1", h.get("mcp-session-id"));
        assertEquals("2025-11-25", h.get("mcp-protocol-version"));
        assertEquals("ev-9", h.get("last-event-id"));
        assertEquals("tools/call", h.get("mcp-method"));
        assertEquals("echo", h.get("mcp-name"));
        assertEquals("c", h.get("x-custom"));
        assertEquals("yes", r.headers().firstValue("x-upstream").orElseThrow());
        assertEquals("s-42", r.headers().firstValue("mcp-session-id").orElseThrow());
        assertTrue(r.headers().firstValue("proxy-authenticate").isEmpty(), "hop-by-hop response header leaked");

        session.finish();
        Seen request = seen.stream().filter(s -> s.dir() == Direction.CLIENT_TO_SERVER).findFirst().orElseThrow();
        assertEquals(rpc, request.json());
        Map<String, Object> recordedHeaders = Json.asObject(request.transport().get("headers"));
        assertEquals("Bearer [REDACTED:authorization]", recordedHeaders.get("authorization"));
        assertEquals("s-1", request.transport().get("mcp_session_id"));
        assertFalse(seen.toString().contains("secret-token-123456"));
    }

    @Test
    void forward_recordsNoNonJsonBody() throws Exception {
        startProxy("/api", 30);
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(proxy("/echo"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_secret=s3cr3t"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("client_secret=s3cr3t"), "body not forwarded");
        session.finish();
        assertTrue(seen.stream().noneMatch(s -> s.dir() == Direction.CLIENT_TO_SERVER), seen.toString());
    }

    @Test
    void forward_passesEveryMethod() throws Exception {
        startProxy("/api", 30);
        for (String method : List.of("GET", "DELETE", "PUT", "PATCH", "OPTIONS")) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(proxy("/echo"))
                    .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), method);
            assertEquals(method, Json.asObject(Json.parse(r.body())).get("method"));
        }
    }

    @Test
    void forward_dropsHopByHopRequestHeaders() throws Exception {
        startProxy("/api", 30);
        try (Socket s = new Socket("127.0.0.1", session.port())) {
            s.getOutputStream().write(("GET /echo HTTP/1.1\r\nHost: 127.0.0.1:" + session.port() + "\r\nConnection: close, X-Hop\r\n"
                    + "X-Hop: 1\r\nKeep-Alive: timeout=5\r\nTE: trailers\r\nX-Keep: 2\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            // Read by Content-Length: the JDK server keeps the connection open ("close, X-Hop" is not "close").
            InputStream in = s.getInputStream();
            String head = "";
            while (!head.endsWith("\r\n\r\n")) {
                head += (char) in.read();
            }
            int length = Integer.parseInt(head.replaceAll("(?is).*content-length: *(\\d+).*", "$1"));
            String json = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            Map<String, Object> h = Json.asObject(Json.asObject(Json.parse(json)).get("headers"));
            assertEquals("2", h.get("x-keep"));
            assertFalse(h.containsKey("x-hop"));
            assertFalse(h.containsKey("keep-alive"));
            assertFalse(h.containsKey("te"));
        }
    }

    @Test
    void aForeignHost_isRefusedBeforeAnythingIsForwardedOrRecorded() throws Exception {
        startProxy("/api", 30);
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
        for (String host : List.of("evil.example:" + session.port(), "127.0.0.1.nip.io:" + session.port(),
                "127.0.0.1:" + (session.port() + 1), "localhost")) {
            try (Socket s = new Socket("127.0.0.1", session.port())) {
                s.getOutputStream().write(("POST /echo HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json"
                        + "\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body)
                        .getBytes(StandardCharsets.US_ASCII));
                String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(answer.startsWith("HTTP/1.1 421 "), host + ": " + answer);
                assertTrue(answer.endsWith("agent-strace: this proxy answers only to localhost, 127.0.0.1 or an IP"
                        + " address on port " + session.port() + "\n"), answer);
            }
        }
        assertEquals(0, upstreamRequests.get());
        assertTrue(seen.isEmpty(), seen.toString());
        assertEquals(200, get("/echo").statusCode(), "the client's own Host still passes");
        assertEquals(1, upstreamRequests.get());
    }

    @Test
    void forward_passesStatusCodesUnchanged() throws Exception {
        startProxy("/api", 30);
        for (int code : List.of(200, 202, 204, 400, 401, 404, 405, 500, 503)) {
            HttpResponse<String> r = get("/status?code=" + code);
            assertEquals(code, r.statusCode());
            if (code == 401) {
                assertEquals("Bearer resource_metadata=\"http://x/.well-known\"",
                        r.headers().firstValue("www-authenticate").orElseThrow());
            }
            if (code != 202 && code != 204) {
                assertEquals("status " + code, r.body());
            }
        }
        assertEquals(404, get("/missing").statusCode());
    }

    @Test
    void unreachableUpstream_gives502WithAClearMessageAndAnErrorEventAndKeepsServing() throws Exception {
        int dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = s.getLocalPort();
        }
        startProxy(URI.create("http://127.0.0.1:" + dead + "/mcp"), 30);
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> r = get("/");
            assertEquals(502, r.statusCode());
            assertTrue(r.body().startsWith("agent-strace: upstream GET http://127.0.0.1:" + dead + "/mcp failed:"), r.body());
            assertTrue(r.body().contains("connection refused"), r.body());
        }
        session.finish();
        List<TraceEvent> errors = events().stream().filter(e -> e.type().equals("error")).toList();
        assertEquals(2, errors.size());
        assertTrue(Json.asString(errors.get(0).data().get("message")).contains("connection refused"));
        assertEquals(2L, new TraceStore(traces).readMeta(session.sessionId()).errors());
        assertEquals(2, warnings.size());
    }

    @Test
    void tlsFailure_gives502NamingTheTlsProblem() throws Exception {
        // https to a server that answers in plain HTTP: the handshake fails. Every connection is answered (the
        // client may try again after the first failure, and a connection nobody serves would only end at the
        // connect timeout); the server speaks first, so the client meets plain text where a TLS record belongs.
        try (ServerSocket plain = new ServerSocket(0, 5, java.net.InetAddress.getByName("127.0.0.1"))) {
            Thread t = new Thread(() -> {
                while (!plain.isClosed()) {
                    try {
                        Socket s = plain.accept();
                        Thread c = new Thread(() -> {
                            try (s) {
                                s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                                        .getBytes(StandardCharsets.US_ASCII));
                                s.getOutputStream().flush();
                                s.getInputStream().transferTo(OutputStream.nullOutputStream());
                            } catch (IOException ignored) {
                                // the client went away
                            }
                        });
                        c.setDaemon(true);
                        c.start();
                    } catch (IOException e) {
                        return; // closed: the test ends
                    }
                }
            });
            t.setDaemon(true);
            t.start();
            startProxy(URI.create("https://127.0.0.1:" + plain.getLocalPort() + "/api"), 30);
            HttpResponse<String> r = get("/echo");
            assertEquals(502, r.statusCode());
            assertTrue(r.body().contains("TLS failure"), r.body());
        }
    }

    @Test
    void slowUpstream_doesNotHoldUpOtherRequests() throws Exception {
        startProxy("/api", 300);
        CompletableFuture<HttpResponse<String>> slow = client.sendAsync(
                HttpRequest.newBuilder(proxy("/hold")).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(holdArrived.await(60, TimeUnit.SECONDS), "the held request never reached the upstream");
        for (int i = 0; i < 5; i++) {
            assertEquals(200, get("/echo").statusCode());
        }
        // The upstream has not answered, so only a proxy that served the others first can get here undone.
        assertFalse(slow.isDone(), "a slow upstream request blocked the others");
        releaseHold.countDown();
        assertEquals(200, slow.get(60, TimeUnit.SECONDS).statusCode());
    }

    @Test
    void slowUpstream_timesOutWith502AndTheProxyGoesOn() throws Exception {
        startProxy("/api", 1);
        HttpResponse<String> r = get("/hold"); // never answered while the test runs
        assertEquals(502, r.statusCode());
        assertTrue(r.body().contains("no response within 1 s"), r.body());
        assertEquals(200, get("/echo").statusCode());
    }

    @Test
    void slowUpstream_withinTheTimeoutIsWaitedFor() throws Exception {
        startProxy("/api", 30);
        HttpResponse<String> r = get("/slow?ms=1200");
        assertEquals(200, r.statusCode());
        assertEquals("{\"slow\":true}", r.body());
    }

    @Test
    void tenMegabyteBodies_goThroughIntactBothWaysAndAreRecorded() throws Exception {
        startProxy("/api", 30);
        StringBuilder blob = new StringBuilder(10 << 20);
        Random random = new Random(1);
        while (blob.length() < 10 << 20) {
            blob.append((char) ('a' + random.nextInt(26)));
        }
        String rpc = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"big\",\"arguments\":{\"blob\":\""
                + blob + "\"}}}";
        byte[] sent = rpc.getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(proxy("/big"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(sent)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        assertArrayEquals(sent, r.body());
        session.finish();
        assertEquals(2, seen.size());
        assertEquals(rpc, seen.get(0).json());
        assertEquals(Direction.SERVER_TO_CLIENT, seen.get(1).dir());
        assertEquals(sent.length, seen.get(1).json().length());
    }

    @Test
    void sse_isRelayedLiveByteForByteAndRecordedPerEvent() throws Exception {
        startProxy("/api", 30);
        HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(proxy("/sse"))
                .header("Accept", "text/event-stream").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals("text/event-stream", r.headers().firstValue("content-type").orElseThrow());
        String first = String.join("", SSE_PARTS_BEFORE);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try (InputStream in = r.body()) {
            byte[] buf = new byte[1024];
            while (got.size() < first.length()) {
                int n = in.read(buf);
                assertTrue(n > 0, "stream ended early");
                got.write(buf, 0, n);
            }
            assertEquals(first, got.toString(StandardCharsets.UTF_8), "first event not delivered before the rest");
            clientGotFirstEvent.countDown();
            got.write(in.readAllBytes());
        }
        assertEquals(first + String.join("", SSE_PARTS_AFTER), got.toString(StandardCharsets.UTF_8));
        session.finish();
        List<Seen> messages = seen.stream().filter(s -> s.dir() == Direction.SERVER_TO_CLIENT).toList();
        assertEquals(2, messages.size(), seen.toString());
        assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\n\"params\":{\"progress\":1}}",
                messages.get(0).json());
        assertEquals("1", messages.get(0).transport().get("sse_event_id"));
        assertEquals("message", messages.get(0).transport().get("sse_event"));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[]}}", messages.get(1).json());
        assertEquals("2", messages.get(1).transport().get("sse_event_id"));
        assertEquals(200, messages.get(1).transport().get("http_status"));
    }

    @Test
    void legacySse_relativeEndpointIsRewrittenAndPostsComeBackThroughTheProxy() throws Exception {
        startProxy("/sse", 30);
        String stream = get("/").body();
        assertTrue(stream.startsWith("event: endpoint\ndata: /.agent-strace/o/0/messages?sessionId=abc\n\n"), stream);
        assertTrue(stream.contains("data: {\"jsonrpc\":\"2.0\",\"id\":5,\"result\":{}}"), stream);
    }

    @Test
    void legacySse_absoluteEndpointIsRewrittenToTheProxyOriginAndPairsWithItsPosts() throws Exception {
        startProxy("/sse", 30);
        CompletableFuture<HttpResponse<InputStream>> sse = client.sendAsync(
                HttpRequest.newBuilder(proxy("/?abs")).build(), HttpResponse.BodyHandlers.ofInputStream());
        InputStream in = sse.get(60, TimeUnit.SECONDS).body();
        byte[] buf = new byte[4096];
        String head = "";
        while (!head.endsWith("\n\n")) {
            int n = in.read(buf);
            assertTrue(n > 0);
            head += new String(buf, 0, n, StandardCharsets.UTF_8);
        }
        String expected = "http://127.0.0.1:" + session.port() + "/.agent-strace/o/0/messages?sessionId=abc";
        assertEquals("event: endpoint\ndata: " + expected + "\n\n", head);
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create(expected))
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/list\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, post.statusCode());
        in.readAllBytes();
        in.close();
        session.finish();
        Seen request = seen.stream().filter(s -> s.dir() == Direction.CLIENT_TO_SERVER).findFirst().orElseThrow();
        Seen response = seen.stream().filter(s -> s.dir() == Direction.SERVER_TO_CLIENT).findFirst().orElseThrow();
        assertEquals(request.recorder(), response.recorder(), "legacy POST and its SSE response in different conversations");
        assertEquals("/messages?sessionId=abc", request.transport().get("http_path"));
    }

    @Test
    void realClassifier_sessionIsMarkedAliveAndItsMetaKeptCurrentUntilFinished() throws Exception {
        session = HttpRecordSession.start(
                new HttpRecordSession.Settings(URI.create("http://127.0.0.1:" + upstream.getAddress().getPort() + "/api"),
                        "127.0.0.1", 0, "test", Duration.ofSeconds(30)),
                new TraceStore(traces), Redactor.standard(), new Ids(new Random(4)),
                Clock.system(), e -> { }, line -> { }, warnings::add);
        TraceStore store = new TraceStore(traces);
        assertEquals(io.github.agentstrace.store.RecorderState.ALIVE, store.recorder(session.sessionId()));
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(proxy("/rpc"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
                        + "\"params\":{\"name\":\"t\",\"arguments\":{\"text\":\"hi\",\"delay\":0}}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); // the flusher's pace; ends a hang only
        SessionMeta live = store.readMeta(session.sessionId());
        while (live.toolCalls() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(10);
            live = store.readMeta(session.sessionId());
        }
        assertEquals(1, live.toolCalls(), "meta.json counters current while the proxy runs");
        assertNull(live.endedAt());
        SessionMeta end = session.finish();
        assertEquals(1, end.toolCalls());
        assertEquals(io.github.agentstrace.store.RecorderState.GONE, store.recorder(session.sessionId()));
    }

    @Test
    void realClassifier_pairsConcurrentSessionlessCallsWithTheSameIdEachWithItsOwnAnswer() throws Exception {
        session = HttpRecordSession.start(
                new HttpRecordSession.Settings(URI.create("http://127.0.0.1:" + upstream.getAddress().getPort() + "/api"),
                        "127.0.0.1", 0, "test", Duration.ofSeconds(30)),
                new TraceStore(traces), Redactor.standard(), new Ids(new Random(3)),
                Clock.system(), e -> { }, line -> { }, warnings::add);
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (String[] c : new String[][] {{"slow", "600"}, {"fast", "10"}}) {
            calls.add(client.sendAsync(HttpRequest.newBuilder(proxy("/rpc"))
                    .header("Authorization", "Bearer abcdefghijklmnop")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
                            + "\"params\":{\"name\":\"t\",\"arguments\":{\"text\":\"" + c[0] + "\",\"delay\":" + c[1] + "}}}"))
                    .build(), HttpResponse.BodyHandlers.ofString()));
            Thread.sleep(50);
        }
        for (CompletableFuture<HttpResponse<String>> f : calls) {
            assertEquals(200, f.get(10, TimeUnit.SECONDS).statusCode());
        }
        session.finish();
        List<TraceEvent> all = events();
        Map<String, String> callText = new LinkedHashMap<>();
        for (TraceEvent e : all) {
            if (e.type().equals("tool_call")) {
                callText.put(e.eventId(), (String) Json.asObject(e.data().get("arguments")).get("text"));
            }
        }
        List<TraceEvent> results = all.stream().filter(e -> e.type().equals("tool_result")).toList();
        assertEquals(2, results.size(), warnings + " " + all);
        for (TraceEvent r : results) {
            assertEquals(callText.get(r.parentId()), r.data().get("content_preview"), "answer paired with the wrong call");
        }
        String file = Files.readString(traces.resolve(session.sessionId()).resolve(TraceStore.EVENTS));
        assertFalse(file.contains("abcdefghijklmnop"), "Authorization recorded in clear");
    }

    @Test
    void realClassifier_pairsAnAnswerOnTheGetStreamWithTheRequestPostedInTheSameSession() throws Exception {
        session = HttpRecordSession.start(
                new HttpRecordSession.Settings(URI.create("http://127.0.0.1:" + upstream.getAddress().getPort() + "/api"),
                        "127.0.0.1", 0, "test", Duration.ofSeconds(30)),
                new TraceStore(traces), Redactor.standard(), new Ids(new Random(5)),
                Clock.system(), e -> { }, line -> { }, warnings::add);
        HttpResponse<InputStream> stream = client.send(HttpRequest.newBuilder(proxy("/stream"))
                .header("Mcp-Session-Id", "s-9").header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(proxy("/accept"))
                .header("Mcp-Session-Id", "s-9").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\","
                        + "\"params\":{\"name\":\"t\",\"arguments\":{}}}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, post.statusCode());
        clientGotFirstEvent.countDown();
        try (InputStream in = stream.body()) {
            assertTrue(new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("from the GET stream"));
        }
        session.finish();
        List<TraceEvent> all = events();
        TraceEvent call = all.stream().filter(e -> e.type().equals("tool_call")).findFirst().orElseThrow();
        TraceEvent result = all.stream().filter(e -> e.type().equals("tool_result")).findFirst().orElseThrow();
        assertEquals(call.eventId(), result.parentId());
        assertEquals("e1", Json.asObject(result.data().get("transport")).get("sse_event_id"));
        assertEquals("GET", Json.asObject(result.data().get("transport")).get("http_method"));
    }

    @Test
    void unknownAliasPath_is404FromTheProxy() throws Exception {
        startProxy("/api", 30);
        HttpResponse<String> r = get("/.agent-strace/o/5/x");
        assertEquals(404, r.statusCode());
        assertTrue(r.body().startsWith("agent-strace: "));
    }

    @Test
    void session_startAndEndEventsDescribeTheProxy() throws Exception {
        startProxy("/api", 30);
        session.finish();
        List<TraceEvent> all = events();
        assertEquals("session_start", all.get(0).type());
        assertEquals("http", all.get(0).data().get("mode"));
        assertEquals("on", all.get(0).data().get("redaction"));
        assertNotNull(all.get(0).data().get("local_port"));
        assertEquals("session_end", all.get(all.size() - 1).type());
        assertEquals("http-proxy -> http://127.0.0.1:" + upstream.getAddress().getPort() + "/api",
                new TraceStore(traces).readMeta(session.sessionId()).command());
    }
}
