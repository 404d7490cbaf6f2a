package io.github.agentstrace.export;

import io.github.agentstrace.model.TraceEvent;
import java.io.IOException;

/**
 * Streams events to text in one {@link EventFormat}: {@link #begin}, any number of {@link #write}, then
 * {@link #end}. Each writer holds nothing but the output, so sessions of any size export in constant memory.
 */
public interface EventWriter {
    /** Writes whatever precedes the first event (the array bracket, the CSV header). */
    void begin() throws IOException;

    void write(TraceEvent event) throws IOException;

    /** Writes whatever follows the last event; does not close the output. */
    void end() throws IOException;

    /** A writer for {@code format} appending to {@code out}. */
    static EventWriter of(EventFormat format, Appendable out) {
        return switch (format) {
            case JSON -> new JsonEventWriter(out);
            case NDJSON -> new NdjsonEventWriter(out);
            case CSV -> new CsvEventWriter(out);
        };
    }
}
