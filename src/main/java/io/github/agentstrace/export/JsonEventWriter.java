package io.github.agentstrace.export;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.TraceEvent;
import java.io.IOException;

/** A JSON array of event objects in the original's {@code json.dumps(indent=2)} layout, written one event at a time. */
final class JsonEventWriter implements EventWriter {
    private final Appendable out;
    private final StringBuilder element = new StringBuilder(1024); // ASCII only, so it stays one byte a char
    private boolean first = true;

    JsonEventWriter(Appendable out) {
        this.out = out;
    }

    @Override
    public void begin() throws IOException {
        out.append('[');
    }

    @Override
    public void write(TraceEvent event) throws IOException {
        element.setLength(0);
        element.append(first ? "\n  " : ",\n  ");
        first = false;
        Json.write(event.toJson(), Json.Style.PRETTY_ASCII, 1, element); // laid out one level in, as inside the array
        out.append(element);
    }

    @Override
    public void end() throws IOException {
        out.append(first ? "]\n" : "\n]\n");
    }
}
