package io.github.agentstrace.model;

/** The one way to wait: injected so that tests of pacing, following and retries never sleep for real. */
@FunctionalInterface
public interface Sleeper {
    /** Sleeps for about {@code nanos} nanoseconds (a no-op for 0 or less). */
    void sleepNanos(long nanos) throws InterruptedException;

    /** {@link Thread#sleep}. */
    static Sleeper system() {
        return nanos -> {
            if (nanos > 0) {
                Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            }
        };
    }
}
