package io.github.agentstrace.otlp;

import io.github.agentstrace.model.Clock;
import io.github.agentstrace.model.Sleeper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * POSTs one OTLP request body at a time and tells what became of it, following the OTLP/HTTP rules:
 * success is 2xx (a partial success is reported, never retried); 429, 502, 503, 504 and connection failures
 * are retried with exponential backoff and jitter, honouring {@code Retry-After}, within
 * {@link OtlpSettings.RetryPolicy}'s count and time budget; anything else is reported, not retried.
 *
 * <p>Nothing that leaves this class contains a header value: messages built from a server's answer or an
 * exception have every configured header value masked.
 */
final class OtlpSender {
    static final int MAX_RESPONSE_BYTES = 4 << 20;

    private final OtlpSettings settings;
    private final Encoding encoding;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final Clock clock;
    private final String userAgent;

    OtlpSender(OtlpSettings settings, Encoding encoding, Sleeper sleeper, RandomGenerator random, Clock clock,
               String version) {
        this.settings = settings;
        this.encoding = encoding;
        this.sleeper = sleeper;
        this.random = random;
        this.clock = clock;
        this.userAgent = "agent-strace/" + version;
    }

    /**
     * What became of one request.
     *
     * @param accepted  the receiver took the request (possibly with some spans rejected)
     * @param rejected  spans the receiver said it rejected (partial success), or all of them when not accepted
     * @param abort     later requests would fail the same way (retries exhausted, auth), so stop sending
     * @param problem   what went wrong or the receiver's warning, null when all is well
     * @param wireBytes bytes of the body as sent (after compression)
     */
    record Outcome(boolean accepted, long rejected, boolean abort, String problem, int attempts, long wireBytes) {
    }

    /**
     * Sends one request: {@code head}, the framed spans, {@code tail}. The body is never assembled: gzip reads
     * the three pieces in turn, and uncompressed they go out as three pieces of one body.
     */
    Outcome send(byte[] head, ProtoBuffer framed, byte[] tail, int spanCount) {
        byte[] compressed = settings.gzip() ? gzip(head, framed, tail) : null;
        long wireBytes = compressed != null ? compressed.length : head.length + (long) framed.size() + tail.length;
        long started = clock.nanoTime();
        OtlpSettings.RetryPolicy policy = settings.retry();
        int attempt = 0;
        while (true) {
            attempt++;
            if (Thread.currentThread().isInterrupted()) {
                return new Outcome(false, spanCount, true, "interrupted", attempt, wireBytes);
            }
            String problem;
            Duration delay;
            try {
                Answer response = post(compressed, head, framed, tail);
                int status = response.status();
                byte[] answer = response.body();
                if (status >= 200 && status < 300) {
                    Encoding.PartialSuccess ps = responseEncoding(response.contentType()).partialSuccess(answer);
                    if (ps != null && (ps.rejectedSpans() > 0 || (ps.errorMessage() != null && !ps.errorMessage().isEmpty()))) {
                        String msg = ps.errorMessage() == null || ps.errorMessage().isEmpty() ? "no reason given"
                                : mask(ps.errorMessage());
                        return new Outcome(true, Math.min(spanCount, ps.rejectedSpans()), false,
                                (ps.rejectedSpans() > 0 ? "partial success: " + ps.rejectedSpans() + " spans rejected: "
                                        : "receiver warning: ") + msg, attempt, wireBytes);
                    }
                    return new Outcome(true, 0, false, null, attempt, wireBytes);
                }
                problem = "HTTP " + status + describeBody(response.contentType(), answer);
                if (!retryable(status)) {
                    // 400 and 413 concern this request's data; other answers (401, 403, 404...) would repeat.
                    boolean abort = status != 400 && status != 413;
                    return new Outcome(false, spanCount, abort, problem, attempt, wireBytes);
                }
                Duration retryAfter = retryAfter(response.retryAfter());
                delay = retryAfter != null ? retryAfter : backoff(attempt);
                if (retryAfter != null && remaining(started, policy).compareTo(retryAfter) < 0) {
                    return new Outcome(false, spanCount, true, problem + "; the receiver asked to retry after "
                            + seconds(retryAfter) + ", beyond the retry budget of " + seconds(policy.maxElapsed()),
                            attempt, wireBytes);
                }
            } catch (IOException e) {
                problem = describe(e);
                delay = backoff(attempt);
            }
            if (attempt >= policy.maxAttempts()) {
                return new Outcome(false, spanCount, true, problem + " (gave up after " + attempt + " attempts)",
                        attempt, wireBytes);
            }
            if (remaining(started, policy).compareTo(delay) < 0) {
                return new Outcome(false, spanCount, true, problem + " (gave up after " + attempt + " attempts: retry budget of "
                        + seconds(policy.maxElapsed()) + " spent)", attempt, wireBytes);
            }
            try {
                sleeper.sleepNanos(delay.toNanos());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome(false, spanCount, true, problem + " (interrupted)", attempt, wireBytes);
            }
        }
    }

    /** What a receiver answered: the status, the body (capped), and the two headers read. */
    private record Answer(int status, byte[] body, String contentType, String retryAfter) {
    }

    /**
     * One POST over a blocking HTTP/1.1 connection (kept alive between requests by the JDK), straight to the
     * endpoint (no proxy) and following no redirect. The body has a fixed length, which also keeps the
     * JDK from sending a request again on its own when a kept-alive connection turns out to be closed: retrying
     * is decided here, once per attempt.
     */
    private Answer post(byte[] compressed, byte[] head, ProtoBuffer framed, byte[] tail) throws IOException {
        HttpURLConnection c = (HttpURLConnection) settings.endpoint().toURL().openConnection(Proxy.NO_PROXY);
        try {
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setUseCaches(false);
            c.setInstanceFollowRedirects(false);
            int timeout = (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis()); // 0: none
            c.setConnectTimeout(timeout);
            c.setReadTimeout(timeout);
            c.setRequestProperty("Content-Type", encoding.contentType());
            c.setRequestProperty("User-Agent", userAgent);
            if (compressed != null) {
                c.setRequestProperty("Content-Encoding", "gzip");
            }
            for (Map.Entry<String, String> h : settings.headers().entrySet()) {
                c.setRequestProperty(h.getKey(), h.getValue());
            }
            c.setFixedLengthStreamingMode(compressed != null ? compressed.length
                    : head.length + (long) framed.size() + tail.length);
            try (OutputStream out = c.getOutputStream()) {
                if (compressed != null) {
                    out.write(compressed);
                } else {
                    out.write(head);
                    framed.writeTo(out);
                    out.write(tail);
                }
            }
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            byte[] body = in == null ? new byte[0] : readCapped(in);
            String type = c.getContentType();
            return new Answer(status, body, type == null ? "" : type, c.getHeaderField("Retry-After"));
        } catch (IOException e) {
            c.disconnect(); // a connection left in an unknown state is not reused
            throw e;
        }
    }

    static boolean retryable(int status) {
        return status == 429 || status == 502 || status == 503 || status == 504;
    }

    private Duration remaining(long started, OtlpSettings.RetryPolicy policy) {
        return policy.maxElapsed().minusNanos(clock.nanoTime() - started);
    }

    /** Exponential: initial × 2^(attempt-1) up to the maximum, then a random half of it taken away (jitter). */
    Duration backoff(int attempt) {
        OtlpSettings.RetryPolicy p = settings.retry();
        double base = p.initialBackoff().toMillis() * Math.pow(2, Math.min(30, attempt - 1));
        double capped = Math.min(base, p.maxBackoff().toMillis());
        return Duration.ofMillis(Math.round(capped * (0.5 + 0.5 * random.nextDouble())));
    }

    /** {@code Retry-After} as seconds or an HTTP-date, or null when absent or unreadable. */
    Duration retryAfter(String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        v = v.trim();
        try {
            long s = Long.parseLong(v);
            return s < 0 ? null : Duration.ofSeconds(s);
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(clock.instant(), at.toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }

    private Encoding responseEncoding(String type) {
        if (type.contains("json")) {
            return new JsonEncoding();
        }
        if (type.contains("protobuf")) {
            return new ProtobufEncoding();
        }
        return encoding;
    }

    private String describeBody(String type, byte[] answer) {
        if (answer.length == 0) {
            return "";
        }
        String msg = responseEncoding(type).statusMessage(answer);
        if (msg == null) {
            if (type.startsWith("text/") || type.isEmpty() || type.contains("json")) {
                msg = new String(answer, 0, Math.min(answer.length, 400), StandardCharsets.UTF_8);
            }
        }
        if (msg == null || msg.isBlank()) {
            return "";
        }
        msg = msg.strip().replaceAll("\\s+", " ");
        return ": " + mask(msg.length() > 200 ? msg.substring(0, 200) + "..." : msg);
    }

    private String describe(IOException e) {
        String where = OtlpSettings.display(settings.endpoint());
        String what;
        if (e instanceof SocketTimeoutException t) {
            // The JDK says "connect timed out" when connecting took too long, "Read timed out" after that.
            boolean connecting = t.getMessage() != null && t.getMessage().toLowerCase(java.util.Locale.ROOT).contains("connect");
            what = (connecting ? "could not connect within " : "no response within ") + seconds(settings.timeout());
        } else if (e instanceof ConnectException || e.getCause() instanceof ConnectException) {
            Throwable root = e.getCause() instanceof UnknownHostException ? e.getCause() : e;
            what = root instanceof UnknownHostException ? "unknown host" : "connection refused";
        } else if (e instanceof UnknownHostException) {
            what = "unknown host";
        } else {
            what = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        return mask("cannot reach " + where + ": " + what);
    }

    /** Replaces every configured header value in {@code text}, so that no secret is ever printed. */
    String mask(String text) {
        String out = text;
        for (String v : settings.headers().values()) {
            if (v.length() >= 3) {
                out = out.replace(v, "[header value]");
            }
        }
        return out;
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + "s" : String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
    }

    private static byte[] readCapped(InputStream in) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                if (out.size() + n > MAX_RESPONSE_BYTES) {
                    out.write(buf, 0, MAX_RESPONSE_BYTES - out.size());
                    break; // the rest of an oversized answer is not worth reading
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }

    /**
     * The request body gzip'd at the fastest level: on OTLP protobuf it compresses about 5:1 against 5.8:1 at
     * the default level, for half the CPU time (deflating was a third of a large export's time).
     */
    static byte[] gzip(byte[] head, ProtoBuffer framed, byte[] tail) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, framed.size() / 4));
        try (GZIPOutputStream z = new GZIPOutputStream(out, 1 << 16) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            z.write(head);
            framed.writeTo(z);
            z.write(tail);
        } catch (IOException e) {
            throw new IllegalStateException("gzip of an in-memory buffer failed", e);
        }
        return out.toByteArray();
    }

    /** The endpoint, for messages. */
    URI endpoint() {
        return settings.endpoint();
    }
}
