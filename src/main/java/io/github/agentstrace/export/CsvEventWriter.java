package io.github.agentstrace.export;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.TraceEvent;
import java.io.IOException;

/**
 * RFC 4180 CSV: CRLF after every record, a field quoted only when it holds a comma, a quote, CR or LF,
 * quotes inside doubled. This is also what Python's {@code csv} module writes by default, so spreadsheet
 * imports and scripts written against the original keep working.
 *
 * <p>Columns: the timestamp in epoch seconds (shortest round-trip decimal), the type, the id, the parent id
 * (empty when none), the duration in ms (empty when unknown or zero, as the original), and {@code data} as
 * compact JSON.
 */
final class CsvEventWriter implements EventWriter {
    static final String HEADER = "timestamp,event_type,event_id,parent_id,duration_ms,data";
    private static final String EOL = "\r\n";

    private final Appendable out;

    CsvEventWriter(Appendable out) {
        this.out = out;
    }

    @Override
    public void begin() throws IOException {
        out.append(HEADER).append(EOL);
    }

    @Override
    public void write(TraceEvent e) throws IOException {
        field(Json.formatNumber(e.timestamp()));
        out.append(',');
        field(e.type());
        out.append(',');
        field(e.eventId());
        out.append(',');
        field(e.parentId());
        out.append(',');
        Double d = e.durationMs();
        field(d == null || d == 0 || d.isNaN() || d.isInfinite() ? "" : Json.formatNumber(d));
        out.append(',');
        field(Json.write(e.data()));
        out.append(EOL);
    }

    @Override
    public void end() {
        // CSV has no trailer
    }

    private void field(String value) throws IOException {
        if (value == null || value.isEmpty()) {
            return;
        }
        if (!needsQuotes(value)) {
            out.append(value);
            return;
        }
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                out.append('"');
            }
            out.append(c);
        }
        out.append('"');
    }

    static boolean needsQuotes(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',' || c == '"' || c == '\r' || c == '\n') {
                return true;
            }
        }
        return false;
    }
}
