package io.github.agentstrace.proxy;

import io.github.agentstrace.mcp.Direction;
import io.github.agentstrace.mcp.Framer;
import io.github.agentstrace.mcp.McpRecorder;
import io.github.agentstrace.model.Clock;
import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.Ids;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.provenance.GitProcess;
import io.github.agentstrace.provenance.Provenance;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.store.MetaFlusher;
import io.github.agentstrace.store.RecorderMark;
import io.github.agentstrace.store.SessionWriter;
import io.github.agentstrace.store.StoreException;
import io.github.agentstrace.store.TraceStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The session half of the stdio proxy: creates the session, records the copies the pumps queue (framing
 * and classification on a recorder thread of its own, stamped with the time the bytes were read), keeps
 * meta.json's counters current while it runs, holds the session's {@link RecorderMark} for its whole
 * life, and finishes the session from the server's {@link StdioChild.Exit}.
 *
 * <p>{@link #finish} runs once whoever calls it first (the normal path or a shutdown hook): everything
 * queued is recorded, pending requests are recorded as unanswered, {@code session_end} carries the exit,
 * meta.json is finalised and {@code mcp.json} (what the peers said about themselves) is written beside it.
 */
final class StdioRecording {
    /**
     * How many bytes of chunks one batch of the recorder takes at most: enough for the write to be shared
     * by dozens of events, few enough that they reach the file within milliseconds.
     */
    static final long BATCH_BYTES = 32 << 10;

    private final String id;
    private final SessionWriter writer;
    private final Redactor redactor;
    private final TraceStore store;
    private final Ids ids;
    private final Clock clock;
    private final Consumer<TraceEvent> live;
    private final Consumer<String> warn;
    private final double startEpoch;
    private final long startNanos;
    /** Where the server runs: its git work tree is the session's provenance. */
    private final Path workingDir;
    private final RecordingQueue queue;
    private final McpRecorder recorder;
    private final Thread thread;
    private final MetaFlusher flusher;
    private final RecorderMark mark;
    private volatile long stampNanos;
    private StdioProxy.Result result;

    private StdioRecording(String id, SessionWriter writer, TraceStore store, Redactor redactor, Ids ids,
                           Clock clock, Consumer<TraceEvent> live,
                           Consumer<String> warn, double startEpoch, long startNanos, long queueBytes,
                           Path workingDir) {
        this.workingDir = workingDir;
        this.id = id;
        this.writer = writer;
        this.store = store;
        this.redactor = redactor;
        this.ids = ids;
        this.clock = clock;
        this.live = live;
        this.warn = warn;
        this.startEpoch = startEpoch;
        this.startNanos = startNanos;
        this.queue = new RecordingQueue(queueBytes, clock, QuietWindow.QUIET_NANOS, QuietWindow.MAX_LAG_NANOS);
        this.recorder = new McpRecorder(writer, Clock.at(this::recorderNanos, () -> epochAt(recorderNanos())), ids,
                live, warn);
        this.thread = new Thread(this::record, "agent-strace-recorder");
        thread.setDaemon(true);
        this.mark = RecordingFiles.markOrWarn(store, id, warn);
        this.flusher = MetaFlusher.start(writer, e -> warn.accept("cannot update meta.json: " + e.getMessage()));
    }

    /**
     * Creates the session and starts recording; null (after saying so on {@code err}, even when quiet:
     * the user believes this is being recorded) when the trace directory cannot take it.
     */
    static StdioRecording open(StdioProxy.Settings settings, TraceStore store, Redactor redactor, Ids ids,
                               Clock clock, Consumer<TraceEvent> live,
                               Consumer<String> warn, Consumer<String> alwaysSay) {
        String commandLine = String.join(" ", settings.command());
        String id = ids.sessionId();
        double startEpoch = clock.epochSeconds();
        long startNanos = clock.nanoTime();
        SessionWriter writer;
        try {
            store.create(SessionMeta.start(id, startEpoch, settings.agentName(), commandLine), redactor);
            writer = store.writer(id, redactor);
        } catch (StoreException e) {
            alwaysSay.accept("agent-strace record: cannot record (" + e.getMessage() + "); running the server unrecorded");
            return null;
        }
        StdioRecording r = new StdioRecording(id, writer, store, redactor, ids, clock, live, warn,
                startEpoch, startNanos, settings.queueBytes(),
                settings.workingDir() != null ? settings.workingDir() : Path.of("").toAbsolutePath());
        // Git's files only: a git run here would hold up the server's start.
        Provenance.recordStart(store.sessionDir(id), r.workingDir, null, redactor);
        Map<String, Object> startData = new LinkedHashMap<>();
        startData.put("command", new ArrayList<Object>(settings.command()));
        startData.put("mode", "mcp-stdio-proxy");
        startData.put("redaction", redactor.enabled() ? "on" : "off");
        r.event(EventType.SESSION_START, startData);
        r.thread.start();
        return r;
    }

    String id() {
        return id;
    }

    /** Where the pumps put their copies. */
    RecordingQueue tap() {
        return queue;
    }

    /** Records what is still queued and ends the session; the same result on every call. */
    synchronized StdioProxy.Result finish(StdioChild.Exit exit) throws InterruptedException {
        if (result != null) {
            return result;
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        if (!exit.started()) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("message", exit.startFailure());
            data.put("error_type", "start_failed");
            event(EventType.ERROR, data);
        } else {
            extra.put("client_to_server_bytes", exit.clientToServerBytes());
            extra.put("server_to_client_bytes", exit.serverToClientBytes());
        }
        queue.close();
        thread.join(30_000);
        if (thread.isAlive()) {
            warn.accept("recording did not catch up within 30 s; the session may be incomplete");
            extra.put("recording_incomplete", true);
        }
        recorder.close();
        if (exit.started()) {
            extra.put("messages", recorder.messages());
        }
        if (recorder.failures() > 0) {
            extra.put("recording_failures", recorder.failures());
        }
        if (queue.lostBytes() > 0) {
            extra.put("unrecorded_bytes", queue.lostBytes());
        }
        RecordingFiles.writeMcpInfo(store, id, redactor, recorder.sessionInfo(), warn);
        Provenance.recordEnd(store.sessionDir(id), workingDir, GitProcess.standard(), redactor);
        flusher.close();
        result = end(exit, extra);
        if (mark != null) {
            mark.close(); // last: until meta says the session ended, it must not read as abandoned
        }
        return result;
    }

    private StdioProxy.Result end(StdioChild.Exit exit, Map<String, Object> extra) {
        double end = clock.epochSeconds();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("exit_code", exit.code());
        data.put("duration_ms", (end - startEpoch) * 1000.0);
        if (exit.signal() != null) {
            data.put("signal", exit.signal());
        }
        if (exit.clientEof()) {
            data.put("client_eof", true);
        }
        if (exit.clientGone()) {
            data.put("client_disconnected", true);
        }
        if (exit.terminatedBy() != null) {
            data.put("terminated_by_proxy", exit.terminatedBy());
        }
        data.putAll(extra);
        event(EventType.SESSION_END, data);
        SessionMeta meta;
        try {
            meta = writer.flushMeta(m -> m.endedAt(end));
        } catch (RuntimeException e) {
            warn.accept("cannot update meta.json: " + e.getMessage());
            meta = null;
        } finally {
            writer.close();
        }
        return new StdioProxy.Result(id, exit.code(), meta);
    }

    /**
     * The recorder thread: frames each direction and classifies, stamping events with the read time. Once
     * the queue lets it work, it takes what else is already queued (up to {@link #BATCH_BYTES}) and writes
     * all the events with one append: the locked write is most of an event's cost, and a recorder that
     * keeps up with the wire loses little at a crash.
     */
    private void record() {
        Framer[] framers = new Framer[2];
        for (Direction d : Direction.values()) {
            framers[d.ordinal()] = Framer.recording(recorder, d);
        }
        try {
            RecordingQueue.Chunk c;
            while ((c = queue.take()) != null) {
                RecordingQueue.Chunk first = c;
                recorder.batch(() -> {
                    long bytes = feed(framers, first);
                    RecordingQueue.Chunk more;
                    while (bytes < BATCH_BYTES && (more = queue.poll()) != null) {
                        bytes += feed(framers, more);
                    }
                });
            }
            stampNanos = 0;
            for (Framer f : framers) {
                f.end();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stampNanos = 0;
        }
    }

    private long feed(Framer[] framers, RecordingQueue.Chunk c) {
        stampNanos = c.nanos();
        try {
            Framer f = framers[c.dir().ordinal()];
            if (c.lostBefore() > 0) {
                f.gap(c.lostBefore());
            }
            f.feed(c.bytes(), 0, c.bytes().length);
        } catch (RuntimeException e) {
            warn.accept("recording failed: " + e);
        }
        return c.bytes().length + 1;
    }

    /** Time for the recorder: when the bytes being classified were read, else now. */
    private long recorderNanos() {
        long s = stampNanos;
        return s != 0 ? s : clock.nanoTime();
    }

    private double epochAt(long nanos) {
        return startEpoch + (nanos - startNanos) / 1e9;
    }

    private void event(EventType type, Map<String, Object> data) {
        try {
            TraceEvent e = writer.append(TraceEvent.of(type, clock.epochSeconds(), ids.eventId(), id, null,
                    null, data));
            live.accept(e);
        } catch (RuntimeException ex) {
            warn.accept("cannot record " + type.wire() + ": " + ex.getMessage());
        }
    }
}
