package io.github.agentstrace.store;

import io.github.agentstrace.model.TraceEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Streams a session's events line by line: memory does not grow with the file.
 *
 * <p>Tolerant by design: blank lines are skipped; a line that is not a valid event (a torn last line
 * after a crash, garbage, an object without {@code event_type}) is skipped with one warning naming the
 * file and line number, and reading goes on. Invalid UTF-8 is read as U+FFFD rather than failing. A
 * missing file reads as no events. A file of a megabyte or more is parsed ahead on a second thread
 * ({@link ReadAhead}); what the caller sees is the same.
 */
public final class SessionReader {
    private final Path file;
    private final Consumer<String> warnings;
    /** Files of at least this many bytes are read ahead on a thread of their own. */
    private final long readAheadFrom;

    SessionReader(Path file, Consumer<String> warnings) {
        this(file, warnings, ReadAhead.FROM_BYTES);
    }

    private SessionReader(Path file, Consumer<String> warnings, long readAheadFrom) {
        this.file = file;
        this.warnings = warnings;
        this.readAheadFrom = readAheadFrom;
    }

    /** Reads a standalone events file (not necessarily inside a store). */
    public static SessionReader of(Path file, Consumer<String> warnings) {
        return new SessionReader(file, warnings);
    }

    /** This reader, reading files of {@code bytes} or more ahead (0: every file; tests reach both ways with it). */
    SessionReader readAheadFrom(long bytes) {
        return new SessionReader(file, warnings, bytes);
    }

    /** A lazy stream of the events; close it (try-with-resources) to release the file. */
    public Stream<TraceEvent> events() {
        if (!Files.exists(file)) {
            // A session whose events file is gone (or not yet created) has no events; that is not an error,
            // and failing here would break `inspect` halfway through its output.
            return Stream.empty();
        }
        EventIterator it = new EventIterator(open(), false);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(it::close);
    }

    /** Calls {@code action} for every valid event, in file order. */
    public void forEach(Consumer<TraceEvent> action) {
        try (Stream<TraceEvent> s = events()) {
            s.forEachOrdered(action);
        }
    }

    /**
     * Calls {@code action} for every valid event with the line it was parsed from, exactly as stored (without
     * the line end), in file order: for writers that copy lines rather than serialise events again.
     */
    public void forEachLine(BiConsumer<TraceEvent, String> action) {
        if (!Files.exists(file)) {
            return;
        }
        try (EventIterator it = new EventIterator(open(), true)) {
            while (it.hasNext()) {
                String line = it.nextLine;
                action.accept(it.next(), line);
            }
        }
    }

    /**
     * The 1-based line numbers of the events with the given 1-based numbers (events counted in file order,
     * as readers number them: blank and invalid lines are not events), for reports that point into the file
     * ({@code audit --format sarif}). Numbers past the last event are left out. Warnings are not repeated.
     */
    public java.util.Map<Long, Long> lineNumbers(java.util.Set<Long> eventNumbers) {
        java.util.Map<Long, Long> out = new java.util.HashMap<>();
        if (eventNumbers.isEmpty() || !Files.exists(file)) {
            return out;
        }
        try (ParsedLines.Inline lines = open()) {
            long event = 0;
            ParsedLines.Kind k;
            while (out.size() < eventNumbers.size() && (k = lines.advance()) != ParsedLines.Kind.END) {
                if (k == ParsedLines.Kind.EVENT && eventNumbers.contains(++event)) {
                    out.put(event, lines.lineNumber());
                }
            }
        } catch (UncheckedIOException e) {
            throw new StoreException("cannot read " + file + ": " + e.getCause().getMessage(), e.getCause());
        }
        return out;
    }

    private ParsedLines.Inline open() {
        try {
            return new ParsedLines.Inline(new Utf8Lines(Files.newInputStream(file)), file);
        } catch (IOException e) {
            throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The events of the file with their lines, one at a time; warnings for bad lines reach {@link #warnings} on
     * the caller's thread, in file order, as reading gets to them. A large file is read and parsed ahead on a
     * thread of its own ({@link ReadAhead}); a small one (a hook's, most sessions) on the caller's thread.
     */
    private final class EventIterator implements Iterator<TraceEvent>, AutoCloseable {
        private final ParsedLines lines;
        private final boolean keepLines;
        private TraceEvent next;
        private String nextLine;

        /** {@code keepLines}: each event's line is wanted too ({@link #nextLine}); without it none is made. */
        EventIterator(ParsedLines.Inline source, boolean keepLines) {
            this.keepLines = keepLines;
            long size;
            try {
                size = Files.size(file);
            } catch (IOException e) {
                size = 0; // read as it comes: the reader is open, and reading tells the truth
            }
            this.lines = ReadAhead.worthIt(size, readAheadFrom) ? new ReadAhead(source, file, keepLines) : source;
        }

        @Override
        public boolean hasNext() {
            while (next == null) {
                ParsedLines.Kind k = lines.advance();
                if (k == ParsedLines.Kind.END) {
                    return false;
                }
                if (k == ParsedLines.Kind.WARNING) {
                    warnings.accept(lines.warning());
                } else {
                    next = lines.event();
                    nextLine = keepLines ? lines.line() : null;
                }
            }
            return true;
        }

        @Override
        public TraceEvent next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            TraceEvent e = next;
            next = null;
            return e;
        }

        @Override
        public void close() {
            lines.close();
        }
    }
}
