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
 * compact JSON. An export of several sessions adds {@code session_id} as a seventh column, last, so that
 * the first six mean the same in every export.
 */
final class CsvEventWriter implements EventWriter {
    static final String HEADER = "timestamp,event_type,event_id,parent_id,duration_ms,data";
    static final String SESSION_COLUMN = "session_id";
    private static final String EOL = "\r\n";

    private final Appendable out;
    private final boolean sessionColumn;
    // One record is built here and handed to the output in one call: per-character appends to a
    // java.io.Writer each take its lock.
    private final StringBuilder row = new StringBuilder(512);
    private final StringBuilder json = new StringBuilder(512);
    private String sessionId = "";

    CsvEventWriter(Appendable out, boolean sessionColumn) {
        this.out = out;
        this.sessionColumn = sessionColumn;
    }

    @Override
    public void begin() throws IOException {
        out.append(HEADER);
        if (sessionColumn) {
            out.append(',').append(SESSION_COLUMN);
        }
        out.append(EOL);
    }

    @Override
    public void session(String id) {
        sessionId = id == null ? "" : id;
    }

    @Override
    public void write(TraceEvent e) throws IOException {
        row.setLength(0);
        field(Json.formatNumber(e.timestamp()));
        row.append(',');
        field(e.type());
        row.append(',');
        field(e.eventId());
        row.append(',');
        field(e.parentId());
        row.append(',');
        Double d = e.durationMs();
        field(d == null || d == 0 || d.isNaN() || d.isInfinite() ? "" : Json.formatNumber(d));
        row.append(',');
        json.setLength(0);
        Json.write(e.data(), Json.Style.COMPACT, json);
        field(json);
        if (sessionColumn) {
            row.append(',');
            field(sessionId);
        }
        row.append(EOL);
        out.append(row);
    }

    @Override
    public void end() {
        // CSV has no trailer
    }

    private void field(CharSequence value) {
        if (value == null || value.length() == 0) {
            return;
        }
        if (!needsQuotes(value)) {
            row.append(value);
            return;
        }
        row.append('"');
        int run = 0;
        int n = value.length();
        for (int i = 0; i < n; i++) {
            if (value.charAt(i) == '"') {
                row.append(value, run, i + 1).append('"');
                run = i + 1;
            }
        }
        row.append(value, run, n).append('"');
    }

    static boolean needsQuotes(CharSequence value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',' || c == '"' || c == '\r' || c == '\n') {
                return true;
            }
        }
        return false;
    }
}
