package io.github.agentstrace.proxy;

import io.github.agentstrace.model.Clock;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * When a proxy's recorder thread may work without competing with forwarding for the CPU.
 *
 * <p>MCP traffic comes in bursts separated by model think time. Recording in those gaps keeps the
 * classification and the locked appends off the forwarding path's critical moments (measured on a 2-core
 * machine: recording at full speed beside back-to-back traffic added milliseconds to the p99 round trip;
 * forwarding alone added 0.04 ms). Items carry the time they were read, so the delay changes nothing
 * recorded. Both proxies use this one window: the forwarding side calls {@link #touch()} before it makes an
 * item visible to the recorder, and the recorder calls {@link #await} before handling it.
 *
 * <p>The lag bound is what a recorder killed without warning loses, so it is kept short
 * ({@link #MAX_LAG_NANOS}): under traffic that never pauses, recording runs that far behind the wire.
 */
final class QuietWindow {
    /** The quiet the recorder waits for: 2 ms without traffic. */
    static final long QUIET_NANOS = 2_000_000L;
    /** How far the recorder may fall behind the wire while traffic never pauses: 200 ms. */
    static final long MAX_LAG_NANOS = 200_000_000L;

    private final Clock clock;
    private final long quietNanos;
    private final long maxLagNanos;
    private volatile long lastTraffic = Long.MIN_VALUE / 2;

    QuietWindow(Clock clock, long quietNanos, long maxLagNanos) {
        this.clock = clock;
        this.quietNanos = quietNanos;
        this.maxLagNanos = maxLagNanos;
    }

    /** Traffic now; returns the time. Call it before queueing the item, or the recorder may see a quiet wire. */
    long touch() {
        long now = clock.nanoTime();
        lastTraffic = now;
        return now;
    }

    /**
     * Waits until the wire has been quiet for {@code quietNanos}, or the item read at {@code itemNanos}
     * has waited {@code maxLagNanos}, or {@code stopWaiting} says so (closing, a backlog to clear).
     */
    void await(long itemNanos, BooleanSupplier stopWaiting) throws InterruptedException {
        while (!stopWaiting.getAsBoolean()) {
            long now = clock.nanoTime();
            long quietFor = now - lastTraffic;
            if (quietFor >= quietNanos || now - itemNanos >= maxLagNanos) {
                return;
            }
            // Short naps: a stop request is noticed within a millisecond or two.
            LockSupport.parkNanos(Math.max(100_000L, Math.min(quietNanos - quietFor, 2_000_000L)));
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }
}
