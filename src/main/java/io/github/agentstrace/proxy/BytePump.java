package io.github.agentstrace.proxy;

import io.github.agentstrace.mcp.Direction;
import io.github.agentstrace.model.Clock;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Copies one stream to another exactly as read, flushing after every read so nothing waits for a whole
 * message, and hands a copy to the recording queue. The copy is queued just before the write (a
 * non-blocking array copy, never parsing or disk I/O), so the recorder sees causes before effects: a
 * request is queued before the server can possibly answer it.
 *
 * <p>If the destination breaks (the client went away, the server closed its stdin), the pump keeps
 * reading and discarding so the writer on the other end never blocks on a full pipe, and recording goes
 * on. At end of input it runs {@code onEnd} (e.g. closing the server's stdin).
 */
final class BytePump implements Runnable {
    private static final int BUFFER = 64 * 1024;

    private final InputStream in;
    private final OutputStream out;
    private final Direction dir;
    private final RecordingQueue tap;
    private final Clock clock;
    private final Runnable onEnd;
    private final Runnable onOutputBroken;
    private final Passage passage;
    private volatile boolean outputBroken;
    private volatile long bytes;
    private volatile long lastActivity = Long.MIN_VALUE;

    /**
     * @param dir  the direction recorded, or null for a stream that is only passed through (stderr)
     * @param tap  where copies go, or null
     */
    BytePump(InputStream in, OutputStream out, Direction dir, RecordingQueue tap, Clock clock,
             Runnable onEnd, Runnable onOutputBroken) {
        this(in, out, dir, tap, clock, onEnd, onOutputBroken, null);
    }

    /**
     * What a pump does with the bytes it read, instead of copying and forwarding them at once: the
     * {@link PolicyGate} of {@code record --policy}, which holds a request back until it is whole and judged.
     */
    interface Passage {
        /** The {@code n} bytes just read into {@code buf}, at {@code nanos}; {@link #emit} sends them on. */
        void pass(BytePump pump, byte[] buf, int n, long nanos);
    }

    /** A pump whose bytes go through {@code passage} (null: copied and forwarded as read). */
    BytePump(InputStream in, OutputStream out, Direction dir, RecordingQueue tap, Clock clock,
             Runnable onEnd, Runnable onOutputBroken, Passage passage) {
        this.passage = passage;
        this.in = in;
        this.out = out;
        this.dir = dir;
        this.tap = tap;
        this.clock = clock;
        this.onEnd = onEnd;
        this.onOutputBroken = onOutputBroken;
    }

    @Override
    public void run() {
        byte[] buf = new byte[BUFFER];
        try {
            while (true) {
                int n;
                try {
                    n = in.read(buf);
                } catch (IOException e) {
                    break; // the source is gone: same as end of input
                }
                if (n < 0) {
                    break;
                }
                if (n == 0) {
                    continue;
                }
                bytes += n;
                lastActivity = clock.nanoTime();
                if (passage != null) {
                    passage.pass(this, buf, n, lastActivity);
                } else {
                    emit(buf, n, lastActivity);
                }
            }
        } finally {
            onEnd.run();
        }
    }

    /** Queues a copy of {@code n} bytes for the recording and forwards them. */
    void emit(byte[] buf, int n, long nanos) {
        record(buf, n, nanos);
        if (!outputBroken) {
            forward(buf, n);
        }
    }

    /** Queues a copy for the recording only: a request the proxy answers itself is recorded, not forwarded. */
    void record(byte[] buf, int n, long nanos) {
        if (tap != null && dir != null) {
            // Queued before forwarding, so the recorder sees a request before the answer it causes.
            tap.offer(dir, buf, n, nanos);
        }
    }

    private void forward(byte[] buf, int n) {
        try {
            out.write(buf, 0, n);
            out.flush();
            if (out instanceof PrintStream ps && ps.checkError()) {
                throw new IOException("output stream failed");
            }
        } catch (IOException e) {
            outputBroken = true;
            onOutputBroken.run();
        }
    }

    boolean outputBroken() {
        return outputBroken;
    }

    /** When the last bytes were read (monotonic), or {@code Long.MIN_VALUE} before any. */
    long lastActivityNanos() {
        return lastActivity;
    }

    long bytes() {
        return bytes;
    }
}
