package io.github.agentstrace.proxy;

import com.sun.net.httpserver.HttpServer;
import io.github.agentstrace.model.Clock;
import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.Ids;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.net.HostRule;
import io.github.agentstrace.net.LocalServer;
import io.github.agentstrace.provenance.GitProcess;
import io.github.agentstrace.provenance.Provenance;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.store.MetaFlusher;
import io.github.agentstrace.store.RecorderMark;
import io.github.agentstrace.store.SessionWriter;
import io.github.agentstrace.store.TraceStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One {@code record-http} run: a trace session with the proxy in front of the upstream.
 *
 * <p>{@link #start} creates the session ({@code command} = {@code http-proxy -> <url>}), writes
 * {@code session_start} (mode, remote URL, local port, redaction) and starts listening. While it runs,
 * meta.json's counters are kept current ({@link MetaFlusher}) and the session's {@link RecorderMark} is
 * held. {@link #close} stops the proxy, records everything still queued, writes {@code session_end} and the
 * final meta.json, then releases the mark; it is idempotent, so a signal handler and the normal path may
 * both call it.
 */
public final class HttpRecordSession implements AutoCloseable {
    /**
     * @param upstream        the MCP server's URL (http or https)
     * @param host            the address to listen on
     * @param port            the port to listen on, 0 for any free one
     * @param agentName       the session's agent name (may be empty)
     * @param responseTimeout how long to wait for the upstream's response headers
     */
    public record Settings(URI upstream, String host, int port, String agentName, Duration responseTimeout) {
    }

    private final TraceStore store;
    private final Redactor redactor;
    private final Consumer<String> warn;
    private final SessionWriter writer;
    private final HttpRecording recording;
    private final HttpProxy proxy;
    private final Ids ids;
    private final Clock clock;
    private final long startNanos;
    private final String url;
    private final MetaFlusher flusher;
    private final RecorderMark mark;
    private SessionMeta finalMeta;

    private HttpRecordSession(TraceStore store, Redactor redactor, SessionWriter writer, HttpRecording recording, HttpProxy proxy, Ids ids,
                              Clock clock, long startNanos, String url,
                              Consumer<String> warn, RecorderMark mark) {
        this.store = store;
        this.redactor = redactor;
        this.warn = warn;
        this.url = url;
        this.writer = writer;
        this.recording = recording;
        this.proxy = proxy;
        this.ids = ids;
        this.clock = clock;
        this.startNanos = startNanos;
        this.mark = mark;
        this.flusher = MetaFlusher.start(writer, e -> warn.accept("cannot update meta.json: " + e.getMessage()));
    }

    /**
     * Binds the port, creates the session and starts the proxy, recording through the shared MCP
     * classifier. A port that cannot be bound is an {@link IOException} (a {@code BindException} when in
     * use) and no session is created.
     *
     * @param live    sees every recorded event as written (for {@code -v})
     * @param verbose receives one line per forwarded exchange
     * @param warn    receives upstream failures and recording problems
     */
    public static HttpRecordSession start(Settings settings, TraceStore store, Redactor redactor, Ids ids,
                                          Clock clock,
                                          Consumer<TraceEvent> live, Consumer<String> verbose,
                                          Consumer<String> warn) throws IOException {
        return startWith(settings, store, redactor, ids, clock,
                w -> HttpClassifier.factory(w, ids, live, warn), verbose, warn);
    }

    /** As {@link #start}, with the classifier chosen by the caller (tests). */
    static HttpRecordSession startWith(Settings settings, TraceStore store, Redactor redactor, Ids ids,
                                          Clock clock,
                                          Function<SessionWriter, MessageRecorder.Factory> classifier,
                                          Consumer<String> verbose, Consumer<String> warn) throws IOException {
        HttpServer server = LocalServer.bind(settings.host(), settings.port());
        String url = displayUrl(settings.upstream());
        double started = clock.epochSeconds();
        long startNanos = clock.nanoTime();
        String sessionId = ids.sessionId();
        SessionWriter writer;
        try {
            store.create(SessionMeta.start(sessionId, started, settings.agentName(), "http-proxy -> " + url), redactor);
            writer = store.writer(sessionId, redactor);
        } catch (RuntimeException e) {
            server.stop(0);
            throw e;
        }
        HttpRecording recording = new HttpRecording(writer, ids, classifier.apply(writer), clock, warn);
        HttpProxy proxy = HttpProxy.start(server, new HostRule(settings.host(), server.getAddress().getPort()), settings.upstream(), settings.responseTimeout(), recording, verbose,
                warn);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("mode", "http");
        data.put("remote_url", url);
        data.put("local_port", proxy.port());
        data.put("local_host", settings.host());
        data.put("redaction", redactor.enabled() ? "on" : "off");
        writer.append(TraceEvent.of(EventType.SESSION_START, started, ids.eventId(), sessionId, null, null, data));
        // Our working directory is the project being worked on; git's files only, so the proxy starts at once.
        Provenance.recordStart(store.sessionDir(sessionId), Path.of("").toAbsolutePath(), null, redactor);
        return new HttpRecordSession(store, redactor, writer, recording, proxy, ids, clock,
                startNanos, url, warn, RecordingFiles.markOrWarn(store, sessionId, warn));
    }

    /** The upstream URL as shown and stored (a password in it masked). */
    public String displayUrl() {
        return url;
    }

    public String sessionId() {
        return writer.sessionId();
    }

    /** The port the proxy listens on. */
    public int port() {
        return proxy.port();
    }

    /** Ends the session; returns the final meta (the same one on every call). */
    public synchronized SessionMeta finish() {
        if (finalMeta != null) {
            return finalMeta;
        }
        proxy.close();
        recording.close();
        flusher.close();
        RecordingFiles.writeMcpInfo(store, writer.sessionId(), redactor, recording.sessionInfo(), warn);
        Provenance.recordEnd(store.sessionDir(writer.sessionId()), Path.of("").toAbsolutePath(), GitProcess.standard(),
                redactor);
        double durationMs = (clock.nanoTime() - startNanos) / 1e6;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("duration_ms", durationMs);
        double end = clock.epochSeconds();
        writer.append(TraceEvent.of(EventType.SESSION_END, end, ids.eventId(), writer.sessionId(), null, null,
                data));
        try {
            finalMeta = writer.flushMeta(m -> m.endedAt(end));
            writer.close();
        } finally {
            if (mark != null) {
                mark.close(); // last: until meta says the session ended, it must not read as abandoned
            }
        }
        return finalMeta;
    }

    @Override
    public void close() {
        finish();
    }

    /** The URL as it may be shown and stored: user information (a password) masked. */
    static String displayUrl(URI url) {
        if (url.getRawUserInfo() == null) {
            return url.toString();
        }
        return url.toString().replace(url.getRawUserInfo() + "@", "[REDACTED:password]@");
    }
}
