package io.github.agentstrace.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link Clock} the test moves by hand: wall time is the start plus the monotonic reading, and both move only
 * by {@link #advance} or by sleeping through {@link #sleeper()}, which also notes each sleep.
 */
public final class TestClock implements Clock {
    private final Instant start;
    private volatile long nanos;
    private final List<Long> sleeps = new CopyOnWriteArrayList<>();

    private TestClock(Instant start) {
        this.start = start;
    }

    /** A clock that stands at {@code start} until moved. */
    public static TestClock fixed(Instant start) {
        return new TestClock(start);
    }

    public synchronized void advance(Duration d) {
        nanos += d.toNanos();
    }

    /** A sleeper that sleeps no real time: it moves this clock forward and notes the sleep. */
    public Sleeper sleeper() {
        return n -> {
            sleeps.add(n);
            synchronized (this) {
                nanos += Math.max(0, n);
            }
        };
    }

    /** Every sleep asked of {@link #sleeper()}, in nanoseconds. */
    public List<Long> sleeps() {
        return sleeps;
    }

    @Override
    public Instant instant() {
        return start.plusNanos(nanos);
    }

    @Override
    public long nanoTime() {
        return nanos;
    }
}
