package io.github.agentstrace.proxy;

import io.github.agentstrace.mcp.Direction;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.function.LongSupplier;

/**
 * Copies one stream to another exactly as read, flushing after every read so nothing waits for a whole
 * message, then hands a copy to the recording queue. The copy happens after the write: recording never
 * delays forwarding.
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
    private final LongSupplier nanoTime;
    private final Runnable onEnd;
    private final Runnable onOutputBroken;
    private volatile boolean outputBroken;
    private volatile long bytes;

    /**
     * @param dir  the direction recorded, or null for a stream that is only passed through (stderr)
     * @param tap  where copies go, or null
     */
    BytePump(InputStream in, OutputStream out, Direction dir, RecordingQueue tap, LongSupplier nanoTime,
             Runnable onEnd, Runnable onOutputBroken) {
        this.in = in;
        this.out = out;
        this.dir = dir;
        this.tap = tap;
        this.nanoTime = nanoTime;
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
                long readAt = nanoTime.getAsLong();
                bytes += n;
                if (!outputBroken) {
                    forward(buf, n);
                }
                if (tap != null && dir != null) {
                    tap.offer(dir, buf, n, readAt);
                }
            }
        } finally {
            onEnd.run();
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

    long bytes() {
        return bytes;
    }
}
