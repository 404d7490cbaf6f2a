package io.github.agentstrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.export.ExportFixtures;
import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.Clock;
import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TestClock;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.otlp.Receiver;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.store.TraceStore;
import io.github.agentstrace.term.ColorMode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code export} run in-process through {@link Main#run}, as the real entry point does. */
class ExportCommandTest {
    private static final String HOOKS = ExportFixtures.SESSIONS.get("a-hooks");
    private static final String PROXY = ExportFixtures.SESSIONS.get("c-stdio-proxy");

    @TempDir
    Path tmp;
    Path traces;

    record Result(int status, String out, String err) {
    }

    @BeforeEach
    void init() {
        traces = ExportFixtures.copySessions(tmp.resolve("traces"));
    }

    private Result run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Context ctx = new Context(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, tmp,
                TestClock.fixed(Instant.parse("2026-11-24T00:00:00Z")), null, ColorMode.NEVER, false);
        List<String> argv = new ArrayList<>(List.of("--trace-dir", traces.toString(), "export"));
        argv.addAll(List.of(args));
        int status = new Main().run(argv, ctx);
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Result run(String... args) {
        return run(Map.of(), args);
    }

    @Test
    void formats_printTheOriginalsOutputs() {
        assertEquals(ExportFixtures.golden("a-hooks", "export.json"), run(HOOKS).out(), "json is the default");
        assertEquals(ExportFixtures.golden("a-hooks", "export.ndjson"), run(HOOKS, "--format", "ndjson").out());
        Result csv = run("3b9e", "--format", "csv");
        assertEquals(0, csv.status());
        assertTrue(csv.out().startsWith("timestamp,event_type,event_id,parent_id,duration_ms,data\r\n"));
        assertEquals(17, csv.out().split("\r\n").length);
    }

    @Test
    void output_goesToAPrivateFile() throws Exception {
        Result r = run(PROXY, "--format", "ndjson", "-o", "proxy.ndjson");
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.out());
        Path file = tmp.resolve("proxy.ndjson");
        assertEquals(ExportFixtures.golden("c-stdio-proxy", "export.ndjson"), Files.readString(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        Result again = run(HOOKS, "--format", "ndjson", "-o", "proxy.ndjson");
        assertEquals(ExportFixtures.golden("a-hooks", "export.ndjson"), Files.readString(file), "replaced, not appended");
        assertEquals(0, again.status());
        Result noDir = run(HOOKS, "-o", "missing/out.json");
        assertEquals(1, noDir.status());
        assertEquals("agent-strace export: cannot write " + tmp.resolve("missing/out.json") + ": no such directory\n", noDir.err());
    }

    @Test
    void allAndSeveralIds_exportManySessionsAsOneDocument() {
        Result all = run("--all", "--format", "json");
        assertEquals(0, all.status());
        assertEquals(16 + 21 + 15, Json.asArray(Json.parse(all.out())).size());
        Result two = run(HOOKS, PROXY, HOOKS, "--format", "ndjson");
        assertEquals(16 + 15, two.out().split("\n").length, "a repeated id is exported once");
        Result csv = run("--all", "--format", "csv");
        assertEquals(1, csv.out().split("timestamp,event_type").length - 1, "one header");
        assertTrue(csv.out().startsWith("timestamp,event_type,event_id,parent_id,duration_ms,data,session_id\r\n"),
                csv.out().substring(0, 80));
        assertTrue(csv.out().contains("," + HOOKS + "\r\n") && csv.out().contains("," + PROXY + "\r\n"));
        Result twoCsv = run(HOOKS, PROXY, "--format", "csv");
        assertTrue(twoCsv.out().startsWith("timestamp,event_type,event_id,parent_id,duration_ms,data,session_id\r\n"));
        Result oneCsv = run(HOOKS, "--format", "csv");
        assertTrue(oneCsv.out().startsWith("timestamp,event_type,event_id,parent_id,duration_ms,data\r\n"),
                "one session: the original's columns");
    }

    @Test
    void otlpWithoutEndpoint_printsOtlpJson() {
        Result r = run(HOOKS, "--format", "otlp", "--service-name", "my-agents");
        assertEquals(0, r.status(), r.err());
        Map<String, Object> req = Json.asObject(Json.parse(r.out()));
        String text = r.out();
        assertTrue(text.contains("\"stringValue\": \"my-agents\""));
        assertTrue(text.contains("\"traceId\": \"de1ba3480af1f8e375c081d7b54bcfb0\""));
        assertEquals(1, Json.asArray(req.get("resourceSpans")).size());
    }

    @Test
    void otlpToAFile_isWhatStdoutShows() throws Exception {
        // The request is written as UTF-8 bytes to the stream beneath, not through the text writer: both ways
        // must give the same bytes (the fixture has non-ASCII text).
        TraceStore store = new TraceStore(traces);
        store.create(SessionMeta.start("unicode", 1_790_000_000.0, "claude-code", "bench"), Redactor.disabled());
        Files.writeString(store.eventsFile("unicode"), TraceEvent.of(EventType.TOOL_CALL, 1_790_000_001.0, "c1",
                "unicode", null, null, Map.of("tool_name", "Bash", "arguments", Map.of("command", "echo héllo ✓ \uD83D\uDE00")))
                .toLine() + "\n");
        Result shown = run("--all", "--format", "otlp");
        Result written = run("--all", "--format", "otlp", "-o", "all.otlp.json");
        assertEquals(0, written.status(), written.err());
        assertEquals("", written.out());
        Path file = tmp.resolve("all.otlp.json");
        assertEquals(shown.out(), Files.readString(file));
        assertTrue(shown.out().contains("echo héllo ✓ \uD83D\uDE00"), "non-ASCII text written as itself");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void otlpWithEndpoint_sendsAndSummarises() {
        try (Receiver receiver = new Receiver()) {
            Result r = run(HOOKS, "--format", "otlp", "--endpoint", receiver.base(), "--compression", "gzip",
                    "-H", "api-key: very-secret-license");
            assertEquals(0, r.status(), r.err());
            assertEquals("", r.out());
            assertTrue(r.err().startsWith("agent-strace export: sent 7 spans (1 session) to " + receiver.base()
                    + "/v1/traces in 1 request, "), r.err());
            assertFalse(r.err().contains("very-secret-license"));
            assertEquals("very-secret-license", receiver.requests().get(0).header("api-key"));
        }
    }

    @Test
    void otlpEndpointFromTheEnvironment_isUsedWhenNoFlagIsGiven() {
        try (Receiver receiver = new Receiver()) {
            Result r = run(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.base(), "OTEL_EXPORTER_OTLP_PROTOCOL", "http/json",
                    "OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team=abc%20def"), "--all", "--format", "otlp");
            assertEquals(0, r.status(), r.err());
            assertEquals(1, receiver.requests().size());
            assertEquals("application/json", receiver.requests().get(0).header("Content-Type"));
            assertEquals("abc def", receiver.requests().get(0).header("x-honeycomb-team"));
            assertTrue(r.err().contains("(3 sessions)"), r.err());
        }
    }

    @Test
    void rejectedSpans_exitOneWithTheReason() {
        try (Receiver receiver = new Receiver()) {
            receiver.then(new Receiver.Answer(403, Map.of("Content-Type", "text/plain"),
                    "key tok-123456 is not allowed".getBytes(StandardCharsets.UTF_8), 0));
            Result r = run(HOOKS, "--format", "otlp", "--endpoint", receiver.base(), "--header", "Authorization: tok-123456");
            assertEquals(1, r.status());
            assertTrue(r.err().contains("agent-strace export: HTTP 403: key [header value] is not allowed"), r.err());
            assertTrue(r.err().contains("agent-strace export: 0 of 7 spans accepted by " + receiver.base()
                    + "/v1/traces, 7 rejected or not sent"), r.err());
            assertFalse(r.err().contains("tok-123456"));
        }
    }

    @Test
    void unreachableEndpoint_exitsOneWithAClearMessage() {
        int port;
        try (Receiver closed = new Receiver()) {
            port = closed.port();
        }
        Result r = run(HOOKS, "--format", "otlp", "--endpoint", "http://127.0.0.1:" + port, "--retries", "0");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("agent-strace export: cannot reach http://127.0.0.1:" + port
                + "/v1/traces: connection refused (gave up after 1 attempts)"), r.err());
    }

    @Test
    void badInput_isReportedWithTheRightExitStatus() {
        Result missing = run("nosuchsession");
        assertEquals(1, missing.status());
        assertEquals("agent-strace export: Session not found: nosuchsession\n", missing.err());

        Result format = run(HOOKS, "--format", "xml");
        assertEquals(2, format.status());
        assertEquals("agent-strace export: invalid --format 'xml' (use json, csv, ndjson or otlp);"
                + " see 'agent-strace export --help'\n", format.err());

        // -f is --follow (replay, as tail -f); export spells --format out.
        Result shortFormat = run(HOOKS, "-f", "csv");
        assertEquals(2, shortFormat.status());
        assertEquals("agent-strace export: unknown option -f (did you mean --format?); see 'agent-strace export --help'\n",
                shortFormat.err());

        Result emptyId = run("");
        assertEquals(2, emptyId.status());
        assertEquals("agent-strace export: empty session id (give an id or a unique prefix, or none for the latest"
                + " session); see 'agent-strace export --help'\n", emptyId.err());
        assertEquals("", emptyId.out());

        Result toDirectory = run(HOOKS, "-o", tmp.toString());
        assertEquals(2, toDirectory.status());
        assertEquals("agent-strace export: --output " + tmp + " is a directory, not a file;"
                + " see 'agent-strace export --help'\n", toDirectory.err());
        Result underAFile = run(HOOKS, "-o", "traces/" + HOOKS + "/meta.json/out.json");
        assertEquals(1, underAFile.status());
        assertEquals("agent-strace export: cannot write " + traces.resolve(HOOKS + "/meta.json/out.json")
                + ": Not a directory\n", underAFile.err(), "the path once, then the reason");

        Result protocol = run(HOOKS, "--format", "otlp", "--protocol", "grpc");
        assertEquals(2, protocol.status());
        assertTrue(protocol.err().startsWith("agent-strace export: --protocol: grpc is not supported"), protocol.err());

        Result header = run(HOOKS, "--format", "otlp", "--endpoint", "http://127.0.0.1:9", "--header", "secretvalue123");
        assertEquals(2, header.status());
        assertTrue(header.err().startsWith("agent-strace export: invalid --header: expected 'Name: value'"), header.err());
        assertFalse(header.err().contains("secretvalue123"));

        Result envProtocol = run(Map.of("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"), HOOKS, "--format", "otlp");
        assertEquals(1, envProtocol.status());
        assertEquals("agent-strace export: OTEL_EXPORTER_OTLP_PROTOCOL: grpc is not supported, use http/protobuf or http/json\n",
                envProtocol.err());

        Result endpointForCsv = run(HOOKS, "--format", "csv", "--endpoint", "http://x");
        assertEquals(2, endpointForCsv.status());
        assertTrue(endpointForCsv.err().startsWith("agent-strace export: --endpoint only applies to --format otlp"));

        Result both = run(HOOKS, "--all");
        assertEquals(2, both.status());

        Result endpointAndFile = run(HOOKS, "--format", "otlp", "--endpoint", "http://x", "-o", "f.json");
        assertEquals(2, endpointAndFile.status());

        Result retries = run(HOOKS, "--format", "otlp", "--retries", "99");
        assertEquals(2, retries.status());
    }

    @Test
    void noSessions_isADataError() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Context ctx = new Context(new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), tmp, Clock.system(), null, ColorMode.NEVER, false);
        assertEquals(1, new Main().run(List.of("--trace-dir", empty.toString(), "export", "--all"), ctx));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("agent-strace export: No sessions found in"));
        assertEquals(1, new Main().run(List.of("--trace-dir", empty.toString(), "export"), ctx));
    }
}
