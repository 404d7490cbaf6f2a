package io.github.agentstrace.replay;

import io.github.agentstrace.model.Clock;
import io.github.agentstrace.model.Sleeper;

/**
 * {@code --live} timing: before each event, waits for the recorded gap since the previous one divided
 * by the speed, each gap capped at {@code maxGap} seconds. Waits are measured against a monotonic clock
 * from the start, so time spent printing does not add up as drift. Clock and sleeper are injected.
 */
final class Pacer {
    private final Clock clock;
    private final Sleeper sleeper;
    private final double speed;
    private final double maxGapSeconds;
    private long startNanos;
    private double virtualSeconds;
    private double previousTs = Double.NaN;

    Pacer(Clock clock, Sleeper sleeper, double speed, double maxGapSeconds) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.speed = speed;
        this.maxGapSeconds = maxGapSeconds;
    }

    /** Waits until the event stamped {@code ts} is due; false when the wait was interrupted (Ctrl-C). */
    boolean await(double ts) {
        if (Double.isNaN(previousTs)) {
            previousTs = ts;
            startNanos = clock.nanoTime();
            return true;
        }
        double gap = Math.max(0, ts - previousTs) / speed;
        previousTs = Math.max(previousTs, ts);
        virtualSeconds += Math.min(gap, maxGapSeconds);
        long due = startNanos + (long) (virtualSeconds * 1e9);
        long wait = due - clock.nanoTime();
        if (wait > 0) {
            try {
                sleeper.sleepNanos(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
