package io.github.agentstrace.store;

import io.github.agentstrace.model.TraceEvent;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads and parses an events file on a thread of its own, a few batches ahead of the caller, so that on a
 * machine with a second core the parsing (most of the cost of reading a large session) overlaps with what the
 * caller does with the events (the session model, an encoder, the output). The caller sees exactly what
 * {@link ParsedLines.Inline} gives, in the same order, warnings included; an error of the reading thread is
 * thrown to the caller where it happened in the file.
 *
 * <p>Memory stays flat: at most {@link #QUEUED} batches wait, each closed at {@link #BATCH_EVENTS} events or
 * {@link #BATCH_CHARS} characters of lines, whichever comes first (one 5 MB line is a batch of its own).
 * Closing stops the thread and releases the file, read to the end or not.
 */
final class ReadAhead implements ParsedLines {
    /** Files smaller than this are read on the caller's thread: a thread is not worth it for them. */
    static final long FROM_BYTES = 1L << 20;
    private static final int BATCH_EVENTS = 16;
    private static final long BATCH_CHARS = 16L << 10;
    private static final int QUEUED = 4;

    private final ParsedLines.Inline source;
    private final boolean keepLines;
    private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(QUEUED);
    private final Thread thread;
    private volatile boolean closed;
    private Batch batch;
    private int pos;
    private TraceEvent event;
    private String text;

    /**
     * @param keepLines hand each event's line over too ({@link #line()}); without it only events are kept
     */
    ReadAhead(ParsedLines.Inline source, Path file, boolean keepLines) {
        this.source = source;
        this.keepLines = keepLines;
        this.thread = new Thread(this::produce, "agent-strace read-ahead " + file);
        thread.setDaemon(true); // a command that exits early does not wait for the rest of the file
        thread.start();
    }

    /** Whether a file of {@code bytes} is read ahead, given the reader's bound ({@code 0}: always). */
    static boolean worthIt(long bytes, long from) {
        return from == 0 || bytes >= from && Runtime.getRuntime().availableProcessors() > 1;
    }

    @Override
    public Kind advance() {
        while (true) {
            if (batch != null && pos < batch.size) {
                int i = pos++;
                event = batch.events[i];
                text = batch.texts[i];
                batch.events[i] = null; // let the collector have it once the caller is done with it
                batch.texts[i] = null;
                return event != null ? Kind.EVENT : Kind.WARNING;
            }
            if (batch != null && batch.last) {
                Throwable failure = batch.failure;
                batch.failure = null;
                event = null;
                text = null;
                if (failure instanceof RuntimeException r) {
                    throw r;
                }
                if (failure instanceof Error e) {
                    throw e;
                }
                if (failure != null) {
                    throw new StoreException("cannot read events: " + failure.getMessage(), failure);
                }
                return Kind.END;
            }
            batch = take();
            pos = 0;
        }
    }

    @Override
    public TraceEvent event() {
        return event;
    }

    @Override
    public String line() {
        return event == null ? null : text;
    }

    @Override
    public String warning() {
        return event == null ? text : null;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt(); // wakes it from a full queue; an interrupted file read ends the read
        queue.clear();
    }

    private Batch take() {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new StoreException("interrupted while reading events", e);
        }
    }

    private void produce() {
        Batch b = new Batch();
        try {
            Kind k;
            while (!closed && (k = source.advance()) != Kind.END) {
                boolean isEvent = k == Kind.EVENT;
                b.add(isEvent ? source.event() : null, isEvent ? (keepLines ? source.line() : null) : source.warning(),
                        source.length());
                if (b.full()) {
                    queue.put(b);
                    b = new Batch();
                }
            }
        } catch (InterruptedException e) {
            return; // closed: nobody is waiting
        } catch (Throwable t) { // handed to the caller at its place in the file
            b.failure = t;
        } finally {
            source.close();
        }
        b.last = true;
        try {
            queue.put(b);
        } catch (InterruptedException e) {
            // closed meanwhile
        }
    }

    /** Events in file order; a bad line is a null event with its warning as the text. */
    private static final class Batch {
        final TraceEvent[] events = new TraceEvent[BATCH_EVENTS];
        final String[] texts = new String[BATCH_EVENTS];
        int size;
        long chars;
        boolean last;
        Throwable failure;

        void add(TraceEvent e, String text, int lineChars) {
            events[size] = e;
            texts[size] = text;
            size++;
            chars += lineChars;
        }

        boolean full() {
            return size == BATCH_EVENTS || chars >= BATCH_CHARS;
        }
    }
}
