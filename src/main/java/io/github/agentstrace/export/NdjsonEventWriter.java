package io.github.agentstrace.export;

import io.github.agentstrace.model.TraceEvent;
import java.io.IOException;

/** The event lines, in the on-disk serialisation ({@link TraceEvent#toLine()}), one per line. */
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
    public void end() {
        // nothing follows the lines
    }
}
