package io.github.agentstrace.store;

import io.github.agentstrace.model.TraceEvent;
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
        private final Utf8Lines lines;
        private final Path file;
        private long lineNo;
        private TraceEvent event;
        private String warning;

        Inline(Utf8Lines lines, Path file) {
            this(lines, file, 0);
        }

        /** Lines that begin after {@code linesBefore} others of the file, which count in line numbers. */
        Inline(Utf8Lines lines, Path file, long linesBefore) {
            this.lines = lines;
            this.file = file;
            this.lineNo = linesBefore;
        }

        @Override
        public Kind advance() {
            while (true) {
                try {
                    if (!lines.next()) {
                        event = null;
                        return Kind.END;
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                lineNo++;
                char[] text = lines.chars();
                int n = lines.length();
                if (blank(text, n)) {
                    continue;
                }
                try {
                    event = TraceEvent.parseLine(text, n);
                    return Kind.EVENT;
                } catch (RuntimeException e) {
                    // A torn last line after a crash, garbage, an object without event_type: skipped, reading goes on.
                    event = null;
                    warning = file + " line " + lineNo + ": skipped an invalid event (" + e.getMessage() + ")";
                    return Kind.WARNING;
                }
            }
        }

        /** As {@link String#isBlank()}: nothing but whitespace (no whitespace character is a surrogate). */
        private static boolean blank(char[] text, int n) {
            for (int i = 0; i < n; i++) {
                if (!Character.isWhitespace(text[i])) {
                    return false;
                }
            }
            return true;
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
            return lines.line();
        }

        /** The length in chars of the line reached (an event's or a bad one's). */
        int length() {
            return lines.length();
        }

        @Override
        public String warning() {
            return warning;
        }

        @Override
        public void close() {
            try {
                lines.close();
            } catch (IOException ignored) {
                // read-only: nothing to lose
            }
        }
    }
}
