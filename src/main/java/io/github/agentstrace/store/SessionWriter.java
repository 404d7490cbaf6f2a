package io.github.agentstrace.store;

import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.redact.Redactor;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The only code that appends to {@code events.ndjson}.
 *
 * <p>Each event goes through the {@link Redactor}, becomes one line, and is written with one locked
 * append: threads of this writer are serialised by its monitor, processes by a {@link FileLock} on the
 * file. If a crashed writer left a torn last line, a newline is written first so the torn fragment
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
        if (closed) {
            throw new IllegalStateException("writer for session " + sessionId + " is closed");
        }
        TraceEvent clean = redactor.redact(event);
        byte[] line = (clean.toLine() + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileLock ignored = TraceStore.lockExclusively(channel)) {
            long size = channel.size();
            ByteBuffer buf;
            if (size > 0 && !endsWithNewline(size)) {
                buf = ByteBuffer.allocate(line.length + 1);
                buf.put((byte) '\n').put(line).flip();
            } else {
                buf = ByteBuffer.wrap(line);
            }
            long at = size;
            while (buf.hasRemaining()) {
                at += channel.write(buf, at);
            }
            chain(java.util.List.of(java.util.Arrays.copyOf(line, line.length - 1)), java.util.List.of(at));
        } catch (IOException e) {
            throw new StoreException("cannot append to " + file + ": " + e.getMessage(), e);
        }
        count(clean);
        return clean;
    }

    /**
     * Redacts and appends several events with one locked write (whole lines, in order), for a recorder
     * that has a backlog: the lock and the write cost more than everything else an event needs. Returns
     * the events as written. Readers see all of them or none of them.
     */
    public synchronized java.util.List<TraceEvent> appendAll(java.util.List<TraceEvent> events) {
        if (closed) {
            throw new IllegalStateException("writer for session " + sessionId + " is closed");
        }
        java.util.List<TraceEvent> clean = new java.util.ArrayList<>(events.size());
        java.io.ByteArrayOutputStream lines = new java.io.ByteArrayOutputStream(events.size() * 256 + 1);
        lines.write('\n'); // a placeholder, used only after a torn last line
        java.util.List<byte[]> chained = new java.util.ArrayList<>(events.size());
        for (TraceEvent e : events) {
            TraceEvent c = redactor.redact(e);
            clean.add(c);
            byte[] line = c.toLine().getBytes(StandardCharsets.UTF_8);
            chained.add(line);
            lines.writeBytes(line);
            lines.write('\n');
        }
        if (clean.isEmpty()) {
            return clean;
        }
        byte[] bytes = lines.toByteArray();
        try (FileLock ignored = TraceStore.lockExclusively(channel)) {
            long size = channel.size();
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            if (size == 0 || endsWithNewline(size)) {
                buf.position(1);
            }
            long at = size;
            long end = size + bytes.length - buf.position();
            while (buf.hasRemaining()) {
                at += channel.write(buf, at);
            }
            java.util.List<Long> ends = new java.util.ArrayList<>(chained.size());
            long e = end;
            for (int i = chained.size() - 1; i >= 0; i--) {
                ends.add(0, e);
                e -= chained.get(i).length + 1;
            }
            chain(chained, ends);
        } catch (IOException e) {
            throw new StoreException("cannot append to " + store.eventsFile(sessionId) + ": " + e.getMessage(), e);
        }
        for (TraceEvent c : clean) {
            count(c);
        }
        return clean;
    }

    /** Links the lines just written, still under the events file's lock. */
    private void chain(java.util.List<byte[]> lines, java.util.List<Long> ends) throws IOException {
        if (chain != null) {
            chain.append(lines, ends);
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
    public synchronized SessionMeta flushMeta(java.util.function.UnaryOperator<SessionMeta> change) {
        long t = toolCalls;
        long l = llmRequests;
        long e = errors;
        toolCalls = 0;
        llmRequests = 0;
        errors = 0;
        // An anonymous class, not a lambda: every hook process flushes, and a JVM's first lambda is costly.
        return store.updateMeta(sessionId, new java.util.function.UnaryOperator<SessionMeta>() {
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
                channel.close();
            } catch (IOException ignored) {
                // nothing was buffered: every append wrote through
            }
        }
    }
}
