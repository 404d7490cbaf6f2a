package io.github.agentstrace.otlp;

import io.github.agentstrace.model.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Deterministic ids, so exporting a session twice gives the same trace and spans (a backend dedupes or
 * shows the same tree), and a subagent session can name its parent span without reading its events.
 *
 * <p>The trace id is the first 16 bytes of SHA-256 of the (root) session id and the root span id the
 * first 8 of SHA-256 of {@code "root-" + session id}, as the original computes them; other spans hash the
 * session id and the event id together, since event ids are only unique within a session. An instance keeps
 * the last session id's bytes: use it from one thread.
 */
final class SpanIds {
    private static final byte[] NOTHING = new byte[0];

    /** The bytes of the last session id an event span id was asked for, with its {@code /}: one session at a time. */
    private String prefixOf;
    private byte[] prefix;

    byte[] traceId(String rootSessionId) {
        return sha256(utf8(rootSessionId), NOTHING, 16);
    }

    byte[] rootSpanId(String sessionId) {
        return sha256(utf8("root-" + sessionId), NOTHING, 8);
    }

    byte[] eventSpanId(String sessionId, String eventId) {
        if (!sessionId.equals(prefixOf)) {
            prefix = utf8(sessionId + "/");
            prefixOf = sessionId;
        }
        return sha256(prefix, utf8(eventId), 8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] sha256(byte[] a, byte[] b, int n) {
        byte[] d = Arrays.copyOf(Sha256.of(a, b), n);
        boolean zero = true;
        for (byte x : d) {
            zero &= x == 0;
        }
        if (zero) {
            d[n - 1] = 1; // an all-zero id is invalid in OTLP
        }
        return d;
    }

    static String hex(byte[] id) {
        StringBuilder sb = new StringBuilder(id.length * 2);
        for (byte b : id) {
            sb.append(Character.forDigit(b >> 4 & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }

    /** Epoch seconds (the trace format's float) to Unix nanoseconds, rounding the fraction to the nearest ns. */
    static long nanos(double epochSeconds) {
        if (!(epochSeconds > 0) || Double.isInfinite(epochSeconds)) {
            return 0;
        }
        long whole = (long) Math.floor(epochSeconds);
        return whole * 1_000_000_000L + Math.round((epochSeconds - whole) * 1e9);
    }
}
