package io.github.agentstrace.receive;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.Clock;
import io.github.agentstrace.net.HostRule;
import io.github.agentstrace.otlp.ProtoBuffer;
import io.github.agentstrace.store.StoreException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * One OTLP/HTTP request, answered as the OTLP specification says: 200 with an empty
 * {@code Export*ServiceResponse}, or with its {@code partial_success} when items were rejected; 400 for a body
 * that cannot be decoded (never retried by the sender); 413 over the size cap, compressed or after gzip
 * decompression (the bomb cap); 415 for a content type other than {@code application/x-protobuf} or
 * {@code application/json}, or an encoding other than gzip; 405 for another method; 404 for another path;
 * 421 when {@code Host} does not name this server (a page that rebound its DNS name to 127.0.0.1); 500 when
 * the trace directory cannot be written (the sender retries later, nothing is half-recorded). Error bodies
 * are a {@code google.rpc.Status} in the request's encoding.
 */
final class ReceiveHandler implements HttpHandler {
    static final String PROTOBUF = "application/x-protobuf";
    static final String JSON = "application/json";

    private final ReceivedSessions sessions;
    private final TraceHold hold;
    private final HostRule hosts;
    /** The most of a refused body read before answering (see {@link #drain}). */
    static final long DRAIN_LIMIT = 64L << 20;

    private final long maxBody;
    private final Clock clock;
    private final Consumer<String> warnings;

    ReceiveHandler(ReceivedSessions sessions, TraceHold hold, String host, int port, long maxBody, Clock clock,
                   Consumer<String> warnings) {
        this.sessions = sessions;
        this.hold = hold;
        this.hosts = new HostRule(host, port);
        this.maxBody = maxBody;
        this.clock = clock;
        this.warnings = warnings;
    }

    /** Why a request is refused. */
    private static final class Refused extends Exception {
        final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        boolean json = false;
        try {
            Headers h = ex.getRequestHeaders();
            String type = h.getFirst("Content-Type");
            json = type != null && type.toLowerCase(Locale.ROOT).startsWith(JSON);
            answer(ex, json, serve(ex, h, type, json));
        } catch (Refused r) {
            drain(ex.getRequestBody());
            refuse(ex, json, r.status, r.getMessage());
        } catch (MalformedTelemetry e) {
            drain(ex.getRequestBody());
            refuse(ex, json, 400, "malformed body: " + e.getMessage());
        } catch (StoreException e) {
            warnings.accept("cannot record: " + e.getMessage());
            refuse(ex, json, 500, "cannot record: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            warnings.accept("internal error serving " + ex.getRequestMethod() + " " + ex.getRequestURI() + ": " + e);
            try {
                refuse(ex, json, 500, "internal error: " + e);
            } catch (IOException | RuntimeException ignored) {
                // the response had begun: nothing more can be said
            }
        } finally {
            ex.close();
        }
    }

    /**
     * Reads what is left of a refused request's body, up to {@link #DRAIN_LIMIT}: a server that answers and
     * closes with the body unread resets the connection, and the sender sees the reset instead of the answer.
     * A body larger than that is not worth reading: the connection is closed on it.
     */
    private static void drain(InputStream body) {
        byte[] buf = new byte[8192];
        long left = DRAIN_LIMIT;
        try {
            for (int n; left > 0 && (n = body.read(buf, 0, (int) Math.min(buf.length, left))) > 0; ) {
                left -= n;
            }
        } catch (IOException e) {
            // the sender went away: nothing to answer
        }
    }

    /** The answer to a well-formed request: the partial success, or null for a plain success. */
    private TelemetryMapper.Result serve(HttpExchange ex, Headers h, String type, boolean json)
            throws Refused, IOException {
        if (!hosts.allows(h.get("Host"))) {
            throw new Refused(421, "this receiver answers only to " + hosts.expected());
        }
        Signal signal = Signal.at(ex.getRequestURI().getPath());
        if (signal == null) {
            throw new Refused(404, "no OTLP endpoint at " + ex.getRequestURI().getPath()
                    + "; they are /v1/logs, /v1/traces and /v1/metrics");
        }
        if (!ex.getRequestMethod().equals("POST")) {
            ex.getResponseHeaders().set("Allow", "POST");
            throw new Refused(405, ex.getRequestMethod() + " is not served: POST an export request");
        }
        if (type == null || !(json || type.toLowerCase(Locale.ROOT).startsWith(PROTOBUF))) {
            throw new Refused(415, "Content-Type must be " + PROTOBUF + " or " + JSON + ", got "
                    + (type == null ? "none" : "'" + type + "'"));
        }
        String encoding = h.getFirst("Content-Encoding");
        boolean gzip = encoding != null && encoding.trim().equalsIgnoreCase("gzip");
        if (encoding != null && !gzip && !encoding.trim().equalsIgnoreCase("identity") && !encoding.isBlank()) {
            throw new Refused(415, "Content-Encoding must be gzip or none, got '" + encoding + "'");
        }
        String length = h.getFirst("Content-Length");
        if (length != null && length.trim().matches("\\d{1,18}") && Long.parseLong(length.trim()) > maxBody) {
            throw new Refused(413, "body of " + length.trim() + " bytes is over the cap of " + maxBody + " bytes");
        }
        byte[] body = capped(ex.getRequestBody(), "body");
        if (gzip) {
            body = gunzip(body);
        }
        Telemetry t = json ? JsonDecoder.decode(signal, body) : ProtobufDecoder.decode(signal, body);
        double now = now();
        TelemetryMapper.Result r = new TelemetryMapper(now).map(t);
        sessions.record(hold.admit(r.facts(), r.endedTraces(), now));
        return r;
    }

    private byte[] gunzip(byte[] body) throws Refused, IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return capped(in, "decompressed body");
        } catch (ZipException | java.io.EOFException e) {
            throw new MalformedTelemetry("not gzip: " + e.getMessage());
        }
    }

    /** The whole stream, or a 413 as soon as it passes the cap (so a bomb is never inflated whole). */
    private byte[] capped(InputStream in, String what) throws Refused, IOException {
        byte[] buf = new byte[(int) Math.min(8192, maxBody + 1)];
        int n = 0;
        while (true) {
            if (n == buf.length) {
                if (n > maxBody) {
                    throw new Refused(413, what + " is over the cap of " + maxBody + " bytes");
                }
                buf = Arrays.copyOf(buf, (int) Math.min(maxBody + 1, (long) buf.length * 2));
            }
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) {
                if (n > maxBody) {
                    throw new Refused(413, what + " is over the cap of " + maxBody + " bytes");
                }
                return Arrays.copyOf(buf, n);
            }
            n += r;
        }
    }

    private void answer(HttpExchange ex, boolean json, TelemetryMapper.Result r) throws IOException {
        Signal signal = Signal.at(ex.getRequestURI().getPath());
        byte[] body;
        if (json) {
            Map<String, Object> top = new LinkedHashMap<>();
            if (r.rejected() > 0) {
                Map<String, Object> ps = new LinkedHashMap<>();
                ps.put(signal.rejectedField(), Long.toString(r.rejected()));
                ps.put("errorMessage", r.message());
                top.put("partialSuccess", ps);
            }
            body = Json.write(top).getBytes(StandardCharsets.UTF_8);
        } else {
            ProtoBuffer top = new ProtoBuffer();
            if (r.rejected() > 0) {
                ProtoBuffer ps = new ProtoBuffer();
                ps.varintField(1, r.rejected());
                ps.stringField(2, r.message());
                top.messageField(1, ps);
            }
            body = top.toByteArray();
        }
        send(ex, 200, json, body);
    }

    private void refuse(HttpExchange ex, boolean json, int status, String message) throws IOException {
        int code = status == 413 ? 8 : status >= 500 ? 13 : 3; // RESOURCE_EXHAUSTED, INTERNAL, INVALID_ARGUMENT
        byte[] body;
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("code", code);
            m.put("message", message);
            body = Json.write(m).getBytes(StandardCharsets.UTF_8);
        } else {
            ProtoBuffer s = new ProtoBuffer();
            s.varintField(1, code);
            s.stringField(2, message);
            body = s.toByteArray();
        }
        send(ex, status, json, body);
    }

    private static void send(HttpExchange ex, int status, boolean json, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", json ? JSON : PROTOBUF);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private double now() {
        return clock.epochSeconds();
    }
}
