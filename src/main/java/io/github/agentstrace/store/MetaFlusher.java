package io.github.agentstrace.store;

import io.github.agentstrace.model.SessionMeta;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Keeps a long-lived recording's {@code meta.json} counters current while it runs, so a recorder killed
 * without warning leaves a session whose meta agrees with its events up to the last period.
 *
 * <p>A daemon thread of its own does the flushing, at most once per period and only when something
 * changed, so neither forwarding nor an agent's thread ever waits for meta.json. The owner stops it with
 * {@link #close()} before its final flush (which sets {@code ended_at}); the thread is never interrupted,
 * because an interrupt closes the file channel of a meta update in progress and loses its counts.
 */
public final class MetaFlusher implements AutoCloseable {
    /** The default period: one second. */
    public static final Duration PERIOD = Duration.ofSeconds(1);

    private final SessionWriter writer;
    private final Supplier<UnaryOperator<SessionMeta>> extra;
    private final Consumer<RuntimeException> onError;
    private final long periodMillis;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;

    private MetaFlusher(SessionWriter writer, Duration period, Supplier<UnaryOperator<SessionMeta>> extra,
                        Consumer<RuntimeException> onError) {
        this.writer = writer;
        this.extra = extra;
        this.onError = onError;
        this.periodMillis = Math.max(1, period.toMillis());
        this.thread = new Thread(this::loop, "agent-strace-meta-" + writer.sessionId());
        thread.setDaemon(true);
    }

    /**
     * Starts flushing {@code writer}'s counters every {@code period}.
     *
     * @param extra   further changes that are due (e.g. tokens counted by the owner), or null when there
     *                are none; asked once per period, and what it returns is applied once
     * @param onError hears about a flush that failed (the next period tries again with the counts since)
     */
    public static MetaFlusher start(SessionWriter writer, Duration period, Supplier<UnaryOperator<SessionMeta>> extra,
                                    Consumer<RuntimeException> onError) {
        MetaFlusher f = new MetaFlusher(writer, period, extra, onError);
        f.thread.start();
        return f;
    }

    /** As {@link #start(SessionWriter, Duration, Supplier, Consumer)} with the default period and nothing extra. */
    public static MetaFlusher start(SessionWriter writer, Consumer<RuntimeException> onError) {
        return start(writer, PERIOD, () -> null, onError);
    }

    private void loop() {
        try {
            while (!stop.await(periodMillis, TimeUnit.MILLISECONDS)) {
                flushIfChanged();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void flushIfChanged() {
        try {
            UnaryOperator<SessionMeta> more = extra.get();
            if (more != null) {
                writer.flushMeta(more);
            } else if (writer.hasUnflushedCounts()) {
                writer.flushMeta();
            }
        } catch (RuntimeException e) {
            onError.accept(e);
        }
    }

    /** Stops flushing and waits for a flush in progress to end. Idempotent; does not flush. */
    @Override
    public void close() {
        stop.countDown();
        if (Thread.currentThread() == thread) {
            return;
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true; // the flush in progress must end before the owner's final one
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
