package io.github.agentstrace.proxy;

import io.github.agentstrace.model.Clock;
import io.github.agentstrace.model.Ids;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.store.TraceStore;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The MCP stdio proxy behind {@code record -- <server command>}: starts the server without a shell,
 * forwards the client's stdin to it and its stdout back byte for byte as soon as they are read, passes its
 * stderr through, and records a copy of both directions as one session.
 *
 * <p>Two halves: {@link StdioChild} runs the server (pumps, client EOF, TERM/KILL escalation, the exit
 * code) and {@link StdioRecording} records the session (a recorder thread fed through a byte-bounded
 * {@link RecordingQueue} that never blocks a pump, meta.json counters kept current, the recorder mark).
 * This class joins them:
 * <ul>
 *   <li>INT, TERM and HUP sent to the proxy are passed to the server (with the same escalation to KILL);</li>
 *   <li>when the server exits, its stdout is drained and the session finished from its exit;</li>
 *   <li>the exit code returned is the server's (126/127 when it could not be started, the session is
 *       recorded all the same).</li>
 * </ul>
 * A JVM shutdown from anywhere else (another signal, {@code System.exit}) runs the same finish from a
 * shutdown hook, so nothing recorded is lost.
 *
 * <p>With a {@link Settings#gate} ({@code record --policy}) a {@code tools/call} the policy denies is the one
 * thing not forwarded: the proxy answers it itself ({@link PolicyGate}).
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
     * @param gate           {@code record --policy}: judges each {@code tools/call} before it is forwarded
     *                       ({@link PolicyGate}); null forwards everything as read
     */
    public record Settings(List<String> command, String agentName, Path workingDir, boolean quiet,
                           Consumer<TraceEvent> live, long eofGraceMillis, long killGraceMillis, long queueBytes,
                           boolean handleSignals, CallGate gate) {
        public Settings {
            command = List.copyOf(command);
        }

        /** Defaults: 5 s grace after client EOF, 3 s from TERM to KILL, 64 MiB recording budget, signals on. */
        public static Settings of(List<String> command, String agentName) {
            return new Settings(command, agentName, null, false, null, 5000, 3000, 64L << 20, true, null);
        }

        public Settings withQuiet(boolean q) {
            return new Settings(command, agentName, workingDir, q, live, eofGraceMillis, killGraceMillis, queueBytes, handleSignals, gate);
        }

        public Settings withLive(Consumer<TraceEvent> l) {
            return new Settings(command, agentName, workingDir, quiet, l, eofGraceMillis, killGraceMillis, queueBytes, handleSignals, gate);
        }

        public Settings withWorkingDir(Path dir) {
            return new Settings(command, agentName, dir, quiet, live, eofGraceMillis, killGraceMillis, queueBytes, handleSignals, gate);
        }

        public Settings withGraces(long eofGrace, long killGrace) {
            return new Settings(command, agentName, workingDir, quiet, live, eofGrace, killGrace, queueBytes, handleSignals, gate);
        }

        public Settings withQueueBytes(long bytes) {
            return new Settings(command, agentName, workingDir, quiet, live, eofGraceMillis, killGraceMillis, bytes, handleSignals, gate);
        }

        public Settings withGate(CallGate g) {
            return new Settings(command, agentName, workingDir, quiet, live, eofGraceMillis, killGraceMillis, queueBytes,
                    handleSignals, g);
        }

        public Settings withSignals(boolean on) {
            return new Settings(command, agentName, workingDir, quiet, live, eofGraceMillis, killGraceMillis, queueBytes, on, gate);
        }
    }

    /** How a recording ended; {@code sessionId} and {@code meta} are null when nothing could be recorded. */
    public record Result(String sessionId, int exitCode, SessionMeta meta) {
    }

    private final Settings settings;
    private final TraceStore store;
    private final Redactor redactor;
    private final Ids ids;
    private final Clock clock;
    private final PrintStream err;
    private boolean used;

    public StdioProxy(Settings settings, TraceStore store, Redactor redactor, Ids ids, Clock clock, PrintStream err) {
        this.settings = settings;
        this.store = store;
        this.redactor = redactor;
        this.ids = ids;
        this.clock = clock;
        this.err = err;
    }

    /**
     * Runs the server between {@code clientIn}/{@code clientOut} and returns when it has exited and the
     * session is complete. Recording problems never stop forwarding: an unusable trace directory runs the
     * server unrecorded (with a warning), later failures are reported on {@code err} and in the session.
     */
    public Result run(InputStream clientIn, OutputStream clientOut) throws InterruptedException {
        synchronized (this) {
            if (used) {
                throw new IllegalStateException("a StdioProxy runs once");
            }
            used = true;
        }
        StdioChild child = new StdioChild(settings, clock, err);
        StdioRecording recording = StdioRecording.open(settings, store, redactor, ids, clock,
                this::live, this::warn, err::println);
        Thread hook = null;
        if (recording != null) {
            banner("agent-strace: recording session " + recording.id() + " ("
                    + redactor.redact(String.join(" ", settings.command())) + ")");
            hook = new Thread(() -> onShutdown(child, recording), "agent-strace-shutdown");
            // Before the child exists, so no signal slips through between its start and ours.
            Runtime.getRuntime().addShutdownHook(hook);
        }
        StdioSignals signals = settings.handleSignals() ? StdioSignals.install(child::forwardSignal) : null;
        try {
            StdioChild.Exit exit = child.run(clientIn, clientOut, recording == null ? null : recording.tap());
            return recording == null ? new Result(null, exit.code(), null) : recording.finish(exit);
        } finally {
            if (signals != null) {
                signals.close();
            }
            if (hook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or about to: it finds the session finished
                }
            }
        }
    }

    private void onShutdown(StdioChild child, StdioRecording recording) {
        try {
            recording.finish(child.terminate());
        } catch (InterruptedException | RuntimeException e) {
            warn("could not finish the session at shutdown: " + e);
        }
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
}
