package io.github.agentstrace.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.session.SessionListener;
import io.github.agentstrace.session.SessionView;
import io.github.agentstrace.store.TraceStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} over real HTTP: what it serves, and everything it refuses. */
class DashboardTest {
    @TempDir
    Path dir;

    private Dashboard dashboard;
    private final List<String> warnings = new ArrayList<>();

    @AfterEach
    void close() {
        if (dashboard != null) {
            dashboard.close();
        }
    }

    /** A copy of the sample sessions, so that tests may append to them. */
    private Path traces() throws IOException {
        Path traces = dir.resolve("traces");
        try (Stream<Path> s = Files.walk(WebFixture.EXAMPLES)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path to = traces.resolve(WebFixture.EXAMPLES.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        return traces;
    }

    private Dashboard start(String host) throws IOException {
        Path traces = traces();
        dashboard = Dashboard.start(new Dashboard.Settings(host, 0, new TraceStore(traces),
                () -> WebFixture.reading(traces), warnings::add, 20, WebFixture.HOME));
        return dashboard;
    }

    /** A response as the wire carries it. */
    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** One request over a raw socket, so that the Host header and the method are exactly ours. */
    private Response request(String method, String target, String host, String... extraHeaders) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), dashboard.port())) {
            s.setSoTimeout(30_000);
            StringBuilder req = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
            if (host != null) {
                req.append("Host: ").append(host).append("\r\n");
            }
            for (String h : extraHeaders) {
                req.append(h).append("\r\n");
            }
            req.append("Connection: close\r\n\r\n");
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return parse(s.getInputStream());
        }
    }

    private Response get(String target) throws IOException {
        return request("GET", target, "127.0.0.1:" + dashboard.port());
    }

    private static Response parse(InputStream in) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String status = r.readLine();
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line; (line = r.readLine()) != null && !line.isEmpty(); ) {
            int colon = line.indexOf(':');
            headers.merge(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).strip(), (a, b) -> a + "\n" + b);
        }
        StringBuilder body = new StringBuilder();
        if (headers.containsKey("content-length")) {
            char[] buf = new char[8192];
            for (int n; (n = r.read(buf)) > 0; ) {
                body.append(buf, 0, n);
            }
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (String size; (size = r.readLine()) != null; ) {
                int len = Integer.parseInt(size.strip(), 16);
                if (len == 0) {
                    break;
                }
                char[] chunk = new char[len];
                int got = 0;
                while (got < len) {
                    got += r.read(chunk, got, len - got); // chars may be fewer than bytes: good enough for ASCII bodies
                }
                body.append(chunk);
                r.readLine();
            }
        }
        return new Response(Integer.parseInt(status.split(" ")[1]), headers, body.toString());
    }

    @Test
    void loopback_byDefault_servesTheListWithoutToken() throws Exception {
        start("127.0.0.1");
        assertFalse(dashboard.needsToken());
        assertEquals("http://127.0.0.1:" + dashboard.port() + "/", dashboard.url());
        Response list = get("/");
        assertEquals(200, list.status());
        assertTrue(list.header("Content-Type").startsWith("text/html"));
        Map<String, Object> data = WebFixture.dataOf(list.body());
        assertEquals("sessions", data.get("mode"));
        assertEquals(5, Json.asArray(data.get("sessions")).size());
    }

    @Test
    void loopback_isNotReachableOnTheMachinesOtherAddresses() throws Exception {
        start("127.0.0.1");
        List<InetAddress> others = new ArrayList<>();
        for (var nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            for (var a : java.util.Collections.list(nic.getInetAddresses())) {
                if (!a.isLoopbackAddress() && a instanceof java.net.Inet4Address) {
                    others.add(a);
                }
            }
        }
        org.junit.jupiter.api.Assumptions.assumeFalse(others.isEmpty(), "this machine has no other address");
        for (InetAddress a : others) {
            try (Socket s = new Socket()) {
                s.connect(new java.net.InetSocketAddress(a, dashboard.port()), 5_000);
                throw new AssertionError("reachable on " + a);
            } catch (java.net.ConnectException expected) {
                // refused: nobody listens there
            }
        }
    }

    @Test
    void everyResponse_carriesTheSecurityHeaders() throws Exception {
        start("127.0.0.1");
        for (String target : List.of("/", "/s/9cc82d8d0a3ce14b", "/api/sessions", "/api/sessions/9cc82d8d0a3ce14b",
                "/nothing", "/s/..", "/api/sessions/nope00000000", "/search?q=pytest", "/clusters", "/report",
                "/api/search?q=pytest", "/api/search?q=%22open", "/api/clusters", "/api/report?by=nope")) {
            Response r = get(target);
            String csp = r.header("Content-Security-Policy");
            assertTrue(csp != null && csp.contains("frame-ancestors 'none'") && csp.contains("default-src 'none'")
                    && csp.contains("connect-src 'self'") && !csp.contains("unsafe-inline"), target + ": " + csp);
            assertEquals("nosniff", r.header("X-Content-Type-Options"), target);
            assertEquals("DENY", r.header("X-Frame-Options"), target);
        }
        Response refused = request("GET", "/", "evil.example:" + dashboard.port());
        assertEquals("nosniff", refused.header("X-Content-Type-Options"), "a refusal too");
    }

    @Test
    void hostHeader_otherNames_areRefused() throws Exception {
        start("127.0.0.1");
        int p = dashboard.port();
        for (String ok : List.of("127.0.0.1:" + p, "localhost:" + p, "LOCALHOST:" + p, "[::1]:" + p, "10.1.2.3:" + p)) {
            assertEquals(200, request("GET", "/api/sessions", ok).status(), ok);
        }
        for (String bad : List.of("evil.example:" + p, "127.0.0.1.nip.io:" + p, "localhost.evil:" + p, "127.0.0.1:" + (p + 1),
                "localhost", "")) {
            Response r = request("GET", "/api/sessions", bad);
            assertEquals(421, r.status(), bad);
            assertFalse(r.body().contains("session_id"), bad);
            for (String target : List.of("/api/search?q=type:error", "/search?q=type:error", "/api/clusters", "/clusters",
                    "/api/report", "/report")) {
                Response page = request("GET", target, bad);
                assertEquals(421, page.status(), bad + " " + target);
                assertFalse(page.body().contains("9cc82d8d0a3ce14b"), bad + " " + target);
            }
        }
        assertEquals(421, request("GET", "/api/sessions", null).status(), "no Host header");
    }

    @Test
    void nothingWrites_noCors() throws Exception {
        start("127.0.0.1");
        Path traces = dir.resolve("traces");
        long before = Files.walk(traces).count();
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS")) {
            for (String target : List.of("/api/sessions/9cc82d8d0a3ce14b", "/search?q=x", "/api/search?q=x", "/report")) {
                Response r = request(method, target, "127.0.0.1:" + dashboard.port(),
                        "Origin: http://evil.example", "Access-Control-Request-Method: POST", "Content-Length: 0");
                assertEquals(405, r.status(), method + " " + target);
                assertEquals("GET, HEAD", r.header("Allow"), method + " " + target);
            }
        }
        Response r = request("GET", "/api/sessions", "127.0.0.1:" + dashboard.port(), "Origin: http://evil.example");
        assertEquals(200, r.status());
        r.headers().keySet().forEach(h -> assertFalse(h.startsWith("access-control-"), "no CORS header: " + h));
        assertEquals(before, Files.walk(traces).count(), "no file was created");
    }

    @Test
    void sessionIds_areValidated_andPathsCannotEscape() throws Exception {
        start("127.0.0.1");
        Files.writeString(dir.resolve("secret.txt"), "top secret");
        for (String target : List.of("/s/..%2Fsecret.txt", "/s/%2e%2e", "/s/..", "/api/sessions/..%2F..%2Fsecret.txt",
                "/api/sessions/%2e%2e/events", "/s/a%00b", "/s/a%5Cb", "/s/%ZZ", "/api/sessions/" + "x".repeat(200))) {
            Response r = get(target);
            assertTrue(r.status() == 400 || r.status() == 404, target + " -> " + r.status());
            assertFalse(r.body().contains("top secret"), target);
        }
        assertEquals(404, get("/s/abcdef0123456789").status(), "a valid id that is not in the directory");
        assertEquals(400, get("/api/sessions/9cc82d8d0a3ce14b/events?offset=-1").status());
        assertEquals(400, get("/api/sessions/9cc82d8d0a3ce14b/events?limit=0").status());
        assertEquals(400, get("/api/sessions/9cc82d8d0a3ce14b/events?limit=x%ZZ").status());
    }

    @Test
    void beyondLoopback_everyRequestNeedsTheToken() throws Exception {
        start("0.0.0.0");
        assertTrue(dashboard.needsToken());
        String url = dashboard.url();
        String token = url.substring(url.indexOf("?token=") + "?token=".length());
        assertTrue(token.length() >= 40, "a long random token: " + token);
        String host = "127.0.0.1:" + dashboard.port();
        assertEquals(401, request("GET", "/", host).status());
        assertEquals(401, request("GET", "/api/sessions", host).status());
        for (String target : List.of("/search?q=type:error", "/api/search?q=type:error", "/clusters", "/api/clusters",
                "/report", "/api/report")) {
            Response r = request("GET", target, host);
            assertEquals(401, r.status(), target);
            assertFalse(r.body().contains("9cc82d8d0a3ce14b"), target);
        }
        assertEquals(401, request("GET", "/?token=" + token.substring(1), host).status(), "a wrong token");
        Response first = request("GET", "/?token=" + token, host);
        assertEquals(200, first.status());
        String cookie = first.header("Set-Cookie");
        assertTrue(cookie.startsWith(Guard.COOKIE + "=" + token) && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
        assertEquals(200, request("GET", "/api/sessions", host, "Cookie: other=1; " + Guard.COOKIE + "=" + token).status());
        assertEquals(200, request("GET", "/api/search?q=type:error", host, "Cookie: " + Guard.COOKIE + "=" + token).status());
        assertEquals(200, request("GET", "/report", host, "Cookie: " + Guard.COOKIE + "=" + token).status());
        assertEquals(401, request("GET", "/api/sessions", host, "Cookie: " + Guard.COOKIE + "=nope").status());
        Start second = new Start();
        assertFalse(second.token().equals(token), "a fresh token per start");
    }

    /** Another server, to see that its token is not the first one's. */
    private final class Start {
        String token() throws IOException {
            Path traces = dir.resolve("traces");
            try (Dashboard d = Dashboard.start(new Dashboard.Settings("0.0.0.0", 0, new TraceStore(traces),
                    () -> WebFixture.reading(traces), warnings::add, 20, WebFixture.HOME))) {
                return d.url().substring(d.url().indexOf("?token=") + 7);
            }
        }
    }

    @Test
    void api_sessions_haveTheModelsNumbers() throws Exception {
        start("127.0.0.1");
        Map<String, Object> body = Json.asObject(Json.parse(get("/api/sessions").body()));
        List<Object> sessions = Json.asArray(body.get("sessions"));
        assertEquals(5, sessions.size());
        for (Object o : sessions) {
            Map<String, Object> s = Json.asObject(o);
            String id = (String) s.get("session_id");
            SessionView v = WebFixture.reading(dir.resolve("traces")).read(id, false, false, SessionListener.NONE);
            assertEquals(v.summary().toolCalls(), ((Number) s.get("tool_calls")).longValue(), id);
            assertEquals(v.summary().errors(), ((Number) s.get("errors")).longValue(), id);
            assertEquals(v.summary().prompts(), ((Number) s.get("prompts")).longValue(), id);
        }
        Map<String, Object> sub = Json.asObject(sessions.stream().filter(o -> "aa7ddf1d23bc5b3bb".equals(Json.asObject(o).get("session_id")))
                .findFirst().orElseThrow());
        assertEquals("ec60f27c-f718-4d", sub.get("parent_session_id"), "subagents name their parent");
        Map<String, Object> page = Json.asObject(Json.parse(get("/api/sessions/ec60f27c-f718-4d").body()));
        assertEquals(PageData.FORMAT, page.get("format"));
        assertEquals(2, Json.asArray(page.get("lanes")).size());
        assertEquals(8L, ((Number) Json.asObject(page.get("session")).get("tool_calls")).longValue());
    }

    @Test
    void api_events_arePaged() throws Exception {
        start("127.0.0.1");
        Map<String, Object> first = Json.asObject(Json.parse(get("/api/sessions/9cc82d8d0a3ce14b/events?limit=10").body()));
        assertEquals(10, Json.asArray(first.get("events")).size());
        assertEquals(10L, ((Number) first.get("next_offset")).longValue());
        Map<String, Object> last = Json.asObject(Json.parse(get("/api/sessions/9cc82d8d0a3ce14b/events?offset=20&limit=10").body()));
        assertEquals(6, Json.asArray(last.get("events")).size());
        assertNull(last.get("next_offset"));
        assertEquals("session_end", Json.asObject(Json.asArray(last.get("events")).get(5)).get("event_type"));
    }

    @Test
    void live_sendsTheSessionAgain_whenAnEventIsAppended() throws Exception {
        start("127.0.0.1");
        Path events = dir.resolve("traces").resolve("9cc82d8d0a3ce14b").resolve("events.ndjson");
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), dashboard.port())) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(("GET /api/sessions/9cc82d8d0a3ce14b/live HTTP/1.1\r\nHost: localhost:"
                    + dashboard.port() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            String status = asciiLine(in);
            assertTrue(status.contains(" 200 "), status);
            while (!asciiLine(in).isEmpty()) {
                // headers
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(new Dechunked(in), StandardCharsets.UTF_8));
            Map<String, Object> first = nextSession(r);
            assertEquals(26L, ((Number) Json.asObject(first.get("session")).get("events")).longValue());
            String line = "{\"event_type\":\"tool_call\",\"timestamp\":1795482043.5,\"event_id\":\"livecall0001\","
                    + "\"session_id\":\"9cc82d8d0a3ce14b\",\"data\":{\"tool_name\":\"Bash\",\"arguments\":{\"command\":\"echo appended\"}}}\n";
            Files.writeString(events, line, StandardOpenOption.APPEND);
            Map<String, Object> second = CompletableFuture.supplyAsync(() -> {
                try {
                    return nextSession(r);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).get(30, TimeUnit.SECONDS);
            assertEquals(27L, ((Number) Json.asObject(second.get("session")).get("events")).longValue());
            assertTrue(Json.write(second.get("rows")).contains("echo appended"));
        }
    }

    private static String asciiLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    /** The body of a chunked response (an SSE stream is one: it has no length). */
    private static final class Dechunked extends InputStream {
        private final InputStream in;
        private long left;

        Dechunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                String size = asciiLine(in);
                if (size.isEmpty()) {
                    size = asciiLine(in); // the CRLF after the previous chunk
                }
                left = Long.parseLong(size.strip(), 16);
                if (left == 0) {
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }

    /** Reads SSE lines up to the next {@code session} event; returns its data. */
    private static Map<String, Object> nextSession(BufferedReader r) throws IOException {
        String event = null;
        for (String line; (line = r.readLine()) != null; ) {
            if (line.startsWith("event: ")) {
                event = line.substring(7);
            } else if (line.startsWith("data: ") && "session".equals(event)) {
                return Json.asObject(Json.parse(line.substring(6)));
            }
        }
        throw new IOException("the stream ended");
    }
}
