package io.github.agentstrace.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.export.ExportFixtures;
import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.redact.Redactor;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import io.github.agentstrace.store.TraceStore;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sending to a local receiver: headers, gzip, retries, Retry-After, 400, timeouts, partial success, batching. */
class OtlpSenderTest {
    private static final String HOOKS = ExportFixtures.SESSIONS.get("a-hooks");

    @TempDir
    Path tmp;
    TraceStore store;
    Receiver receiver;
    final List<Duration> sleeps = new ArrayList<>();

    @BeforeEach
    void init() {
        store = new TraceStore(ExportFixtures.copySessions(tmp.resolve("traces")));
        receiver = new Receiver();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    private OtlpExport.Summary send(OtlpSettings settings, String... ids) {
        return Otlp.exporter(settings, sleeps).send(store, List.of(ids), w -> { });
    }

    private OtlpSettings settings(String protocol, String compression, String timeout, Integer retries, Long maxBatch,
                                  String... headers) {
        return OtlpSettings.resolve(new OtlpSettings.Flags(receiver.base(), protocol, List.of(headers), compression,
                timeout, null, maxBatch, retries), Map.of());
    }

    private OtlpSettings plain() {
        return settings(null, null, null, null, null);
    }

    @Test
    void send_deliversGzippedProtobufWithTheGivenHeaders() {
        OtlpExport.Summary s = send(settings(null, "gzip", null, null, null, "x-honeycomb-team: secret-key-123",
                "api-key: abc"), HOOKS);
        assertTrue(s.ok(), s.toString());
        assertEquals(7, s.spans());
        assertEquals(1, s.requests());
        Receiver.Request r = receiver.requests().get(0);
        assertEquals("POST", r.method());
        assertEquals("/v1/traces", r.path());
        assertEquals("application/x-protobuf", r.header("Content-Type"));
        assertEquals("gzip", r.header("Content-Encoding"));
        assertEquals("secret-key-123", r.header("x-honeycomb-team"));
        assertEquals("abc", r.header("api-key"));
        assertTrue(r.header("User-Agent").startsWith("agent-strace/"));
        assertTrue(r.wireLength() < r.body().length, "compressed on the wire");
        assertEquals(s.bytes(), r.wireLength());
        assertEquals(7, Otlp.spans(Otlp.fromProtobuf(r.body())).size());
    }

    @Test
    void send_httpJsonPostsOtlpJson() {
        assertTrue(send(settings("http/json", null, null, null, null), HOOKS).ok());
        Receiver.Request r = receiver.requests().get(0);
        assertEquals("application/json", r.header("Content-Type"));
        assertEquals(null, r.header("Content-Encoding"));
        ExportTraceServiceRequest req = Otlp.fromJson(new String(r.body(), StandardCharsets.UTF_8));
        assertEquals(7, Otlp.spans(req).size());
    }

    @Test
    void send_retries503And502WithGrowingJitteredBackoff() {
        receiver.then(503).then(502).then(200);
        OtlpExport.Summary s = send(plain(), HOOKS);
        assertTrue(s.ok(), s.toString());
        assertEquals(3, receiver.requests().size());
        assertEquals(2, sleeps.size());
        assertBetween(sleeps.get(0), 500, 1000);
        assertBetween(sleeps.get(1), 1000, 2000);
        assertEquals(receiver.requests().get(0).body().length, receiver.requests().get(2).body().length);
    }

    private static void assertBetween(Duration d, long minMs, long maxMs) {
        assertTrue(d.toMillis() >= minMs && d.toMillis() <= maxMs, d + " not in [" + minMs + "," + maxMs + "] ms");
    }

    @Test
    void send_honoursRetryAfterInSecondsAndAsADate() {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(Otlp.CLOCK.instant().plusSeconds(12).atZone(ZoneOffset.UTC));
        receiver.then(new Receiver.Answer(429, Map.of("Retry-After", "7"), new byte[0], 0))
                .then(new Receiver.Answer(503, Map.of("Retry-After", date), new byte[0], 0))
                .then(200);
        assertTrue(send(plain(), HOOKS).ok());
        assertEquals(List.of(Duration.ofSeconds(7), Duration.ofSeconds(12)), sleeps);
    }

    @Test
    void send_givesUpWhenRetryAfterExceedsTheBudget() {
        receiver.then(new Receiver.Answer(503, Map.of("Retry-After", "3600"), new byte[0], 0));
        OtlpExport.Summary s = send(plain(), HOOKS);
        assertFalse(s.ok());
        assertEquals(1, receiver.requests().size());
        assertEquals(List.of(), sleeps);
        assertTrue(s.problems().get(0).contains("retry after 3600s, beyond the retry budget of 60s"), s.problems().toString());
    }

    @Test
    void send_stopsAfterTheAttemptLimit() {
        for (int i = 0; i < 10; i++) {
            receiver.then(504);
        }
        OtlpExport.Summary s = send(settings(null, null, null, 2, null), HOOKS);
        assertFalse(s.ok());
        assertEquals(3, receiver.requests().size());
        assertEquals(7, s.rejected());
        assertEquals("HTTP 504 (gave up after 3 attempts)", s.problems().get(0));
    }

    @Test
    void send_doesNotRetry400AndReportsTheStatusMessage() {
        // google.rpc.Status{code=3 (field 1, varint), message (field 2, string)}, written out by hand.
        byte[] msg = "span 3 has no name".getBytes(StandardCharsets.UTF_8);
        byte[] status = new byte[4 + msg.length];
        status[0] = 0x08;
        status[1] = 3;
        status[2] = 0x12;
        status[3] = (byte) msg.length;
        System.arraycopy(msg, 0, status, 4, msg.length);
        receiver.then(new Receiver.Answer(400, Map.of("Content-Type", "application/x-protobuf"), status, 0));
        OtlpExport.Summary s = send(plain(), HOOKS);
        assertFalse(s.ok());
        assertEquals(1, receiver.requests().size());
        assertEquals(List.of(), sleeps);
        assertEquals(0, s.accepted());
        assertEquals(List.of("HTTP 400: span 3 has no name"), s.problems());
    }

    @Test
    void send_reportsPartialSuccessWithoutRetrying() {
        byte[] body = ExportTraceServiceResponse.newBuilder().setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                .setRejectedSpans(2).setErrorMessage("spans too old")).build().toByteArray();
        receiver.then(new Receiver.Answer(200, Map.of("Content-Type", "application/x-protobuf"), body, 0));
        OtlpExport.Summary s = send(plain(), HOOKS);
        assertFalse(s.ok());
        assertEquals(1, receiver.requests().size());
        assertEquals(5, s.accepted());
        assertEquals(2, s.rejected());
        assertEquals(List.of("partial success: 2 spans rejected: spans too old"), s.problems());
    }

    @Test
    void send_readsAJsonPartialSuccess() {
        byte[] body = "{\"partialSuccess\":{\"rejectedSpans\":\"1\",\"errorMessage\":\"bad attr\"}}".getBytes(StandardCharsets.UTF_8);
        receiver.then(new Receiver.Answer(200, Map.of("Content-Type", "application/json"), body, 0));
        OtlpExport.Summary s = send(settings("http/json", null, null, null, null), HOOKS);
        assertEquals(1, s.rejected());
        assertEquals(List.of("partial success: 1 spans rejected: bad attr"), s.problems());
    }

    @Test
    void send_anEmptyPartialSuccessIsSuccess() {
        byte[] body = ExportTraceServiceResponse.newBuilder().setPartialSuccess(ExportTracePartialSuccess.newBuilder())
                .build().toByteArray();
        receiver.then(new Receiver.Answer(200, Map.of("Content-Type", "application/x-protobuf"), body, 0));
        assertTrue(send(plain(), HOOKS).ok());
    }

    @Test
    void send_timesOutAndRetriesASlowReceiver() {
        receiver.then(new Receiver.Answer(200, Map.of(), new byte[0], 1500))
                .then(new Receiver.Answer(200, Map.of(), new byte[0], 1500));
        OtlpExport.Summary s = send(settings(null, null, "200ms", 1, null), HOOKS);
        assertFalse(s.ok());
        assertEquals(1, sleeps.size());
        assertTrue(s.problems().get(0).endsWith("no response within 0.2s (gave up after 2 attempts)"), s.problems().toString());
    }

    @Test
    void send_reportsARefusedConnectionAfterRetrying() {
        receiver.close();
        OtlpExport.Summary s = send(settings(null, null, null, 2, null), HOOKS);
        assertFalse(s.ok());
        assertEquals(2, sleeps.size());
        assertEquals("cannot reach " + receiver.base() + "/v1/traces: connection refused (gave up after 3 attempts)",
                s.problems().get(0));
    }

    @Test
    void send_neverShowsHeaderValuesAndStopsAfterAnAuthFailure() {
        OtlpExport.Summary s = sendWithSecretRefusedBy(403);
        assertFalse(s.ok());
        assertEquals(1, receiver.requests().size(), "403 would repeat: later batches are not sent");
        assertEquals(0, s.accepted());
        assertEquals(s.spans(), s.rejected());
        assertEquals(List.of("HTTP 403: invalid key [header value]"), s.problems());
    }

    @Test
    void send_stopsAfterA401_whoseBodyTheJdkDoesNotHandOver() {
        // A 401 to a request sent in streaming mode is answered by the JDK's HTTP stack itself, without the body.
        OtlpExport.Summary s = sendWithSecretRefusedBy(401);
        assertEquals(1, receiver.requests().size(), "401 would repeat: later batches are not sent");
        assertEquals(s.spans(), s.rejected());
        assertEquals(List.of("HTTP 401"), s.problems());
    }

    /** Every sample session, sent with a secret header to a receiver that refuses it with {@code status}. */
    private OtlpExport.Summary sendWithSecretRefusedBy(int status) {
        receiver.then(new Receiver.Answer(status, Map.of("Content-Type", "text/plain"),
                "invalid key hunter2-secret".getBytes(StandardCharsets.UTF_8), 0));
        return send(settings(null, null, null, null, 2048L, "Authorization: hunter2-secret"),
                ExportFixtures.SESSIONS.values().toArray(String[]::new));
    }

    @Test
    void send_continuesAfterA400ForOneBatch() {
        receiver.then(400);
        OtlpExport.Summary s = send(settings(null, null, null, null, 2048L), ExportFixtures.SESSIONS.values().toArray(String[]::new));
        assertTrue(receiver.requests().size() > 2);
        assertEquals(s.requests(), receiver.requests().size());
        assertTrue(s.accepted() > 0 && s.rejected() > 0);
        for (Receiver.Request r : receiver.requests()) {
            assertTrue(r.body().length <= 2048, "batch of " + r.body().length + " bytes");
        }
    }

    @Test
    void send_httpJsonInSeveralBatches_deliversEverySpanOnceUnderTheBound() {
        // JSON spans are framed with commas: each batch must still be one valid request of its own.
        OtlpExport.Summary s = send(settings("http/json", null, null, null, 2048L),
                ExportFixtures.SESSIONS.values().toArray(String[]::new));
        assertTrue(s.ok(), s.toString());
        assertTrue(receiver.requests().size() > 2, receiver.requests().size() + " requests");
        Set<String> ids = new HashSet<>();
        for (Receiver.Request r : receiver.requests()) {
            List<Span> spans = Otlp.spans(Otlp.fromJson(new String(r.body(), StandardCharsets.UTF_8)));
            assertTrue(r.body().length <= 2048 || spans.size() == 1,
                    "batch of " + r.body().length + " bytes: only a span larger than the bound goes over it, alone");
            for (Span span : spans) {
                assertTrue(ids.add(Otlp.hex(span.getSpanId())), "span sent twice");
            }
        }
        assertEquals(s.spans(), ids.size());
    }

    @Test
    void send_batchesA100kEventSessionUnderTheSizeBound() throws IOException {
        double t = 1_790_000_000.0;
        // Written straight to the events file (the on-disk lines the writer would produce): a hundred thousand
        // locked appends would make this test slow without testing anything more.
        store.create(SessionMeta.start("big", t, "claude-code", "bench"), Redactor.disabled());
        try (BufferedWriter w = Files.newBufferedWriter(store.eventsFile("big"))) {
            for (int i = 0; i < 50_000; i++) {
                t += 0.001;
                w.write(TraceEvent.of(EventType.TOOL_CALL, t, "c" + i, "big", null, null,
                        Map.of("tool_name", "Bash", "arguments", Map.of("command", "echo " + i))).toLine() + "\n");
                t += 0.002;
                w.write(TraceEvent.of(EventType.TOOL_RESULT, t, "r" + i, "big", "c" + i, 2.0,
                        Map.of("tool_name", "Bash", "result", "line " + i)).toLine() + "\n");
            }
        }
        long bound = 1L << 20;
        OtlpExport.Summary s = send(settings(null, null, null, null, bound), "big");
        assertTrue(s.ok(), s.toString());
        assertEquals(50_001, s.spans());
        List<Receiver.Request> requests = receiver.requests();
        assertTrue(requests.size() >= 5, requests.size() + " requests");
        assertEquals(s.requests(), requests.size());
        Set<String> ids = new HashSet<>();
        Set<String> traces = new HashSet<>();
        long total = 0;
        for (Receiver.Request r : requests) {
            assertTrue(r.body().length <= bound, "body of " + r.body().length + " bytes over the bound");
            for (Span span : Otlp.spans(Otlp.fromProtobuf(r.body()))) {
                ids.add(Otlp.hex(span.getSpanId()));
                traces.add(Otlp.hex(span.getTraceId()));
                total++;
            }
        }
        assertEquals(50_001, total);
        assertEquals(50_001, ids.size(), "span ids are unique");
        assertEquals(1, traces.size());
    }
}
