package io.github.agentstrace.proxy;

import io.github.agentstrace.mcp.Direction;
import io.github.agentstrace.model.Clock;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * The server half of the stdio proxy: starts the server without a shell, pumps the client's stdin to it
 * and its stdout back byte for byte, passes its stderr through, and waits for it to exit. Knows nothing
 * of sessions: a copy of both directions goes to the {@link RecordingQueue} it is given, if any.
 *
 * <p>Lifecycle: client EOF closes the server's stdin; if the server is still running and has written
 * nothing for {@code eofGraceMillis} after that, it gets TERM, and KILL after a further
 * {@code killGraceMillis}. Signals passed on with {@link #forwardSignal} escalate to KILL the same way.
 * Runs once.
 */
final class StdioChild {
    /**
     * How the server's run ended, for the session's {@code session_end}.
     *
     * @param code           the server's exit status (126/127 when it could not be started)
     * @param startFailure   why it could not be started, or null
     * @param signal         the first signal passed on to it, or null
     * @param terminatedBy   "TERM" or "KILL" when the proxy ended it, else null
     */
    record Exit(int code, String startFailure, String signal, boolean clientEof, boolean clientGone,
                String terminatedBy, long clientToServerBytes, long serverToClientBytes) {
        boolean started() {
            return startFailure == null;
        }
    }

    private final StdioProxy.Settings settings;
    private final Clock clock;
    private final PrintStream err;

    // Shared between the waiting thread, the pumps, signal handlers and the shutdown hook.
    private final Object lock = new Object();
    private volatile boolean clientEof;
    private volatile boolean clientGone;
    private volatile String signalled;
    private volatile ChildProcess child;
    private volatile BytePump toServer;
    private volatile BytePump toClient;
    private long eofAt = Long.MAX_VALUE;
    private long killDeadline = Long.MAX_VALUE;
    private boolean termSent;
    private boolean killSent;

    StdioChild(StdioProxy.Settings settings, Clock clock, PrintStream err) {
        this.settings = settings;
        this.clock = clock;
        this.err = err;
    }

    /**
     * Runs the server between {@code clientIn}/{@code clientOut} until it exits, its output drained.
     * {@code tap} receives a copy of both directions (null: nothing is recorded).
     */
    Exit run(InputStream clientIn, OutputStream clientOut, RecordingQueue tap) throws InterruptedException {
        ChildProcess started;
        try {
            started = ChildProcess.start(settings.command(), settings.workingDir());
        } catch (ChildProcess.StartFailure f) {
            // Said even with -q: the client will only see a server that never answers.
            err.println("agent-strace record: " + f.getMessage());
            return new Exit(f.exitCode(), f.getMessage(), signalled, false, false, null, 0, 0);
        }
        Process p = started.process();
        BytePump in;
        BytePump out;
        if (settings.gate() == null) {
            in = new BytePump(clientIn, p.getOutputStream(), Direction.CLIENT_TO_SERVER, tap, clock,
                    () -> clientEnded(p), () -> { });
            out = new BytePump(p.getInputStream(), clientOut, Direction.SERVER_TO_CLIENT, tap, clock,
                    () -> { }, () -> clientGone = true);
        } else {
            PolicyGate gate = new PolicyGate(settings.gate(), m -> {
                if (!settings.quiet()) {
                    err.println("agent-strace " + m);
                }
            });
            BytePump[] self = new BytePump[1];
            in = new BytePump(clientIn, p.getOutputStream(), Direction.CLIENT_TO_SERVER, tap, clock,
                    () -> {
                        gate.clientEnded(self[0]);
                        clientEnded(p);
                    }, () -> { }, gate::fromClient);
            self[0] = in;
            out = new BytePump(p.getInputStream(), clientOut, Direction.SERVER_TO_CLIENT, tap, clock,
                    gate::serverEnded, () -> clientGone = true, gate::fromServer);
            gate.answerThrough(out);
        }
        BytePump stderr = new BytePump(p.getErrorStream(), err, null, null, clock, () -> { }, () -> { });
        toServer = in;
        toClient = out;
        Thread tServer = daemon("agent-strace-client-to-server", in);
        Thread tClient = daemon("agent-strace-server-to-client", out);
        Thread tErr = daemon("agent-strace-server-stderr", stderr);
        tServer.start();
        tClient.start();
        tErr.start();
        child = started;
        String early = signalled;
        if (early != null) {
            started.signal(early); // arrived while the child was starting
        }

        int code = awaitExit(started, out);
        // Drain what the server wrote before exiting; a grandchild holding the pipe open must not hang us.
        tClient.join(2000);
        tErr.join(1000);
        return exit(code);
    }

    private Exit exit(int code) {
        synchronized (lock) {
            BytePump in = toServer;
            BytePump out = toClient;
            return new Exit(code, null, signalled, clientEof, clientGone,
                    termSent || killSent ? (killSent ? "KILL" : "TERM") : null,
                    in == null ? 0 : in.bytes(), out == null ? 0 : out.bytes());
        }
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private void clientEnded(Process p) {
        clientEof = true;
        try {
            p.getOutputStream().close();
        } catch (IOException ignored) {
            // the server already closed its end
        }
        synchronized (lock) {
            eofAt = clock.nanoTime();
        }
    }

    /** Passes a signal (INT, TERM, HUP) on to the server, now or as soon as it has started; KILL follows after the grace. */
    void forwardSignal(String name) {
        if (signalled == null) {
            signalled = name;
        }
        ChildProcess c = child;
        if (c != null) {
            c.signal(name);
        }
        synchronized (lock) {
            if (killDeadline == Long.MAX_VALUE) {
                killDeadline = clock.nanoTime() + settings.killGraceMillis() * 1_000_000L;
            }
        }
    }

    /**
     * For a JVM that is shutting down: TERM, then KILL after the grace, and the exit as far as it is known
     * (137 for a server that outlived even KILL's wait, 143 for one that never started).
     */
    Exit terminate() throws InterruptedException {
        forwardSignal("TERM");
        ChildProcess c = child;
        if (c == null) {
            return exit(143);
        }
        if (!c.waitFor(settings.killGraceMillis())) {
            c.signal("KILL");
            c.waitFor(1000);
        }
        return exit(c.isAlive() ? 137 : c.exitCode());
    }

    /**
     * Waits for the server, escalating TERM then KILL once the client has left and the server has been
     * silent for the grace period (a server still writing a large answer is not cut off), or after a
     * signal was passed on.
     */
    private int awaitExit(ChildProcess child, BytePump serverOutput) throws InterruptedException {
        long grace = settings.eofGraceMillis() * 1_000_000L;
        while (!child.waitFor(50)) {
            long now = clock.nanoTime();
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
}
