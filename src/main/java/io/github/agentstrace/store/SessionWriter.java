package io.github.agentstrace.store;

import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.redact.Redactor;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The only code that appends to {@code events.ndjson}.
 *
 * <p>Each event goes through the {@link Redactor}, becomes one line, and is written with one locked
 * append under the file's lock ({@link FileLocks}: the threads of this process take turns, then
 * processes). If a crashed writer left a torn last line, a newline is written first so the torn fragment
 * cannot swallow the next event. Counter changes (tool calls, LLM requests, errors) are kept here and
 * merged into meta.json by {@link #flushMeta()}, which {@link #close()} calls.
 */
public final class SessionWriter implements Closeable {
    private final TraceStore store;
    private final String sessionId;
    private final Path file;
    private final Redactor redactor;
    private final FileChannel channel;
    private final ByteBuffer lastByte = ByteBuffer.allocate(1);
    /** The session's tamper-evident sidecar ({@link EventChain}), null when the session is not chained. */
    private final EventChain chain;
    private long toolCalls;
    private long llmRequests;
    private long errors;
    private boolean closed;

    /** {@code file} is the session's events file, in a directory {@link TraceStore} has checked. */
    SessionWriter(TraceStore store, String sessionId, Path file, Redactor redactor) {
        this.store = store;
        this.sessionId = sessionId;
        this.file = file;
        this.redactor = redactor;
        try {
            FilePermissions.createPrivateFile(file);
            // READ and APPEND cannot be combined; every write goes to the end under the exclusive lock instead.
            // Never through a link: the file is opened with NOFOLLOW_LINKS.
            this.channel = FilePermissions.open(file, true);
        } catch (IOException e) {
            throw new StoreException("cannot open " + file + ": " + e.getMessage(), e);
        }
        EventChain c;
        try {
            c = EventChain.open(file);
        } catch (IOException e) {
            c = null; // recorded all the same; verify says the session is not (fully) chained
        }
        this.chain = c;
    }

    public String sessionId() {
        return sessionId;
    }

    public Redactor redactor() {
        return redactor;
    }

    /** Redacts and appends one event as a whole line. Returns the event as written. */
    public synchronized TraceEvent append(TraceEvent event) {
        checkOpen();
        TraceEvent clean = redactor.redact(event);
        write(List.of(clean.toLine().getBytes(StandardCharsets.UTF_8)));
        count(clean);
        return clean;
    }

    /**
     * Redacts and appends several events with one locked write (whole lines, in order), for a recorder
     * that has a backlog: the lock and the write cost more than everything else an event needs. Returns
     * the events as written. Readers see all of them or none of them.
     */
    public synchronized List<TraceEvent> appendAll(List<TraceEvent> events) {
        checkOpen();
        List<TraceEvent> clean = new ArrayList<>(events.size());
        List<byte[]> lines = new ArrayList<>(events.size());
        for (TraceEvent e : events) {
            TraceEvent c = redactor.redact(e);
            clean.add(c);
            lines.add(c.toLine().getBytes(StandardCharsets.UTF_8));
        }
        if (clean.isEmpty()) {
            return clean;
        }
        write(lines);
        for (TraceEvent c : clean) {
            count(c);
        }
        return clean;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("writer for session " + sessionId + " is closed");
        }
    }

    /**
     * Appends {@code lines} (each without its newline) with one write under the events file's lock, and links
     * them in the chain while still holding it. After a torn last line a newline goes first.
     */
    private void write(List<byte[]> lines) {
        int length = 1;
        for (byte[] line : lines) {
            length += line.length + 1;
        }
        byte[] bytes = new byte[length];
        bytes[0] = '\n'; // written only after a torn last line
        int at = 1;
        for (byte[] line : lines) {
            System.arraycopy(line, 0, bytes, at, line.length);
            at += line.length;
            bytes[at++] = '\n';
        }
        try {
            // An anonymous class, not a lambda: this is every hook process's path.
            FileLocks.withLock(file, channel, new FileLocks.Locked<Void>() {
                @Override
                public Void run() throws IOException {
                    long size = channel.size();
                    ByteBuffer buf = ByteBuffer.wrap(bytes);
                    if (size == 0 || endsWithNewline(size)) {
                        buf.position(1);
                    }
                    long end = size + buf.remaining();
                    long pos = size;
                    while (buf.hasRemaining()) {
                        pos += channel.write(buf, pos);
                    }
                    if (chain != null) {
                        Long[] ends = new Long[lines.size()];
                        long e = end;
                        for (int i = ends.length - 1; i >= 0; i--) {
                            ends[i] = e;
                            e -= lines.get(i).length + 1;
                        }
                        chain.append(lines, Arrays.asList(ends));
                    }
                    return null;
                }
            });
        } catch (IOException e) {
            throw new StoreException("cannot append to " + file + ": " + e.getMessage(), e);
        }
    }

    private boolean endsWithNewline(long size) throws IOException {
        lastByte.clear();
        channel.read(lastByte, size - 1);
        return lastByte.get(0) == '\n';
    }

    private void count(TraceEvent e) {
        var kind = e.kind();
        if (kind == null) {
            return;
        }
        switch (kind) {
            case TOOL_CALL -> toolCalls++;
            case LLM_REQUEST -> llmRequests++;
            case ERROR -> errors++;
            default -> { }
        }
    }

    /** {@link #flushMeta()} when events were counted since the last flush; else nothing. Returns whether it did. */
    public synchronized boolean flushMetaIfCounted() {
        if (toolCalls + llmRequests + errors == 0) {
            return false;
        }
        flushMeta();
        return true;
    }

    /** Adds the counts of events appended since the last flush to meta.json, under the session lock. */
    public synchronized SessionMeta flushMeta() {
        return flushMeta(null);
    }

    /**
     * Flushes counters and applies a further change to meta.json in the same locked update ({@code change}
     * null: none).
     */
    public synchronized SessionMeta flushMeta(UnaryOperator<SessionMeta> change) {
        long t = toolCalls;
        long l = llmRequests;
        long e = errors;
        toolCalls = 0;
        llmRequests = 0;
        errors = 0;
        // An anonymous class, not a lambda: every hook process flushes, and a JVM's first lambda is costly.
        return store.updateMeta(sessionId, new UnaryOperator<SessionMeta>() {
            @Override
            public SessionMeta apply(SessionMeta m) {
                SessionMeta counted = m.withCounts(m.toolCalls() + t, m.llmRequests() + l, m.errors() + e);
                return redactor.redact(change == null ? counted : change.apply(counted));
            }
        });
    }

    /** Whether events appended since the last flush changed a counter that meta.json does not show yet. */
    public synchronized boolean hasUnflushedCounts() {
        return toolCalls + llmRequests + errors > 0;
    }

    /** Flushes the counters and closes the file. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        try {
            if (toolCalls + llmRequests + errors > 0) {
                flushMeta();
            }
        } finally {
            closed = true;
            if (chain != null) {
                chain.close();
            }
            try {
                FileLocks.close(file, channel);
            } catch (IOException ignored) {
                // nothing was buffered: every append wrote through
            }
        }
    }
}
