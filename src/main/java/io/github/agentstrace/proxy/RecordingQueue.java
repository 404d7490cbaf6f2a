package io.github.agentstrace.proxy;

import io.github.agentstrace.mcp.Direction;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * The hand-off from the byte pumps to the recorder thread: copies of what was forwarded, bounded by
 * bytes. {@link #offer} never blocks: when the budget is spent the chunk is not recorded (it was already
 * forwarded), the loss is counted per direction and announced with the next chunk that fits, so the
 * recorder can say so in the session and resynchronise its framing.
 *
 * <p>Recording also yields the CPU to forwarding: {@link #take} holds chunks back while bytes are still
 * flowing, until the wire has been quiet for {@code quietNanos}, the oldest chunk has waited
 * {@code maxLagNanos}, or a quarter of the budget is queued. Real MCP traffic comes in bursts separated
 * by model think time, so recording happens in the gaps; timestamps were taken when the bytes were read,
 * so the delay changes nothing recorded. (Measured on a 2-core machine: recording at full speed beside
 * back-to-back traffic added milliseconds to the p99 round trip; forwarding alone added 0.04 ms.)
 */
final class RecordingQueue {
    /** One piece of one direction's stream, stamped with the monotonic time it was read. */
    record Chunk(Direction dir, byte[] bytes, long nanos, long lostBefore) {
    }

    private static final Chunk END = new Chunk(null, new byte[0], 0, 0);

    private final LinkedBlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
    private final long maxBytes;
    private final LongSupplier nanoTime;
    private final long quietNanos;
    private final long maxLagNanos;
    private volatile long lastOffer = Long.MIN_VALUE / 2;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong[] lost = {new AtomicLong(), new AtomicLong()};
    private final AtomicLong totalLost = new AtomicLong();
    private volatile boolean closed;

    /** Defaults: recording waits for 2 ms of quiet, at most 2 s behind the wire. */
    RecordingQueue(long maxBytes) {
        this(maxBytes, System::nanoTime, 2_000_000L, 2_000_000_000L);
    }

    RecordingQueue(long maxBytes, LongSupplier nanoTime, long quietNanos, long maxLagNanos) {
        this.maxBytes = maxBytes;
        this.nanoTime = nanoTime;
        this.quietNanos = quietNanos;
        this.maxLagNanos = maxLagNanos;
    }

    /** Queues a copy of {@code buf[0..n)}; drops it (counted) when the budget is spent. Never blocks. */
    void offer(Direction dir, byte[] buf, int n, long nanos) {
        if (closed || n <= 0) {
            return;
        }
        AtomicLong lostHere = lost[dir.ordinal()];
        if (queuedBytes.addAndGet(n) > maxBytes) {
            queuedBytes.addAndGet(-n);
            lostHere.addAndGet(n);
            totalLost.addAndGet(n);
            return;
        }
        lastOffer = nanoTime.getAsLong(); // before the add, so a waking recorder sees the wire as busy
        queue.add(new Chunk(dir, Arrays.copyOf(buf, n), nanos, lostHere.getAndSet(0)));
    }

    /**
     * The next chunk once the wire is quiet (see the class comment), or null once {@link #close} was
     * called and everything before it was taken. After close, chunks come without waiting.
     */
    Chunk take() throws InterruptedException {
        Chunk c = queue.take();
        if (c == END) {
            queue.add(END); // stay closed for any later taker
            return null;
        }
        awaitQuiet(c);
        queuedBytes.addAndGet(-c.bytes().length);
        return c;
    }

    private void awaitQuiet(Chunk c) throws InterruptedException {
        while (!closed && queuedBytes.get() < maxBytes / 4) {
            long now = nanoTime.getAsLong();
            long quietFor = now - lastOffer;
            long waited = now - c.nanos();
            if (quietFor >= quietNanos || waited >= maxLagNanos) {
                return;
            }
            // Short naps: close() and a full backlog are noticed within a millisecond or two.
            LockSupport.parkNanos(Math.max(100_000L, Math.min(quietNanos - quietFor, 2_000_000L)));
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    /** No more offers; pending losses are queued as empty chunks so they are still reported. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Direction d : Direction.values()) {
            long l = lost[d.ordinal()].getAndSet(0);
            if (l > 0) {
                queue.add(new Chunk(d, new byte[0], System.nanoTime(), l));
            }
        }
        queue.add(END);
    }

    /** Bytes forwarded but not recorded because the budget was spent. */
    long lostBytes() {
        return totalLost.get();
    }
}
