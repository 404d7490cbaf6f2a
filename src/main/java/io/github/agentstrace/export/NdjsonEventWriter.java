package io.github.agentstrace.export;

import io.github.agentstrace.model.TraceEvent;
import java.io.IOException;

/**
 * The event lines, one per line: a line read from a session is copied as stored (it was parsed, so it is
 * a valid event, but it is not serialised again), an event built in memory is written in the on-disk
 * serialisation ({@link TraceEvent#toLine()}).
 */
final class NdjsonEventWriter implements EventWriter {
    private final Appendable out;

    NdjsonEventWriter(Appendable out) {
        this.out = out;
    }

    @Override
    public void begin() {
        // nothing precedes the lines
    }

    @Override
    public void write(TraceEvent event) throws IOException {
        out.append(event.toLine()).append('\n');
    }

    @Override
    public void write(TraceEvent event, String line) throws IOException {
        out.append(line).append('\n');
    }

    @Override
    public void end() {
        // nothing follows the lines
    }
}
