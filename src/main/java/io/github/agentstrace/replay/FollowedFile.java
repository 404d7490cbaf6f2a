package io.github.agentstrace.replay;

import io.github.agentstrace.model.Sleeper;
import io.github.agentstrace.model.TraceEvent;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The events appended to a session's events file since the last look, for readers outside this package
 * ({@code serve}'s live pages): the one follow logic of {@code replay --follow}, {@link Tail}, behind a public
 * face. Only complete lines are read; a file that is truncated or replaced is read again from its start.
 * Waiting wakes on the file system's change notification where there is one, else polls.
 */
public final class FollowedFile implements Closeable {
    private final Tail tail;

    /** Follows {@code file}, which need not exist yet. */
    public FollowedFile(Path file) {
        this.tail = Tail.watching(file, Sleeper.system());
    }

    /**
     * Hands the events of the lines completed since the last poll to {@code events}, the warning for each bad
     * line to {@code warnings}; returns how many lines there were.
     */
    public int poll(Consumer<TraceEvent> events, Consumer<String> warnings) throws IOException {
        return tail.poll(events, warnings);
    }

    /**
     * Moves past the complete lines the file holds now without reading them, for a follower that has read them
     * another way; call it before the first {@link #poll}.
     */
    public void skipExisting() throws IOException {
        tail.skipExisting();
    }

    /** Waits until the file may have changed, or at most {@code maxNanos}. */
    public void await(long maxNanos) throws InterruptedException {
        tail.await(maxNanos);
    }

    @Override
    public void close() throws IOException {
        tail.close();
    }
}
