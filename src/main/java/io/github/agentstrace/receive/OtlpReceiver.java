package io.github.agentstrace.receive;

import com.sun.net.httpserver.HttpServer;
import io.github.agentstrace.model.Clock;
import io.github.agentstrace.net.LocalServer;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.store.TraceStore;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * {@code agent-strace receive}: an OTLP/HTTP receiver at {@code http://<host>:<port>/v1/logs|traces|metrics}
 * that turns what an agent's OpenTelemetry export sends into ordinary sessions of the trace directory. Binds
 * where it is told (the command's default is 127.0.0.1) and answers only requests whose {@code Host} names
 * it; see {@link ReceiveHandler} for the status codes.
 */
public final class OtlpReceiver implements AutoCloseable {
    /** Requests decoded at once; each holds at most one body of the size cap. */
    static final int THREADS = 2;
    /** The default cap of a body, compressed or not: 16 MiB. */
    public static final long DEFAULT_MAX_BODY = 16L << 20;

    /**
     * What the receiver needs.
     *
     * @param host     the address to bind (as given on the command line; also accepted in {@code Host})
     * @param port     the port, 0 for any free one
     * @param maxBody  the largest body accepted, before and after gzip decompression
     * @param store    where sessions are written
     * @param redactor what every event goes through
     * @param clock    the time of items that carry none
     * @param warnings diagnostics (storage failures, internal errors)
     */
    public record Settings(String host, int port, long maxBody, TraceStore store, Redactor redactor, Clock clock,
                           Consumer<String> warnings) {
    }

    private final HttpServer http;
    private final ExecutorService executor;
    private final ReceivedSessions sessions;
    private final TraceHold hold;
    private final String host;
    private final Consumer<String> warnings;

    private OtlpReceiver(HttpServer http, ExecutorService executor, ReceivedSessions sessions, TraceHold hold,
                         String host, Consumer<String> warnings) {
        this.http = http;
        this.executor = executor;
        this.sessions = sessions;
        this.hold = hold;
        this.host = host;
        this.warnings = warnings;
    }

    /** Binds and starts serving; an {@link IOException} when the address cannot be bound. */
    public static OtlpReceiver start(Settings s) throws IOException {
        HttpServer http = LocalServer.bind(s.host(), s.port());
        AtomicInteger count = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "agent-strace-receive-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ReceivedSessions sessions = new ReceivedSessions(s.store(), s.redactor(), s.warnings());
        TraceHold hold = new TraceHold();
        http.setExecutor(executor);
        http.createContext("/", new ReceiveHandler(sessions, hold, s.host(), http.getAddress().getPort(), s.maxBody(),
                s.clock(), s.warnings()));
        http.start();
        return new OtlpReceiver(http, executor, sessions, hold, s.host(), s.warnings());
    }

    /** The port actually bound. */
    public int port() {
        return http.getAddress().getPort();
    }

    /** The base URL, what {@code OTEL_EXPORTER_OTLP_ENDPOINT} should be. */
    public String url() {
        return LocalServer.url(host, port());
    }

    /**
     * Stops accepting, lets requests in progress finish for a moment, writes the spans still held for their
     * trace's end, then closes every session.
     */
    @Override
    public void close() {
        http.stop(0);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            sessions.record(hold.drain());
        } catch (RuntimeException e) {
            warnings.accept("cannot record the last spans: " + e.getMessage());
        }
        sessions.close();
    }
}
