package io.github.agentstrace.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.cost.PriceTable;
import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.replay.TestSessions;
import io.github.agentstrace.session.Reading;
import io.github.agentstrace.session.SessionListener;
import io.github.agentstrace.session.Step;
import io.github.agentstrace.store.SessionWriter;
import io.github.agentstrace.store.TraceDirRegistry;
import io.github.agentstrace.store.TraceStore;
import io.github.agentstrace.term.Ansi;
import io.github.agentstrace.term.Line;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code search} on raw bytes: event numbers are the session model's whatever the file holds, non-ASCII and
 * escaped text is found in either form without case, fields mean what they say, long lines and chunk edges lose
 * nothing, and several threads hand hits on in the same order as one.
 */
class SearchTest {
    private static final double T0 = 1_795_000_000.0;

    @TempDir
    Path tmp;

    /** Hits of a query over one session, in order. */
    private static List<Search.Hit> search(String query, TraceStore store, String id, String topId) {
        List<Search.Hit> hits = new ArrayList<>();
        try {
            new Search(SearchQuery.parse(query)).session(id, topId, store.root(), store.eventsFile(id), hits::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return hits;
    }

    private static List<Long> numbers(List<Search.Hit> hits) {
        return hits.stream().map(Search.Hit::number).toList();
    }

    /** Per event type, the numbers the session model gives the session's events of that type. */
    private static Map<String, List<Long>> modelNumbers(TraceStore store, String id) {
        Map<String, List<Long>> byType = new TreeMap<>();
        new Reading(store, PriceTable.load(null), w -> { }, m -> false).read(id, false, false, new SessionListener() {
            @Override
            public void step(Step s) {
                if (!s.leftover()) {
                    byType.computeIfAbsent(s.event().type(), k -> new ArrayList<>()).add(s.number());
                }
            }
        });
        return byType;
    }

    @Test
    void numbers_areTheModelsOnEverySampleFixtureAndTestSession() throws Exception {
        Path all = Files.createDirectories(tmp.resolve("all"));
        copy(Path.of(".agent-traces.example"), all);
        copy(Path.of(SearchTest.class.getResource("/fixtures").toURI()), all);
        TestSessions.kitchenSink(all);
        TestSessions.subagents(all);
        TraceStore store = new TraceStore(all, TraceDirRegistry.NONE);
        int checked = 0;
        for (SessionMeta m : store.list(w -> { })) {
            Map<String, List<Long>> model = modelNumbers(store, m.sessionId());
            Map<String, List<Long>> found = new TreeMap<>();
            for (String type : model.keySet()) {
                // type: needs a known type; events of an unknown one are found with a query that parses every line
                String q = EventType.fromWire(type) != null ? "type:" + type : "-type:tool_call";
                List<Search.Hit> hits = search(q, store, m.sessionId(), m.sessionId());
                found.put(type, numbers(hits.stream().filter(h -> h.type().equals(type)).toList()));
            }
            assertEquals(model, found, m.sessionId());
            checked++;
        }
        assertTrue(checked >= 9, "sessions checked: " + checked);
    }

    @Test
    void numbers_blankGarbageTornAndCrlfLinesCountAsTheReaderCountsThem() throws Exception {
        TraceStore store = new TraceStore(tmp.resolve("t"), TraceDirRegistry.NONE);
        store.create(SessionMeta.start("odd", T0, "a", ""), Redactor.disabled());
        String e1 = line("user_prompt", "prompt", "first needle");
        String e2 = line("tool_call", "tool_name", "Bash");
        String text = e1 + "\n"
                + "\n"                                            // blank
                + "   \t \n"                                       // blank
                + "not json at all, no needle either\n"            // garbage: skipped by the reader
                + "garbage with a needle in it\n"                  // garbage that is a candidate
                + "{\"event_type\":\"tool_call\",\"timestamp\":1,\"data\":{\"x\":\"nee\n"  // torn mid-value
                + e2 + "\r\n"                                      // CRLF
                + line("tool_result", "result", "second needle") + "  \r\n"
                + "{\"event_type\":\"error\",\"timestamp\":1.5,\"data\":{\"message\":\"torn needle\"\n" // torn, candidate
                + line("assistant_response", "text", "third needle");                                // no final newline
        Files.writeString(store.eventsFile("odd"), text);
        Map<String, List<Long>> model = modelNumbers(store, "odd");
        assertEquals(Map.of("user_prompt", List.of(1L), "tool_call", List.of(2L), "tool_result", List.of(3L),
                "assistant_response", List.of(4L)), model);
        assertEquals(List.of(1L, 3L, 4L), numbers(search("needle", store, "odd", "odd")));
        assertEquals(List.of(2L), numbers(search("type:tool_call", store, "odd", "odd")));
        assertEquals(List.of(4L), numbers(search("third", store, "odd", "odd")), "the line after the anomalies");
    }

    private static String line(String type, String key, String value) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(key, value);
        return new TraceEvent(type, T0, null, null, null, null, data).toLine();
    }

    @Test
    void text_isFoundEscapedOrRawWithoutCase() throws Exception {
        TraceStore store = new TraceStore(tmp.resolve("t"), TraceDirRegistry.NONE);
        store.create(SessionMeta.start("esc", T0, "a", ""), Redactor.disabled());
        String value = "Résumé of a naïve 日本語 parser: back\\slash and \"quotes\"\nsecond line";
        try (SessionWriter w = store.writer("esc", Redactor.disabled())) {
            w.append(TraceEvent.of(EventType.USER_PROMPT, T0, "e1", "esc", null, null, map("prompt", value)));
        }
        // The same event as another writer may store it: UTF-8 as itself, not escaped.
        Files.writeString(store.eventsFile("esc"), Json.write(Map.of("event_type", "user_prompt", "timestamp", T0,
                "data", Map.of("prompt", value))) + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        String escaped = Files.readString(store.eventsFile("esc")).lines().findFirst().orElseThrow();
        assertTrue(escaped.contains("R\\u00e9sum\\u00e9") && escaped.chars().allMatch(c -> c < 0x80), escaped);
        for (String q : List.of("résumé", "RÉSUMÉ", "Résumé", "NAÏVE", "日本語", "\"日本語 parser\"", "back\\slash",
                "\"quotes\"", "\"parser: back\"", "PARSER", "e1")) {
            List<Search.Hit> hits = search(q, store, "esc", "esc");
            assertEquals(q.equals("e1") ? List.of(1L) : List.of(1L, 2L), numbers(hits), q);
        }
        Search.Hit hit = search("日本語", store, "esc", "esc").get(0);
        assertEquals("日本語", hit.snippet().substring(hit.matchStart(), hit.matchEnd()));
        assertEquals("Résumé of a naïve 日本語 parser: back\\slash and \"quotes\" second line", hit.snippet(),
                "whitespace runs as one space");
        assertEquals(List.of(), numbers(search("résume", store, "esc", "esc")), "é is not e");
        assertEquals(List.of(), numbers(search("prompt", store, "esc", "esc")), "keys are not searched");
    }

    @Test
    void fields_toolTypeFileModelSessionNegationAndOr() throws Exception {
        TraceStore store = new TraceStore(tmp.resolve("t"), TraceDirRegistry.NONE);
        store.create(SessionMeta.start("f1", T0, "a", ""), Redactor.disabled());
        try (SessionWriter w = store.writer("f1", Redactor.disabled())) {
            w.append(ev(EventType.TOOL_CALL, "c1", map("tool_name", "Bash", "arguments", map("command", "pytest -q"))));
            w.append(ev(EventType.ERROR, "r1", map("tool_name", "Bash", "error", "1 failed in src/auth/login.py")));
            w.append(ev(EventType.TOOL_CALL, "c2", map("tool_name", "Read", "arguments",
                    map("file_path", "/home/dev/src/auth/login.py"))));
            w.append(ev(EventType.TOOL_RESULT, "r2", map("result", "def login(): ...")));
            w.append(ev(EventType.TOOL_CALL, "c3", map("tool_name", "mcp__github__create_issue", "arguments",
                    map("title", "login broken"))));
            w.append(ev(EventType.FILE_READ, "f", map("uri", "file:///home/dev/src/auth/session.py")));
            w.append(ev(EventType.LLM_RESPONSE, "l", map("model", "claude-sonnet-4-5", "content", "login fixed")));
        }
        assertEquals(List.of(1L, 2L), numbers(search("tool:bash", store, "f1", "f1")));
        assertEquals(List.of(5L), numbers(search("tool:github/create_issue", store, "f1", "f1")));
        assertEquals(List.of(5L), numbers(search("tool:mcp__github__create_issue", store, "f1", "f1")));
        assertEquals(List.of(5L), numbers(search("tool:github/*", store, "f1", "f1")));
        assertEquals(List.of(5L), numbers(search("tool:mcp__git*", store, "f1", "f1")));
        assertEquals(List.of(), numbers(search("tool:git", store, "f1", "f1")), "a tool name is not a prefix");
        assertEquals(List.of(2L), numbers(search("type:error", store, "f1", "f1")));
        assertEquals(List.of(3L, 6L), numbers(search("file:src/auth", store, "f1", "f1")), "arguments and file events");
        assertEquals(List.of(6L), numbers(search("file:SESSION.py", store, "f1", "f1")));
        assertEquals(List.of(7L), numbers(search("model:sonnet", store, "f1", "f1")));
        assertEquals(List.of(2L, 3L, 4L, 5L, 7L), numbers(search("login", store, "f1", "f1")));
        assertEquals(List.of(3L, 4L, 5L, 7L), numbers(search("login -type:error", store, "f1", "f1")));
        assertEquals(List.of(1L, 4L), numbers(search("pytest OR \"def login\"", store, "f1", "f1")));
        assertEquals(List.of(2L), numbers(search("login tool:Bash", store, "f1", "f1")));
        assertEquals(7, search("session:f1", store, "f1", "f1").size());
        assertEquals(7, search("session:PAR", store, "f1", "parent-1").size(), "a subagent counts with its parent");
        assertEquals(List.of(), search("session:x login", store, "f1", "f1"));
        assertEquals(6, search("-session:x -type:error", store, "f1", "f1").size());
        // What a hit says: the tool as people read it, and what a field-only hit is about.
        Search.Hit mcp = search("tool:github/*", store, "f1", "f1").get(0);
        assertEquals("github/create_issue", mcp.tool());
        assertEquals(-1, mcp.matchStart());
        assertEquals("$ pytest -q", search("tool:Bash type:tool_call", store, "f1", "f1").get(0).snippet());
        assertEquals("1 failed in src/auth/login.py", search("type:error", store, "f1", "f1").get(0).snippet());
    }

    private static TraceEvent ev(EventType type, String id, Map<String, Object> data) {
        return TraceEvent.of(type, T0, id, "f1", null, null, data);
    }

    private static Map<String, Object> map(Object... kv) {
        return TestSessions.map(kv);
    }

    @Test
    void longLinesAndChunkEdges_loseNothing() throws Exception {
        TraceStore store = new TraceStore(tmp.resolve("t"), TraceDirRegistry.NONE);
        store.create(SessionMeta.start("big", T0, "a", ""), Redactor.disabled());
        StringBuilder file = new StringBuilder();
        List<Long> expected = new ArrayList<>();
        long n = 0;
        String pad = "x".repeat(300);
        // Enough short lines to cross the 1 MiB read buffer several times, a needle every 997 lines (at some
        // point next to a chunk edge), and one line of 2.5 MB that no buffer of the first size holds.
        while (file.length() < 3_500_000) {
            n++;
            boolean needle = n % 997 == 0;
            if (n == 3000) {
                file.append(line("tool_result", "result", "y".repeat(2_500_000) + " needle at the end")).append('\n');
                expected.add(n);
                continue;
            }
            file.append(line("tool_result", "result", pad + (needle ? " needle" : ""))).append('\n');
            if (needle) {
                expected.add(n);
            }
        }
        Files.writeString(store.eventsFile("big"), file);
        assertEquals(expected, numbers(search("needle", store, "big", "big")));
        assertEquals(List.of(n), numbers(search("type:tool_result", store, "big", "big")).subList((int) n - 1, (int) n));
    }

    @Test
    void run_threadsHandHitsOnInSessionOrder_andALimitStopsThem() throws Exception {
        TraceStore store = new TraceStore(tmp.resolve("t"), TraceDirRegistry.NONE);
        List<SearchRun.Target> targets = new ArrayList<>();
        for (int s = 0; s < 24; s++) {
            String id = "s" + s;
            store.create(SessionMeta.start(id, T0 + s, "a", ""), Redactor.disabled());
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 3000; i++) {
                b.append(line("tool_result", "result", (i % (s + 2) == 0 ? "hit " : "miss ") + s + "/" + i)).append('\n');
            }
            Files.writeString(store.eventsFile(id), b);
            targets.add(new SearchRun.Target(id, id, store.root(), store.eventsFile(id)));
        }
        SearchQuery q = SearchQuery.parse("hit");
        List<String> one = new ArrayList<>();
        assertTrue(SearchRun.run(q, targets, 1, h -> one.add(h.sessionId() + "#" + h.number() + " " + h.snippet())));
        List<String> four = new ArrayList<>();
        assertTrue(SearchRun.run(q, targets, 4, h -> four.add(h.sessionId() + "#" + h.number() + " " + h.snippet())));
        assertEquals(one, four);
        assertTrue(one.size() > SearchRun.QUEUE * 2, "more hits than the queues hold: " + one.size());
        List<String> limited = new ArrayList<>();
        assertFalse(SearchRun.run(q, targets, 4, h -> {
            limited.add(h.sessionId() + "#" + h.number() + " " + h.snippet());
            return limited.size() < 1500;
        }));
        assertEquals(one.subList(0, 1500), limited);
    }

    @Test
    void hitText_keepsTheMatchInViewAndFitsTheWidth() throws Exception {
        TraceStore store = new TraceStore(tmp.resolve("t"), TraceDirRegistry.NONE);
        store.create(SessionMeta.start("w", T0, "a", ""), Redactor.disabled());
        try (SessionWriter w = store.writer("w", Redactor.disabled())) {
            w.append(TraceEvent.of(EventType.TOOL_RESULT, T0, "e1", "w", null, null,
                    map("tool_name", "Bash", "result", "lorem ipsum ".repeat(6) + "NEEDLE" + " dolor".repeat(30))));
        }
        Search.Hit hit = search("needle", store, "w", "w").get(0);
        for (int width : new int[] {60, 80, 120}) {
            String plain = hit.text(new Ansi(false), width);
            assertTrue(Line.width(plain) <= width, plain);
            assertTrue(plain.contains("NEEDLE"), width + ": " + plain);
            String colour = hit.text(new Ansi(true), width);
            assertTrue(colour.contains(Ansi.BOLD + Ansi.RED + "NEEDLE" + Ansi.RESET), colour);
        }
        String unlimited = hit.text(new Ansi(false), 0);
        assertTrue(unlimited.startsWith("w                2026-11-18 11:06:40 #1    tool_result  Bash  lorem ipsum"), unlimited);
        assertTrue(unlimited.endsWith(" dolor dol…"), "100 characters of context after the match: " + unlimited);
        assertTrue(hit.text(new Ansi(false), 80).startsWith("w                11-18 11:06 #1    tool_result Bash  …"));
        assertTrue(hit.text(new Ansi(false), 60).startsWith("w                #1    tool_result Bash  …"));
    }

    @Test
    void hitText_timeIsTheFormattersForAnyTimestamp() {
        java.time.format.DateTimeFormatter wall = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                .withZone(java.time.ZoneOffset.UTC);
        java.time.format.DateTimeFormatter shortForm = java.time.format.DateTimeFormatter.ofPattern("MM-dd HH:mm")
                .withZone(java.time.ZoneOffset.UTC);
        for (double ts : new double[] {T0, 0, -1.5, 1.9995, 59.9996, 946_684_799.9999, 253_402_300_799.0,
                253_402_300_800.0, -30_610_224_000.0, -30_610_224_001.0, 1e12, -1e11, 1_795_000_000.123}) {
            java.time.Instant at = java.time.Instant.ofEpochMilli(Math.round(ts * 1000));
            Search.Hit hit = new Search.Hit("s", tmp, 1, ts, "error", null, "x", -1, -1);
            String full = hit.text(new Ansi(false), 0);
            assertTrue(full.startsWith("s                " + wall.format(at) + " #1"), ts + ": " + full);
            String narrow = hit.text(new Ansi(false), 80);
            assertTrue(narrow.startsWith("s                " + shortForm.format(at) + " #1"), ts + ": " + narrow);
        }
    }

    private static void copy(Path from, Path to) throws IOException, URISyntaxException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
