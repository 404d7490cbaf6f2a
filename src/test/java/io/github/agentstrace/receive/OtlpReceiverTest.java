package io.github.agentstrace.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.Clock;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.store.TraceDirRegistry;
import io.github.agentstrace.store.TraceStore;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real server on a free loopback port, driven by the JDK's HTTP client (and a raw socket for Host). */
class OtlpReceiverTest {
    private static final long CAP = 64 * 1024;

    @TempDir
    Path dir;
    private OtlpReceiver receiver;
    private TraceStore store;
    private final List<String> warnings = new ArrayList<>();
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        store = new TraceStore(dir, TraceDirRegistry.NONE);
        receiver = OtlpReceiver.start(new OtlpReceiver.Settings("127.0.0.1", 0, CAP, store, Redactor.standard(),
                Clock.of(java.time.Clock.fixed(Instant.ofEpochSecond(1_800_000_000L), ZoneOffset.UTC)), warnings::add));
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    private HttpResponse<byte[]> post(String path, String type, String encoding, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(receiver.url() + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (type != null) {
            b.header("Content-Type", type);
        }
        if (encoding != null) {
            b.header("Content-Encoding", encoding);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void everyFixtureBody_isAcceptedInItsEncoding_andRecorded() throws Exception {
        for (boolean json : new boolean[] {true, false}) {
            for (OtelFixtures.Body b : OtelFixtures.bodies(json)) {
                HttpResponse<byte[]> r = post(b.signal().path(), json ? "application/json" : "application/x-protobuf",
                        null, b.bytes());
                assertEquals(200, r.statusCode(), b.file() + ": " + new String(r.body(), StandardCharsets.UTF_8));
                if (json) {
                    assertEquals("{}", new String(r.body(), StandardCharsets.UTF_8));
                } else {
                    assertEquals(0, r.body().length, "an empty Export*ServiceResponse");
                }
                assertEquals(json ? "application/json" : "application/x-protobuf",
                        r.headers().firstValue("Content-Type").orElse(""));
            }
        }
        assertEquals(2, store.list(w -> { }).size(), "two Claude Code sessions (one per capture)");
        assertEquals(List.of(), warnings);
    }

    @Test
    void gzipBodies_areAccepted() throws Exception {
        OtelFixtures.Body logs = OtelFixtures.bodies(false, Signal.LOGS).get(0);
        HttpResponse<byte[]> r = post("/v1/logs", "application/x-protobuf", "gzip", gzip(logs.bytes()));
        assertEquals(200, r.statusCode());
        assertEquals(1, store.list(w -> { }).size());
    }

    @Test
    void partialSuccess_countsRejectedRecords_inBothEncodings() throws Exception {
        String body = """
                {"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"stringValue":"claude_code.user_prompt"}}]}]}]}""";
        HttpResponse<byte[]> r = post("/v1/logs", "application/json", null, body.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, r.statusCode());
        Map<String, Object> ps = Json.asObject(Json.asObject(Json.parse(r.body())).get("partialSuccess"));
        assertEquals("1", ps.get("rejectedLogRecords"));
        assertTrue(Json.asString(ps.get("errorMessage")).contains("session.id"));
        // protobuf: LogRecord{body: AnyValue{string_value}} under ResourceLogs/ScopeLogs
        byte[] any = concat(new byte[] {0x0A, 23}, "claude_code.user_prompt".getBytes(StandardCharsets.UTF_8));
        byte[] record = concat(new byte[] {0x2A, (byte) any.length}, any);
        byte[] scope = concat(new byte[] {0x12, (byte) record.length}, record);
        byte[] resource = concat(new byte[] {0x12, (byte) scope.length}, scope);
        byte[] request = concat(new byte[] {0x0A, (byte) resource.length}, resource);
        HttpResponse<byte[]> p = post("/v1/logs", "application/x-protobuf", null, request);
        assertEquals(200, p.statusCode());
        // ExportLogsServiceResponse{partial_success(1){rejected_log_records(1)=1, error_message(2)}}
        assertEquals(0x0A, p.body()[0]);
        assertEquals(0x08, p.body()[2]);
        assertEquals(1, p.body()[3]);
    }

    @Test
    void malformedBodies_are400_withAStatusMessage() throws Exception {
        HttpResponse<byte[]> r = post("/v1/traces", "application/x-protobuf", null, new byte[] {0x0A, 100, 1});
        assertEquals(400, r.statusCode());
        assertTrue(new String(r.body(), StandardCharsets.UTF_8).contains("malformed body"));
        HttpResponse<byte[]> j = post("/v1/traces", "application/json", null, "{\"resourceSpans\":7}".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, j.statusCode());
        assertEquals("malformed body: 'resourceSpans' must be an array",
                Json.asObject(Json.parse(j.body())).get("message"));
        HttpResponse<byte[]> g = post("/v1/logs", "application/json", "gzip", "not gzip".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, g.statusCode());
        assertTrue(store.list(w -> { }).isEmpty(), "nothing recorded");
    }

    @Test
    void oversizedBodies_are413_andADecompressionBombIsStoppedAtTheCap() throws Exception {
        HttpResponse<byte[]> big = post("/v1/logs", "application/x-protobuf", null, new byte[(int) CAP + 1]);
        assertEquals(413, big.statusCode());
        byte[] bomb = gzip(new byte[(int) CAP * 16]); // compresses to a few hundred bytes
        assertTrue(bomb.length < CAP);
        HttpResponse<byte[]> r = post("/v1/logs", "application/x-protobuf", "gzip", bomb);
        assertEquals(413, r.statusCode());
        assertTrue(new String(r.body(), StandardCharsets.UTF_8).contains("decompressed body is over the cap"));
    }

    @Test
    void otherContentTypesEncodingsMethodsAndPaths_areRefused() throws Exception {
        assertEquals(415, post("/v1/logs", "text/plain", null, new byte[0]).statusCode());
        assertEquals(415, post("/v1/logs", null, null, new byte[0]).statusCode());
        assertEquals(415, post("/v1/logs", "application/json", "br", new byte[0]).statusCode());
        assertEquals(404, post("/v1/profiles", "application/json", null, new byte[0]).statusCode());
        HttpResponse<byte[]> get = client.send(HttpRequest.newBuilder(URI.create(receiver.url() + "/v1/logs")).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(405, get.statusCode());
        assertEquals("POST", get.headers().firstValue("Allow").orElse(""));
        assertEquals(200, post("/v1/metrics", "application/json; charset=utf-8", null, "{}".getBytes(StandardCharsets.UTF_8))
                .statusCode());
    }

    @Test
    void aHostThatIsNotThisServer_isRefused() throws Exception {
        assertEquals(421, raw("evil.example:" + receiver.port()));
        assertEquals(421, raw("127.0.0.1:1"));
        assertEquals(200, raw("localhost:" + receiver.port()));
        assertEquals(200, raw("127.0.0.1:" + receiver.port()));
    }

    /** The status of a POST of an empty JSON logs request with this Host header, over a plain socket. */
    private int raw(String host) throws Exception {
        try (Socket s = new Socket("127.0.0.1", receiver.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /v1/logs HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 2\r\nConnection: close\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                head.write(c);
            }
            String status = head.toString(StandardCharsets.US_ASCII);
            assertFalse(status.isEmpty());
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    private static byte[] gzip(byte[] data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
