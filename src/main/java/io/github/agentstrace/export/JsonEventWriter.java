package io.github.agentstrace.export;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.TraceEvent;
import java.io.IOException;

/** A JSON array of event objects in the original's {@code json.dumps(indent=2)} layout, written one event at a time. */
final class JsonEventWriter implements EventWriter {
    private final Appendable out;
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
        out.append(first ? "\n  " : ",\n  ");
        first = false;
        // Each element is pretty-printed alone, then shifted one level in, as it would be inside the array.
        out.append(Json.write(event.toJson(), Json.Style.PRETTY_ASCII).replace("\n", "\n  "));
    }

    @Override
    public void end() throws IOException {
        out.append(first ? "]\n" : "\n]\n");
    }
}
