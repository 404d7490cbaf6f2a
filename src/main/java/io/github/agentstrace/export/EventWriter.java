package io.github.agentstrace.export;

import io.github.agentstrace.model.TraceEvent;
import java.io.IOException;

/**
 * Streams events to text in one {@link EventFormat}: {@link #begin}, then for each session
 * {@link #session} and its events ({@link #write}), then {@link #end}. Each writer holds nothing but the
 * output and one event's text, so sessions of any size export in constant memory.
 */
public interface EventWriter {
    /** Writes whatever precedes the first event (the array bracket, the CSV header). */
    void begin() throws IOException;

    /** The events that follow belong to this session (a column of their own in a multi-session CSV). */
    default void session(String sessionId) {
        // only the CSV of several sessions says which session a row belongs to
    }

    void write(TraceEvent event) throws IOException;

    /**
     * Writes an event read from {@code line}, its stored text. Formats that carry the stored text as it is
     * copy the line instead of serialising the event again.
     */
    default void write(TraceEvent event, String line) throws IOException {
        write(event);
    }

    /** Writes whatever follows the last event; does not close the output. */
    void end() throws IOException;

    /** A writer for {@code format} appending to {@code out}, for one session. */
    static EventWriter of(EventFormat format, Appendable out) {
        return of(format, out, false);
    }

    /**
     * A writer for {@code format} appending to {@code out}; {@code severalSessions}: the export covers more
     * than one session (a CSV then has a {@code session_id} column).
     */
    static EventWriter of(EventFormat format, Appendable out, boolean severalSessions) {
        return switch (format) {
            case JSON -> new JsonEventWriter(out);
            case NDJSON -> new NdjsonEventWriter(out);
            case CSV -> new CsvEventWriter(out, severalSessions);
        };
    }
}
