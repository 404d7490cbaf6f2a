package io.github.agentstrace.proxy;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.mcp.Direction;
import io.github.agentstrace.mcp.Framer;
import io.github.agentstrace.mcp.McpRecorder;
import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.Ids;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.store.FilePermissions;
import io.github.agentstrace.store.SessionWriter;
import io.github.agentstrace.store.StoreException;
import io.github.agentstrace.store.TraceStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * The MCP stdio proxy behind {@code record -- <server command>}: starts the server without a shell,
 * forwards the client's stdin to it and its stdout back byte for byte as soon as they are read, passes its
 * stderr through, and records a copy of both directions as one session.
 *
 * <p>Threads: two byte pumps (client→server, server→client), one stderr pump, one recorder thread
 * (framing and classification, fed through a byte-bounded {@link RecordingQueue} that never blocks a
 * pump), and the caller's, which waits for the server. Lifecycle:
 * <ul>
 *   <li>client EOF closes the server's stdin; if the server is still running and has written nothing for
 *       {@code eofGraceMillis} after that, it gets TERM, and KILL after a further {@code killGraceMillis};</li>
 *   <li>INT, TERM and HUP sent to the proxy are passed to the server (same escalation to KILL);</li>
 *   <li>when the server exits, its stdout is drained, everything queued is recorded, pending requests are
 *       recorded as unanswered, {@code session_end} carries the exit code, meta.json is finalised and
 *       {@code mcp.json} (what the peers said about themselves) is written beside it;</li>
 *   <li>the exit code returned is the server's (126/127 when it could not be started, the session is
 *       recorded all the same).</li>
 * </ul>
 * A JVM shutdown from anywhere else (another signal, {@code System.exit}) runs the same finish from a
 * shutdown hook, so nothing recorded is lost.
 */
public final class StdioProxy {
    /** Sidecar file beside meta.json with the peers' initialize information. */
    public static final String MCP_INFO_FILE = "mcp.json";

    /**
     * What to run and how.
     *
     * @param command        the server command line, argv[0] first (run without a shell)
     * @param agentName      meta {@code agent_name}
     * @param workingDir     the server's working directory (null: ours)
     * @param quiet          no banner and no warnings (a server that cannot be started is still reported)
     * @param live           sees every recorded event (for {@code -v}); null for none
     * @param eofGraceMillis how long a server may keep running after the client closed its stdin
     * @param killGraceMillis how long after TERM before KILL
     * @param queueBytes     the recording budget: bytes waiting to be recorded before copies are dropped
     * @param handleSignals  pass INT/TERM/HUP on to the server (off in tests that share a JVM)
     */
    public record Settings(List<String> command, String agentName, Path workingDir, boolean quiet,
                           Consumer<TraceEvent> live, long eofGraceMillis, long killGraceMillis, long queueBytes,
                           boolean handleSignals) {
        public Settings {
            command = List.copyOf(command);
        }

        /** Defaults: 5 s grace after client EOF, 3 s from TERM to KILL, 64 MiB recording budget, signals on. */
        public static Settings of(List<String> command, String agentName) {
            return new Settings(command, agentName, null, false, null, 5000, 3000, 64L << 20, true);
        }

        public Settings withQuiet(boolean q) {
            return new Settings(command, agentName, workingDir, q, live, eofGraceMillis, killGraceMillis, queueBytes, handleSignals);
        }

        public Settings withLive(Consumer<TraceEvent> l) {
            return new Settings(command, agentName, workingDir, quiet, l, eofGraceMillis, killGraceMillis, queueBytes, handleSignals);
        }

        public Settings withWorkingDir(Path dir) {
            return new Settings(command, agentName, dir, quiet, live, eofGraceMillis, killGraceMillis, queueBytes, handleSignals);
        }

        public Settings withGraces(long eofGrace, long killGrace) {
            return new Settings(command, agentName, workingDir, quiet, live, eofGrace, killGrace, queueBytes, handleSignals);
        }

        public Settings withQueueBytes(long bytes) {
            return new Settings(command, agentName, workingDir, quiet, live, eofGraceMillis, killGraceMillis, bytes, handleSignals);
        }

        public Settings withSignals(boolean on) {
            return new Settings(command, agentName, workingDir, quiet, live, eofGraceMillis, killGraceMillis, queueBytes, on);
        }
    }

    /** How a recording ended; {@code sessionId} and {@code meta} are null when nothing could be recorded. */
    public record Result(String sessionId, int exitCode, SessionMeta meta) {
    }

    private final Settings settings;
    private final TraceStore store;
    private final Redactor redactor;
    private final Ids ids;
    private final LongSupplier nanoTime;
    private final DoubleSupplier epochSeconds;
    private final PrintStream err;

    // Shared between the waiting thread, the pumps, signal handlers and the shutdown hook.
    private final Object lock = new Object();
    private volatile boolean clientEof;
    private volatile boolean clientGone;
    private volatile String signalled;
    private long eofAt = Long.MAX_VALUE;
    private long killDeadline = Long.MAX_VALUE;
    private boolean termSent;
    private boolean killSent;
    private boolean used;
    private volatile Result result;
    private volatile ChildProcess child;
    private volatile long stampNanos;

    public StdioProxy(Settings settings, TraceStore store, Redactor redactor, Ids ids, LongSupplier nanoTime,
                      DoubleSupplier epochSeconds, PrintStream err) {
        this.settings = settings;
        this.store = store;
        this.redactor = redactor;
        this.ids = ids;
        this.nanoTime = nanoTime;
        this.epochSeconds = epochSeconds;
        this.err = err;
    }

    /**
     * Runs the server between {@code clientIn}/{@code clientOut} and returns when it has exited and the
     * session is complete. Recording problems never stop forwarding: an unusable trace directory runs the
     * server unrecorded (with a warning), later failures are reported on {@code err} and in the session.
     */
    public Result run(InputStream clientIn, OutputStream clientOut) throws InterruptedException {
        synchronized (lock) {
            if (used) {
                throw new IllegalStateException("a StdioProxy runs once");
            }
            used = true;
        }
        List<String> command = settings.command();
        String sessionId = ids.sessionId();
        double startEpoch = epochSeconds.getAsDouble();
        long startNanos = nanoTime.getAsLong();
        SessionWriter writer;
        try {
            store.create(SessionMeta.start(sessionId, startEpoch, settings.agentName(), String.join(" ", command)), redactor);
            writer = store.writer(sessionId, redactor);
        } catch (StoreException e) {
            // Said even with -q: the user believes this is being recorded. The server still runs.
            err.println("agent-strace record: cannot record (" + e.getMessage() + "); running the server unrecorded");
            return passThrough(clientIn, clientOut);
        }
        Session session = new Session(sessionId, writer, startEpoch, startNanos);
        banner("agent-strace: recording session " + sessionId + " (" + redactor.redact(String.join(" ", command)) + ")");

        Map<String, Object> startData = new LinkedHashMap<>();
        startData.put("command", new ArrayList<Object>(command));
        startData.put("mode", "mcp-stdio-proxy");
        startData.put("redaction", redactor.enabled() ? "on" : "off");
        session.event(EventType.SESSION_START, null, null, startData);

        Thread hook = new Thread(() -> onShutdown(session), "agent-strace-shutdown");
        StdioSignals signals = null;
        try {
            // Before the child exists, so no signal slips through between its start and ours.
            Runtime.getRuntime().addShutdownHook(hook);
            if (settings.handleSignals()) {
                signals = StdioSignals.install(this::forwardSignal);
            }
            return runChild(session, clientIn, clientOut);
        } finally {
            if (signals != null) {
                signals.close();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it finds the session finished
            }
        }
    }

    /** The server behind the proxy with nothing recorded: for when the trace directory is unusable. */
    private Result passThrough(InputStream clientIn, OutputStream clientOut) throws InterruptedException {
        StdioSignals signals = settings.handleSignals() ? StdioSignals.install(this::forwardSignal) : null;
        try {
            return runChild(null, clientIn, clientOut);
        } finally {
            if (signals != null) {
                signals.close();
            }
        }
    }

    /** Starts the server and pumps; {@code session} is null when nothing is recorded. */
    private Result runChild(Session session, InputStream clientIn, OutputStream clientOut) throws InterruptedException {
        ChildProcess started;
        try {
            started = ChildProcess.start(settings.command(), settings.workingDir());
        } catch (ChildProcess.StartFailure f) {
            err.println("agent-strace record: " + f.getMessage());
            if (session == null) {
                return new Result(null, f.exitCode(), null);
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("message", f.getMessage());
            data.put("error_type", "start_failed");
            session.event(EventType.ERROR, null, null, data);
            synchronized (session) {
                return result != null ? result : finish(session, null, f.exitCode(), new LinkedHashMap<>());
            }
        }
        RecordingQueue queue = null;
        Thread recording = null;
        if (session != null) {
            RecordingQueue q = new RecordingQueue(settings.queueBytes(), nanoTime, 2_000_000L, 2_000_000_000L);
            McpRecorder recorder = new McpRecorder(session.writer, this::recorderNanos,
                    () -> session.epochAt(recorderNanos()), ids, this::live, this::warn);
            recording = daemon("agent-strace-recorder", () -> record(q, recorder));
            session.recording(q, recorder, recording);
            queue = q;
        }

        Process p = started.process();
        BytePump toServer = new BytePump(clientIn, p.getOutputStream(), Direction.CLIENT_TO_SERVER, queue, nanoTime,
                () -> clientEnded(p), () -> { });
        BytePump toClient = new BytePump(p.getInputStream(), clientOut, Direction.SERVER_TO_CLIENT, queue, nanoTime,
                () -> { }, () -> clientGone = true);
        BytePump stderr = new BytePump(p.getErrorStream(), err, null, null, nanoTime, () -> { }, () -> { });
        Thread tServer = daemon("agent-strace-client-to-server", toServer);
        Thread tClient = daemon("agent-strace-server-to-client", toClient);
        Thread tErr = daemon("agent-strace-server-stderr", stderr);
        if (recording != null) {
            recording.start();
        }
        tServer.start();
        tClient.start();
        tErr.start();
        child = started;
        String early = signalled;
        if (early != null) {
            started.signal(early); // arrived while the child was starting
        }

        int code = awaitExit(started, toClient);
        // Drain what the server wrote before exiting; a grandchild holding the pipe open must not hang us.
        tClient.join(2000);
        tErr.join(1000);
        Map<String, Object> end = new LinkedHashMap<>();
        end.put("client_to_server_bytes", toServer.bytes());
        end.put("server_to_client_bytes", toClient.bytes());
        return session == null ? new Result(null, code, null) : finishRecording(session, code, end);
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    // ---- lifecycle -----------------------------------------------------------------------------------

    private void clientEnded(Process p) {
        clientEof = true;
        try {
            p.getOutputStream().close();
        } catch (IOException ignored) {
            // the server already closed its end
        }
        synchronized (lock) {
            eofAt = nanoTime.getAsLong();
        }
    }

    private void forwardSignal(String name) {
        if (signalled == null) {
            signalled = name;
        }
        ChildProcess c = child;
        if (c != null) {
            c.signal(name);
        }
        synchronized (lock) {
            if (killDeadline == Long.MAX_VALUE) {
                killDeadline = nanoTime.getAsLong() + settings.killGraceMillis() * 1_000_000L;
            }
        }
    }

    /**
     * Waits for the server, escalating TERM then KILL once the client has left and the server has been
     * silent for the grace period (a server still writing a large answer is not cut off), or after a
     * signal was passed on.
     */
    private int awaitExit(ChildProcess child, BytePump serverOutput) throws InterruptedException {
        long grace = settings.eofGraceMillis() * 1_000_000L;
        while (!child.waitFor(50)) {
            long now = nanoTime.getAsLong();
            synchronized (lock) {
                if (!termSent && eofAt != Long.MAX_VALUE
                        && now - Math.max(eofAt, serverOutput.lastActivityNanos()) >= grace) {
                    termSent = true;
                    child.signal("TERM");
                    killDeadline = Math.min(killDeadline, now + settings.killGraceMillis() * 1_000_000L);
                } else if (!killSent && now >= killDeadline) {
                    killSent = true;
                    child.signal("KILL");
                }
            }
        }
        return child.exitCode();
    }

    private void onShutdown(Session session) {
        if (result != null) {
            return;
        }
        try {
            forwardSignal("TERM");
            ChildProcess c = child;
            int code = 143;
            if (c != null) {
                if (!c.waitFor(settings.killGraceMillis())) {
                    c.signal("KILL");
                    c.waitFor(1000);
                }
                code = c.isAlive() ? 137 : c.exitCode();
            }
            finishRecording(session, code, new LinkedHashMap<>());
        } catch (InterruptedException | RuntimeException e) {
            warn("could not finish the session at shutdown: " + e);
        }
    }

    private Result finishRecording(Session session, int code, Map<String, Object> extra) throws InterruptedException {
        synchronized (session) {
            if (result != null) {
                return result;
            }
            RecordingQueue queue = session.queue;
            McpRecorder recorder = session.recorder;
            Thread recording = session.recording;
            if (queue == null) {
                return finish(session, null, code, extra); // the child never started
            }
            queue.close();
            recording.join(30_000);
            if (recording.isAlive()) {
                warn("recording did not catch up within 30 s; the session may be incomplete");
                extra.put("recording_incomplete", true);
            }
            recorder.close();
            extra.put("messages", recorder.messages());
            if (recorder.failures() > 0) {
                extra.put("recording_failures", recorder.failures());
            }
            if (queue.lostBytes() > 0) {
                extra.put("unrecorded_bytes", queue.lostBytes());
            }
            writeInfo(session.id, recorder.sessionInfo());
            return finish(session, recorder, code, extra);
        }
    }

    private Result finish(Session session, McpRecorder recorder, int code, Map<String, Object> extra) {
        double end = epochSeconds.getAsDouble();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("exit_code", code);
        data.put("duration_ms", (end - session.startEpoch) * 1000.0);
        if (signalled != null) {
            data.put("signal", signalled);
        }
        if (clientEof) {
            data.put("client_eof", true);
        }
        if (clientGone) {
            data.put("client_disconnected", true);
        }
        if (termSent || killSent) {
            data.put("terminated_by_proxy", killSent ? "KILL" : "TERM");
        }
        data.putAll(extra);
        session.event(EventType.SESSION_END, null, null, data);
        SessionMeta meta;
        try {
            meta = session.writer.flushMeta(m -> m.endedAt(end));
        } catch (RuntimeException e) {
            warn("cannot update meta.json: " + e.getMessage());
            meta = null;
        } finally {
            session.writer.close();
        }
        Result r = new Result(session.id, code, meta);
        result = r;
        if (meta != null) {
            banner("agent-strace: session " + session.id + " complete: " + meta.toolCalls() + " tool calls, "
                    + meta.llmRequests() + " llm requests, " + meta.errors() + " errors, exit " + code
                    + " (replay with: agent-strace replay " + session.id + ")");
        }
        return r;
    }

    private void writeInfo(String sessionId, Map<String, Object> info) {
        if (info.isEmpty()) {
            return;
        }
        Path file = store.sessionDir(sessionId).resolve(MCP_INFO_FILE);
        try {
            FilePermissions.createPrivateFile(file);
            Files.write(file, Json.write(redactor.redactValue(info), Json.Style.PRETTY_ASCII)
                    .getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            warn("cannot write " + file + ": " + e.getMessage());
        }
    }

    // ---- recording -----------------------------------------------------------------------------------

    /** The recorder thread: frames each direction and classifies, stamping events with the read time. */
    private void record(RecordingQueue queue, McpRecorder recorder) {
        Framer[] framers = new Framer[2];
        for (Direction d : Direction.values()) {
            framers[d.ordinal()] = Framer.recording(recorder, d);
        }
        try {
            RecordingQueue.Chunk c;
            while ((c = queue.take()) != null) {
                stampNanos = c.nanos();
                try {
                    Framer f = framers[c.dir().ordinal()];
                    if (c.lostBefore() > 0) {
                        f.gap(c.lostBefore());
                    }
                    f.feed(c.bytes(), 0, c.bytes().length);
                } catch (RuntimeException e) {
                    warn("recording failed: " + e);
                }
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

    /** Time for the recorder: when the bytes being classified were read, else now. */
    private long recorderNanos() {
        long s = stampNanos;
        return s != 0 ? s : nanoTime.getAsLong();
    }

    private void live(TraceEvent e) {
        Consumer<TraceEvent> l = settings.live();
        if (l != null) {
            try {
                l.accept(e);
            } catch (RuntimeException ex) {
                // printing is a courtesy; never let it disturb recording
            }
        }
    }

    /** A recording problem: on stderr unless quiet (it is noted in the session either way where possible). */
    private void warn(String message) {
        if (!settings.quiet()) {
            err.println("agent-strace record: " + message);
        }
    }

    private void banner(String line) {
        if (!settings.quiet()) {
            err.println(line);
        }
    }

    /** The session being written, with the clock origin used to turn read times into timestamps. */
    private final class Session {
        final String id;
        final SessionWriter writer;
        final double startEpoch;
        final long startNanos;

        RecordingQueue queue;
        McpRecorder recorder;
        Thread recording;

        Session(String id, SessionWriter writer, double startEpoch, long startNanos) {
            this.id = id;
            this.writer = writer;
            this.startEpoch = startEpoch;
            this.startNanos = startNanos;
        }

        synchronized void recording(RecordingQueue q, McpRecorder r, Thread t) {
            queue = q;
            recorder = r;
            recording = t;
        }

        double epochAt(long nanos) {
            return startEpoch + (nanos - startNanos) / 1e9;
        }

        void event(EventType type, String parent, Double duration, Map<String, Object> data) {
            try {
                TraceEvent e = writer.append(TraceEvent.of(type, epochSeconds.getAsDouble(), ids.eventId(), id,
                        parent, duration, data));
                live(e);
            } catch (RuntimeException ex) {
                warn("cannot record " + type.wire() + ": " + ex.getMessage());
            }
        }
    }
}
