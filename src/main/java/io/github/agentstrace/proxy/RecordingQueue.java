package io.github.agentstrace.proxy;

import io.github.agentstrace.mcp.Direction;
import io.github.agentstrace.model.Clock;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hand-off from the byte pumps to the recorder thread: copies of what was forwarded, bounded by
 * bytes. {@link #offer} never blocks: when the budget is spent the chunk is not recorded (it was already
 * forwarded), the loss is counted per direction and announced with the next chunk that fits, so the
 * recorder can say so in the session and resynchronise its framing.
 *
 * <p>Recording also yields the CPU to forwarding: {@link #take} holds chunks back in a {@link QuietWindow}
 * while bytes are still flowing, or until a quarter of the budget is queued.
 */
final class RecordingQueue {
    /** One piece of one direction's stream, stamped with the monotonic time it was read. */
    record Chunk(Direction dir, byte[] bytes, long nanos, long lostBefore) {
    }

    private static final Chunk END = new Chunk(null, new byte[0], 0, 0);

    private final LinkedBlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
    private final long maxBytes;
    private final QuietWindow window;
    private final Clock clock;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong[] lost = {new AtomicLong(), new AtomicLong()};
    private final AtomicLong totalLost = new AtomicLong();
    private volatile boolean closed;

    /** Defaults: recording waits for {@link QuietWindow#QUIET_NANOS} of quiet, at most {@link QuietWindow#MAX_LAG_NANOS} behind. */
    RecordingQueue(long maxBytes) {
        this(maxBytes, Clock.system(), QuietWindow.QUIET_NANOS, QuietWindow.MAX_LAG_NANOS);
    }

    RecordingQueue(long maxBytes, Clock clock, long quietNanos, long maxLagNanos) {
        this.maxBytes = maxBytes;
        this.window = new QuietWindow(clock, quietNanos, maxLagNanos);
        this.clock = clock;
    }

    /**
     * Queues a copy of {@code buf[0..n)}; drops it (counted) when the budget is spent or the queue is
     * closed. Never blocks for long: it shares a monitor with {@link #close} only, so that nothing is
     * queued behind the end marker, where it would be lost without a count.
     */
    synchronized void offer(Direction dir, byte[] buf, int n, long nanos) {
        if (n <= 0) {
            return;
        }
        if (closed) {
            totalLost.addAndGet(n); // read by the pump after the session stopped recording
            return;
        }
        AtomicLong lostHere = lost[dir.ordinal()];
        if (queuedBytes.addAndGet(n) > maxBytes) {
            queuedBytes.addAndGet(-n);
            lostHere.addAndGet(n);
            totalLost.addAndGet(n);
            return;
        }
        window.touch();
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

    /**
     * The next chunk if one is queued, without waiting for quiet (for a recorder already working through
     * a backlog), else null; null also at the end, which stays for {@link #take}. One taker only.
     */
    Chunk poll() {
        Chunk c = queue.peek();
        if (c == null || c == END) {
            return null;
        }
        queue.poll();
        queuedBytes.addAndGet(-c.bytes().length);
        return c;
    }

    private void awaitQuiet(Chunk c) throws InterruptedException {
        window.await(c.nanos(), () -> closed || queuedBytes.get() >= maxBytes / 4);
    }

    /** No more offers; pending losses are queued as empty chunks so they are still reported. */
    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Direction d : Direction.values()) {
            long l = lost[d.ordinal()].getAndSet(0);
            if (l > 0) {
                queue.add(new Chunk(d, new byte[0], clock.nanoTime(), l));
            }
        }
        queue.add(END);
    }

    /** Bytes forwarded but not recorded: the budget was spent, or they came after {@link #close}. */
    long lostBytes() {
        return totalLost.get();
    }
}
