package io.github.agentstrace.model;

import java.time.Instant;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * The one source of time: wall time for the timestamps that are recorded, and a monotonic reading for the
 * durations between them (wall time can jump; a duration must not). Everything that records or shows a time
 * takes a {@code Clock}, so that tests drive both readings by hand; waits come from the one {@link Sleeper}.
 *
 * <p>The exceptions read the machine's time directly, on purpose: deadlines of real waits for another process
 * or a socket (a test clock that stands still would make them endless), and keys that order files written by
 * several processes (one boot, one monotonic clock).
 */
public interface Clock {

    /** Wall time now. */
    Instant instant();

    /** A monotonic reading in nanoseconds, only meaningful as a difference (as {@link System#nanoTime}). */
    long nanoTime();

    /** Wall time now in seconds since the epoch, with sub-second precision (the events' {@code timestamp}). */
    default double epochSeconds() {
        return epochSeconds(instant());
    }

    /** An instant in epoch seconds with sub-second precision, as the trace format writes times. */
    static double epochSeconds(Instant t) {
        return t.getEpochSecond() + t.getNano() / 1e9;
    }

    /** The machine's clocks. */
    static Clock system() {
        return SystemClock.INSTANCE;
    }

    /** Wall time from {@code wall} (e.g. a user's {@link java.time.Clock}), monotonic time from the machine. */
    static Clock of(java.time.Clock wall) {
        return new Clock() {
            @Override
            public Instant instant() {
                return wall.instant();
            }

            @Override
            public long nanoTime() {
                return System.nanoTime();
            }
        };
    }

    /**
     * A clock that reads given times: the proxies stamp each message with the time its bytes were read, and
     * the recorder that classifies it later must see that time, not the time it runs.
     */
    static Clock at(LongSupplier nanoTime, DoubleSupplier epochSeconds) {
        return new Clock() {
            @Override
            public Instant instant() {
                double s = epochSeconds.getAsDouble();
                long whole = (long) Math.floor(s);
                return Instant.ofEpochSecond(whole, Math.round((s - whole) * 1e9));
            }

            @Override
            public long nanoTime() {
                return nanoTime.getAsLong();
            }

            @Override
            public double epochSeconds() {
                return epochSeconds.getAsDouble();
            }
        };
    }

    /** The machine's clocks, one instance. */
    enum SystemClock implements Clock {
        INSTANCE;

        @Override
        public Instant instant() {
            return Instant.now();
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }
    }
}
