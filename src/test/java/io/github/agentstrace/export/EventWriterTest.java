package io.github.agentstrace.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.store.TraceStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventWriterTest {
    @TempDir
    Path tmp;

    private String export(EventFormat format, String sessionId) throws IOException {
        TraceStore store = new TraceStore(tmp.resolve("traces"));
        StringBuilder sb = new StringBuilder();
        EventWriter w = EventWriter.of(format, sb);
        w.begin();
        store.reader(sessionId, s -> { throw new AssertionError(s); }).forEachLine((e, line) -> {
            try {
                w.write(e, line);
            } catch (IOException ex) {
                throw new AssertionError(ex);
            }
        });
        w.end();
        return sb.toString();
    }

    /**
     * NDJSON is the stored lines, not the events serialised again: what this tool would write differently
     * (a key it does not know, number text, spacing, a raw non-ASCII character) survives byte for byte, and
     * a line that is not an event is left out with a warning.
     */
    @Test
    void ndjson_copiesEachValidStoredLineAsItIs() throws IOException {
        TraceStore store = new TraceStore(tmp.resolve("traces"));
        new ExportFixtures.Builder(store, "raw1", "agent", 1700000000.0).close();
        String a = "{\"event_type\":\"tool_call\",\"timestamp\":1.7e9,\"event_id\":\"a\",\"x_new\":1,"
                + "\"data\":{\"tool_name\":\"Bash\",\"n\":1.50}}";
        String b = "{ \"event_type\": \"tool_result\", \"timestamp\": 1700000001, \"data\": {\"result\": \"héllo\"} }";
        java.nio.file.Files.writeString(store.eventsFile("raw1"), a + "\n{\"torn\n\n" + b + "\n",
                java.nio.charset.StandardCharsets.UTF_8);
        List<String> warnings = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        EventWriter w = EventWriter.of(EventFormat.NDJSON, sb);
        w.begin();
        store.reader("raw1", warnings::add).forEachLine((e, line) -> {
            try {
                w.write(e, line);
            } catch (IOException ex) {
                throw new AssertionError(ex);
            }
        });
        w.end();
        assertEquals(a + "\n" + b + "\n", sb.toString());
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("line 2"), warnings.get(0));
    }

    @Test
    void csv_ofSeveralSessionsEndsEachRowWithItsSession() throws IOException {
        ExportFixtures.copySessions(tmp.resolve("traces"));
        TraceStore store = new TraceStore(tmp.resolve("traces"));
        StringBuilder sb = new StringBuilder();
        EventWriter w = EventWriter.of(EventFormat.CSV, sb, true);
        w.begin();
        List<String> ids = List.of(ExportFixtures.SESSIONS.get("b-decorator"), ExportFixtures.SESSIONS.get("a-hooks"));
        for (String id : ids) {
            w.session(id);
            store.reader(id, s -> { }).forEachLine((e, line) -> {
                try {
                    w.write(e, line);
                } catch (IOException ex) {
                    throw new AssertionError(ex);
                }
            });
        }
        w.end();
        List<List<String>> rows = Rfc4180.parse(sb.toString());
        assertEquals(List.of("timestamp", "event_type", "event_id", "parent_id", "duration_ms", "data", "session_id"),
                rows.get(0));
        List<List<String>> single = new ArrayList<>();
        for (String id : ids) {
            List<List<String>> one = Rfc4180.parse(export(EventFormat.CSV, id));
            for (List<String> row : one.subList(1, one.size())) {
                List<String> withSession = new ArrayList<>(row);
                withSession.add(id);
                single.add(withSession);
            }
        }
        assertEquals(single, rows.subList(1, rows.size()), "the single-session rows, each with its session id");
    }

    @Test
    void jsonAndNdjson_areByteIdenticalToTheOriginal() throws IOException {
        ExportFixtures.copySessions(tmp.resolve("traces"));
        for (var f : ExportFixtures.SESSIONS.entrySet()) {
            assertEquals(ExportFixtures.golden(f.getKey(), "export.json"), export(EventFormat.JSON, f.getValue()), f.getKey());
            assertEquals(ExportFixtures.golden(f.getKey(), "export.ndjson"), export(EventFormat.NDJSON, f.getValue()), f.getKey());
        }
    }

    @Test
    void json_roundTripsToTheSameEvents() throws IOException {
        ExportFixtures.copySessions(tmp.resolve("traces"));
        String id = ExportFixtures.SESSIONS.get("c-stdio-proxy");
        List<Object> parsed = Json.asArray(Json.parse(export(EventFormat.JSON, id)));
        List<TraceEvent> original = new ArrayList<>();
        new TraceStore(tmp.resolve("traces")).reader(id, s -> { }).forEach(original::add);
        assertEquals(original.size(), parsed.size());
        for (int i = 0; i < parsed.size(); i++) {
            assertEquals(original.get(i).toLine(), TraceEvent.fromJson(parsed.get(i)).toLine());
        }
        String[] lines = export(EventFormat.NDJSON, id).split("\n");
        for (int i = 0; i < lines.length; i++) {
            assertEquals(original.get(i), TraceEvent.parseLine(lines[i]));
        }
    }

    @Test
    void emptySession_isAnEmptyArrayAndAHeaderOnlyCsv() throws IOException {
        TraceStore store = new TraceStore(tmp.resolve("traces"));
        new ExportFixtures.Builder(store, "empty1", "agent", 1700000000.0).close();
        assertEquals("[]\n", export(EventFormat.JSON, "empty1"));
        assertEquals("", export(EventFormat.NDJSON, "empty1"));
        assertEquals(CsvEventWriter.HEADER + "\r\n", export(EventFormat.CSV, "empty1"));
    }

    @Test
    void csv_parsesBackToTheSameFieldsAsTheOriginal() throws IOException {
        ExportFixtures.copySessions(tmp.resolve("traces"));
        for (var f : ExportFixtures.SESSIONS.entrySet()) {
            String ours = export(EventFormat.CSV, f.getValue());
            assertTrue(ours.endsWith("\r\n"));
            List<List<String>> mine = Rfc4180.parse(ours);
            List<List<String>> theirs = Rfc4180.parse(ExportFixtures.golden(f.getKey(), "export.csv"));
            assertEquals(theirs.size(), mine.size());
            assertEquals(List.of("timestamp", "event_type", "event_id", "parent_id", "duration_ms", "data"), mine.get(0));
            for (int r = 1; r < mine.size(); r++) {
                // Same columns; the data column is compact JSON here and spaced JSON there, but the same value.
                assertEquals(theirs.get(r).subList(0, 5), mine.get(r).subList(0, 5), f.getKey() + " row " + r);
                assertEquals(Json.parse(theirs.get(r).get(5)), Json.parse(mine.get(r).get(5)), f.getKey() + " row " + r);
            }
        }
    }

    @Test
    void csv_quotesCommasQuotesAndLineBreaksAndKeepsUnicode() throws IOException {
        TraceStore store = new TraceStore(tmp.resolve("traces"));
        try (var b = new ExportFixtures.Builder(store, "csv1", "agent", 1700000000.0)) {
            b.add(0.5, EventType.TOOL_CALL, "c1", null, null, "tool_name", "Bash",
                    "arguments", Map.of("command", "echo \"a,b\"\r\nnext"));
            b.add(0.25, EventType.TOOL_RESULT, "r1", "c1", 0.0, "result", "héllo, wörld ✓");
            b.add(0.25, EventType.TOOL_RESULT, "r,2", null, 12.5, "result", "x");
        }
        String csv = export(EventFormat.CSV, "csv1");
        List<List<String>> rows = Rfc4180.parse(csv);
        assertEquals(4, rows.size());
        assertEquals(List.of("1700000000.5", "tool_call", "c1", "", ""), rows.get(1).subList(0, 5));
        Map<String, Object> data = Json.asObject(Json.parse(rows.get(1).get(5)));
        assertEquals("echo \"a,b\"\r\nnext", Json.asObject(data.get("arguments")).get("command"));
        assertEquals("", rows.get(2).get(4), "a zero duration is written empty, as the original does");
        assertEquals("héllo, wörld ✓", Json.asObject(Json.parse(rows.get(2).get(5))).get("result"));
        assertEquals("r,2", rows.get(3).get(2));
        assertEquals("12.5", rows.get(3).get(4));
        assertTrue(csv.contains("\"r,2\""));
    }

    @Test
    void parse_knowsTheFormatWords() {
        assertEquals(EventFormat.CSV, EventFormat.parse("CSV"));
        assertEquals(EventFormat.NDJSON, EventFormat.parse("ndjson"));
        assertNull(EventFormat.parse("xml"));
    }

    /**
     * A strict RFC 4180 reader, written for this test: records end with CRLF, fields are separated by
     * commas, a quoted field may hold commas, CR, LF and doubled quotes. Anything else fails the test.
     */
    static final class Rfc4180 {
        static List<List<String>> parse(String text) {
            List<List<String>> rows = new ArrayList<>();
            List<String> row = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            int i = 0;
            int n = text.length();
            boolean fieldStart = true;
            while (i < n) {
                char c = text.charAt(i);
                if (fieldStart && c == '"') {
                    i++;
                    while (true) {
                        if (i >= n) {
                            throw new AssertionError("unterminated quoted field");
                        }
                        char q = text.charAt(i++);
                        if (q == '"') {
                            if (i < n && text.charAt(i) == '"') {
                                field.append('"');
                                i++;
                            } else {
                                break;
                            }
                        } else {
                            field.append(q);
                        }
                    }
                    fieldStart = false;
                    if (i < n && text.charAt(i) != ',' && text.charAt(i) != '\r') {
                        throw new AssertionError("text after a closing quote at " + i);
                    }
                    continue;
                }
                if (c == ',') {
                    row.add(field.toString());
                    field.setLength(0);
                    fieldStart = true;
                    i++;
                } else if (c == '\r') {
                    if (i + 1 >= n || text.charAt(i + 1) != '\n') {
                        throw new AssertionError("bare CR at " + i);
                    }
                    row.add(field.toString());
                    field.setLength(0);
                    rows.add(row);
                    row = new ArrayList<>();
                    fieldStart = true;
                    i += 2;
                } else if (c == '\n' || c == '"') {
                    throw new AssertionError("unquoted " + (c == '\n' ? "LF" : "quote") + " at " + i);
                } else {
                    field.append(c);
                    fieldStart = false;
                    i++;
                }
            }
            if (!row.isEmpty() || field.length() > 0) {
                throw new AssertionError("last record does not end with CRLF");
            }
            return rows;
        }
    }

    @Test
    void rfc4180Reader_readsQuotedFieldsAndRejectsBareLineFeeds() {
        assertEquals(List.of(List.of("a", "b,c", "d\"e", "f\r\ng", "")), Rfc4180.parse("a,\"b,c\",\"d\"\"e\",\"f\r\ng\",\r\n"));
        try {
            Rfc4180.parse("a\nb\r\n");
            throw new IllegalStateException("expected a failure");
        } catch (AssertionError expected) {
            assertTrue(expected.getMessage().contains("LF"));
        }
    }
}
