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
        String data = Json.write(e.data());
        // One record is built and handed to the output in one call (per-character appends to a java.io.Writer
        // each take its lock), in a builder of its own: one that once held a non-Latin-1 character stays
        // two bytes a character, and every later ASCII record would pay for widening and narrowing.
        StringBuilder row = new StringBuilder(data.length() + data.length() / 8 + 96);
        field(row, Json.formatNumber(e.timestamp()));
        row.append(',');
        field(row, e.type());
        row.append(',');
        field(row, e.eventId());
        row.append(',');
        field(row, e.parentId());
        row.append(',');
        Double d = e.durationMs();
        field(row, d == null || d == 0 || d.isNaN() || d.isInfinite() ? "" : Json.formatNumber(d));
        row.append(',');
        field(row, data);
        if (sessionColumn) {
            row.append(',');
            field(row, sessionId);
        }
        row.append(EOL);
        out.append(row);
    }

    @Override
    public void end() {
        // CSV has no trailer
    }

    private static void field(StringBuilder row, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        if (!needsQuotes(value)) {
            row.append(value);
            return;
        }
        row.append('"');
        int from = 0;
        for (int q = value.indexOf('"'); q >= 0; q = value.indexOf('"', from)) {
            row.append(value, from, q + 1).append('"');
            from = q + 1;
        }
        row.append(value, from, value.length()).append('"');
    }

    static boolean needsQuotes(String value) {
        return value.indexOf('"') >= 0 || value.indexOf(',') >= 0 || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0;
    }
}
