package io.github.agentstrace.replay;

import io.github.agentstrace.model.Sleeper;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.store.FollowedEvents;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The events appended to a session's events file since the last poll, like {@code tail -f}: read by
 * {@link FollowedEvents}, so only complete lines, a line being written held back until its end arrives.
 *
 * <p>{@link #await} waits for the next change without spinning: on the file system's own change
 * notification where it has one (inotify on Linux, Windows), which wakes it within milliseconds of an
 * append, else by sleeping {@link #POLL_NANOS} between looks. Reads are not interruptible, so an interrupt
 * (the caller's way to stop following) is only ever seen by {@code await}.
 */
final class Tail implements Closeable {
    /** The pause between two looks at the file where there is no change notification. */
    static final long POLL_NANOS = 50_000_000L;

    private final FollowedEvents events;
    private final Sleeper sleeper;
    private WatchService watch;

    /** A tail that polls; {@link #await} sleeps {@link #POLL_NANOS} through {@code sleeper}. */
    Tail(Path file, Sleeper sleeper) {
        this.events = new FollowedEvents(file);
        this.sleeper = sleeper;
    }

    /**
     * A tail whose {@link #await} wakes on a change of the file's directory when the platform notifies
     * changes natively, else polls through {@code sleeper}.
     */
    static Tail watching(Path file, Sleeper sleeper) {
        Tail tail = new Tail(file, sleeper);
        tail.watch = nativeWatch(file.toAbsolutePath().getParent());
        return tail;
    }

    /** Whether {@link #await} waits for change notifications (rather than polling). */
    boolean notified() {
        return watch != null;
    }

    private static WatchService nativeWatch(Path dir) {
        if (dir == null) {
            return null;
        }
        WatchService service = null;
        try {
            service = dir.getFileSystem().newWatchService();
            // The JDK's fallback implementation (macOS, some file systems) polls every few seconds itself:
            // slower than polling here, so only a native service is worth waiting on.
            if (service.getClass().getName().endsWith("PollingWatchService")) {
                service.close();
                return null;
            }
            dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            return service;
        } catch (IOException | UnsupportedOperationException e) {
            closeQuietly(service);
            return null; // no notification here (too many watches, an odd file system): poll instead
        }
    }

    /**
     * Waits until the file may have changed, or at most {@code maxNanos} (at most {@link #POLL_NANOS}
     * when polling). Returning early for a change elsewhere in the directory is harmless: the next
     * {@link #poll} finds nothing new.
     */
    void await(long maxNanos) throws InterruptedException {
        if (watch == null) {
            sleeper.sleepNanos(Math.min(maxNanos, POLL_NANOS));
            return;
        }
        WatchKey key;
        try {
            key = watch.poll(maxNanos, TimeUnit.NANOSECONDS);
        } catch (ClosedWatchServiceException e) {
            watch = null;
            return;
        }
        if (key != null) {
            key.pollEvents();
            if (!key.reset()) { // the directory went away: nothing more will be notified
                closeQuietly(watch);
                watch = null;
            }
        }
    }

    /**
     * Hands the events of the lines completed since the last poll to {@code events}, the warning for each bad
     * line to {@code warnings}; returns how many lines there were ({@link FollowedEvents#poll}).
     */
    int poll(Consumer<TraceEvent> events, Consumer<String> warnings) throws IOException {
        return this.events.poll(events, warnings);
    }

    /** Moves past the complete lines the file holds now, unread ({@link FollowedEvents#skipExisting}). */
    void skipExisting() throws IOException {
        events.skipExisting();
    }

    @Override
    public void close() throws IOException {
        closeQuietly(watch);
        events.close();
    }

    private static void closeQuietly(Closeable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException ignored) {
            // nothing was written through it
        }
    }
}
