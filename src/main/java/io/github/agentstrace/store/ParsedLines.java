package io.github.agentstrace.store;

import io.github.agentstrace.model.TraceEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * An events file read line by line into events: each {@link #advance} reaches the next event, or a line that is
 * not one (with the warning to give for it), or the end. Blank lines are not events and say nothing.
 */
interface ParsedLines extends AutoCloseable {
    /** What {@link #advance} reached. */
    enum Kind { EVENT, WARNING, END }

    /** Moves to the next event or bad line; an I/O error is thrown as an {@link UncheckedIOException}. */
    Kind advance();

    /** The event reached (after {@link Kind#EVENT}). */
    TraceEvent event();

    /** The line the event was parsed from, as stored without its line end (after {@link Kind#EVENT}). */
    String line();

    /** The warning for the bad line reached (after {@link Kind#WARNING}). */
    String warning();

    /** Releases the file; reading stops. */
    @Override
    void close();

    /** Lines read and parsed on the caller's thread: the one reading of a line for every reader of the store. */
    final class Inline implements ParsedLines {
        private final BufferedReader reader;
        private final Path file;
        private long lineNo;
        private TraceEvent event;
        private String line;
        private String warning;

        Inline(BufferedReader reader, Path file) {
            this.reader = reader;
            this.file = file;
        }

        @Override
        public Kind advance() {
            while (true) {
                String text;
                try {
                    text = reader.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (text == null) {
                    event = null;
                    line = null;
                    return Kind.END;
                }
                lineNo++;
                if (text.isBlank()) {
                    continue;
                }
                line = text;
                try {
                    event = TraceEvent.parseLine(text);
                    return Kind.EVENT;
                } catch (RuntimeException e) {
                    // A torn last line after a crash, garbage, an object without event_type: skipped, reading goes on.
                    event = null;
                    warning = file + " line " + lineNo + ": skipped an invalid event (" + e.getMessage() + ")";
                    return Kind.WARNING;
                }
            }
        }

        @Override
        public TraceEvent event() {
            return event;
        }

        /** The 1-based number of the line reached, blank lines counted. */
        long lineNumber() {
            return lineNo;
        }

        @Override
        public String line() {
            return line;
        }

        @Override
        public String warning() {
            return warning;
        }

        @Override
        public void close() {
            try {
                reader.close();
            } catch (IOException ignored) {
                // read-only: nothing to lose
            }
        }
    }
}
