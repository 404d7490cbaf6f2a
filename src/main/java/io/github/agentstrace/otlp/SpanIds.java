package io.github.agentstrace.otlp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Deterministic ids, so exporting a session twice gives the same trace and spans (a backend dedupes or
 * shows the same tree), and a subagent session can name its parent span without reading its events.
 *
 * <p>The trace id is the first 16 bytes of SHA-256 of the (root) session id and the root span id the
 * first 8 of SHA-256 of {@code "root-" + session id}, as the original computes them; other spans hash the
 * session id and the event id together, since event ids are only unique within a session. An instance
 * keeps one digest: use it from one thread.
 */
final class SpanIds {
    /** One digest for every id of an export (getting one looks the algorithm up among the providers). */
    private final MessageDigest sha256;

    SpanIds() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    byte[] traceId(String rootSessionId) {
        return sha256(rootSessionId, 16);
    }

    byte[] rootSpanId(String sessionId) {
        return sha256("root-" + sessionId, 8);
    }

    byte[] eventSpanId(String sessionId, String eventId) {
        return sha256(sessionId + "/" + eventId, 8);
    }

    private byte[] sha256(String text, int n) {
        byte[] d = Arrays.copyOf(sha256.digest(text.getBytes(StandardCharsets.UTF_8)), n);
        boolean zero = true;
        for (byte b : d) {
            zero &= b == 0;
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
