package io.github.agentstrace.otlp;

import io.github.agentstrace.model.Clock;
import io.github.agentstrace.model.Sleeper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
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
    private HttpClient client;
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
     * Builds the HTTP client (a tenth of a second or more: it sets up TLS even for plain HTTP) unless done;
     * {@link #send} does it when it was not. Use a sender from one thread at a time.
     */
    void prepare() {
        if (client == null) {
            HttpClient.Builder b = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER);
            if (!settings.timeout().isZero()) {
                b.connectTimeout(settings.timeout());
            }
            client = b.build();
        }
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
        prepare();
        HttpRequest.BodyPublisher body;
        long wireBytes;
        if (settings.gzip()) {
            byte[] compressed = gzip(head, framed, tail);
            body = HttpRequest.BodyPublishers.ofByteArray(compressed);
            wireBytes = compressed.length;
        } else {
            body = HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                    HttpRequest.BodyPublishers.ofByteArray(framed.buffer(), 0, framed.size()),
                    HttpRequest.BodyPublishers.ofByteArray(tail));
            wireBytes = head.length + (long) framed.size() + tail.length;
        }
        HttpRequest request = request(body);
        long started = clock.nanoTime();
        OtlpSettings.RetryPolicy policy = settings.retry();
        int attempt = 0;
        while (true) {
            attempt++;
            String problem;
            Duration delay;
            try {
                HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
                int status = response.statusCode();
                byte[] answer = readCapped(response.body());
                if (status >= 200 && status < 300) {
                    Encoding.PartialSuccess ps = responseEncoding(response).partialSuccess(answer);
                    if (ps != null && (ps.rejectedSpans() > 0 || (ps.errorMessage() != null && !ps.errorMessage().isEmpty()))) {
                        String msg = ps.errorMessage() == null || ps.errorMessage().isEmpty() ? "no reason given"
                                : mask(ps.errorMessage());
                        return new Outcome(true, Math.min(spanCount, ps.rejectedSpans()), false,
                                (ps.rejectedSpans() > 0 ? "partial success: " + ps.rejectedSpans() + " spans rejected: "
                                        : "receiver warning: ") + msg, attempt, wireBytes);
                    }
                    return new Outcome(true, 0, false, null, attempt, wireBytes);
                }
                problem = "HTTP " + status + describeBody(response, answer);
                if (!retryable(status)) {
                    // 400 and 413 concern this request's data; other answers (401, 403, 404...) would repeat.
                    boolean abort = status != 400 && status != 413;
                    return new Outcome(false, spanCount, abort, problem, attempt, wireBytes);
                }
                Duration retryAfter = retryAfter(response);
                delay = retryAfter != null ? retryAfter : backoff(attempt);
                if (retryAfter != null && remaining(started, policy).compareTo(retryAfter) < 0) {
                    return new Outcome(false, spanCount, true, problem + "; the receiver asked to retry after "
                            + seconds(retryAfter) + ", beyond the retry budget of " + seconds(policy.maxElapsed()),
                            attempt, wireBytes);
                }
            } catch (IOException e) {
                problem = describe(e);
                delay = backoff(attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome(false, spanCount, true, "interrupted", attempt, wireBytes);
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

    private HttpRequest request(HttpRequest.BodyPublisher body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(settings.endpoint())
                .POST(body)
                .header("Content-Type", encoding.contentType())
                .header("User-Agent", userAgent);
        if (settings.gzip()) {
            b.header("Content-Encoding", "gzip");
        }
        if (!settings.timeout().isZero()) {
            b.timeout(settings.timeout());
        }
        for (Map.Entry<String, String> h : settings.headers().entrySet()) {
            b.header(h.getKey(), h.getValue());
        }
        return b.build();
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
    Duration retryAfter(HttpResponse<?> response) {
        String v = response.headers().firstValue("Retry-After").orElse(null);
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

    private Encoding responseEncoding(HttpResponse<?> response) {
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (type.contains("json")) {
            return new JsonEncoding();
        }
        if (type.contains("protobuf")) {
            return new ProtobufEncoding();
        }
        return encoding;
    }

    private String describeBody(HttpResponse<?> response, byte[] answer) {
        if (answer.length == 0) {
            return "";
        }
        String msg = responseEncoding(response).statusMessage(answer);
        if (msg == null) {
            String type = response.headers().firstValue("Content-Type").orElse("");
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
        if (e instanceof HttpConnectTimeoutException) {
            what = "could not connect within " + seconds(settings.timeout());
        } else if (e instanceof HttpTimeoutException) {
            what = "no response within " + seconds(settings.timeout());
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
