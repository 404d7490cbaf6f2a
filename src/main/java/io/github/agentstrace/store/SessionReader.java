package io.github.agentstrace.store;

import io.github.agentstrace.model.TraceEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
 * missing file reads as no events.
 */
public final class SessionReader {
    private final Path file;
    private final Consumer<String> warnings;

    SessionReader(Path file, Consumer<String> warnings) {
        this.file = file;
        this.warnings = warnings;
    }

    /** Reads a standalone events file (not necessarily inside a store). */
    public static SessionReader of(Path file, Consumer<String> warnings) {
        return new SessionReader(file, warnings);
    }

    /** A lazy stream of the events; close it (try-with-resources) to release the file. */
    public Stream<TraceEvent> events() {
        BufferedReader reader;
        if (!Files.exists(file)) {
            // A session whose events file is gone (or not yet created) has no events; that is not an error,
            // and failing here would break `inspect` halfway through its output.
            return Stream.empty();
        }
        try {
            reader = open();
        } catch (IOException e) {
            throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Iterator<TraceEvent> it = new EventIterator(reader);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(() -> {
                    try {
                        reader.close();
                    } catch (IOException ignored) {
                        // read-only: nothing to lose
                    }
                });
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
        try (BufferedReader reader = open()) {
            EventIterator it = new EventIterator(reader);
            while (it.hasNext()) {
                String line = it.nextLine;
                action.accept(it.next(), line);
            }
        } catch (IOException e) {
            throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
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
        try (BufferedReader reader = open()) {
            long line = 0;
            long event = 0;
            String text;
            while ((text = reader.readLine()) != null && out.size() < eventNumbers.size()) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                try {
                    TraceEvent.parseLine(text);
                } catch (RuntimeException e) {
                    continue; // skipped by every reader, so not an event
                }
                event++;
                if (eventNumbers.contains(event)) {
                    out.put(event, line);
                }
            }
        } catch (IOException e) {
            throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    private BufferedReader open() throws IOException {
        return new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)), 1 << 16);
    }

    private final class EventIterator implements Iterator<TraceEvent> {
        private final BufferedReader reader;
        private TraceEvent next;
        private String nextLine;
        private int lineNo;
        private boolean done;

        EventIterator(BufferedReader reader) {
            this.reader = reader;
        }

        @Override
        public boolean hasNext() {
            while (next == null && !done) {
                String line;
                try {
                    line = reader.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (line == null) {
                    done = true;
                    break;
                }
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    next = TraceEvent.parseLine(line);
                    nextLine = line;
                } catch (RuntimeException e) {
                    warnings.accept(file + " line " + lineNo + ": skipped an invalid event (" + e.getMessage() + ")");
                }
            }
            return next != null;
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
    }
}
