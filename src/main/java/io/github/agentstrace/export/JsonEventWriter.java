package io.github.agentstrace.export;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.TraceEvent;
import java.io.IOException;

/** A JSON array of event objects in the original's {@code json.dumps(indent=2)} layout, written one event at a time. */
final class JsonEventWriter implements EventWriter {
    private final Appendable out;
    private final StringBuilder json = new StringBuilder(1024);
    private final StringBuilder element = new StringBuilder(1024);
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
        json.setLength(0);
        Json.write(event.toJson(), Json.Style.PRETTY_ASCII, json);
        // Each element is pretty-printed alone, then shifted one level in, as it would be inside the array.
        element.setLength(0);
        element.append(first ? "\n  " : ",\n  ");
        first = false;
        int run = 0;
        int n = json.length();
        for (int i = 0; i < n; i++) {
            if (json.charAt(i) == '\n') {
                element.append(json, run, i + 1).append("  ");
                run = i + 1;
            }
        }
        element.append(json, run, n);
        out.append(element);
    }

    @Override
    public void end() throws IOException {
        out.append(first ? "]\n" : "\n]\n");
    }
}
