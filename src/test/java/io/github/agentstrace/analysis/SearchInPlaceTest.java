package io.github.agentstrace.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.json.JsonNumber;
import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.replay.TestSessions;
import io.github.agentstrace.store.SessionWriter;
import io.github.agentstrace.store.TraceDirRegistry;
import io.github.agentstrace.store.TraceStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hit path that reads a candidate line in place ({@link EventLine}) gives exactly what parsing the line
 * gives: the same hits, numbers, types, tools, times and snippets, on generated lines full of escapes, non-ASCII
 * text, keys that hold the word, numbers, repeated keys and broken lines, and while a writer appends.
 */
class SearchInPlaceTest {
    private static final double T0 = 1_795_000_000.0;

    @TempDir
    Path tmp;

    private static List<Search.Hit> run(Search search, Path file) {
        List<Search.Hit> hits = new ArrayList<>();
        try {
            search.session("s1", "s1", file.getParent(), file, hits::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return hits;
    }

    private static List<Search.Hit> inPlace(String query, Path file) {
        return run(new Search(SearchQuery.parse(query)), file);
    }

    /** The hits in place, checked against parsing every line (and the count against both). */
    private static List<Search.Hit> same(String query, Path file) {
        SearchQuery q = SearchQuery.parse(query);
        List<Search.Hit> parsed = run(Search.parsingEachLine(q), file);
        List<Search.Hit> read = run(new Search(q), file);
        assertEquals(parsed, read, query);
        List<Search.Hit> counted = run(new Search(q, false), file);
        assertEquals(parsed.size(), counted.size(), "count of " + query);
        assertTrue(counted.stream().allMatch(h -> h.snippet().isEmpty() && h.matchStart() < 0), "a count cuts no snippet");
        return read;
    }

    private Path file(String... lines) throws IOException {
        return write(String.join("\n", lines) + "\n");
    }

    private Path write(String text) throws IOException {
        return write(text.getBytes(StandardCharsets.UTF_8));
    }

    private Path write(byte[] bytes) throws IOException {
        Path f = Files.createTempFile(tmp, "events", ".ndjson");
        Files.write(f, bytes);
        return f;
    }

    private static String event(String type, Map<String, Object> data, boolean ascii) {
        TraceEvent e = new TraceEvent(type, T0 + 0.25, "e1", "s1", null, null, data);
        return Json.write(e.toJson(), ascii ? Json.Style.COMPACT_ASCII : Json.Style.COMPACT);
    }

    private static Map<String, Object> map(Object... kv) {
        return TestSessions.map(kv);
    }

    private static String snippet(Search.Hit h) {
        return h.snippet().substring(0, h.matchStart()) + "[" + h.snippet().substring(h.matchStart(), h.matchEnd())
                + "]" + h.snippet().substring(h.matchEnd());
    }

    @Test
    void aMatchInsideEscapes_isCutFromTheDecodedText() throws Exception {
        String value = "say \"Quokka\" then back\\slash\\ and caf\u00e9 quokka\u00e9 \ud83d\ude00quokka\ud83d\ude00\tend";
        for (boolean ascii : new boolean[] {true, false}) {
            Path f = file(event("tool_result", map("tool_name", "Bash", "result", value), ascii));
            List<Search.Hit> hits = same("quokka", f);
            assertEquals("say \"[Quokka]\" then back\\slash\\ and café quokkaé 😀quokka😀 end", snippet(hits.get(0)));
            assertEquals("Bash", hits.get(0).tool());
            assertEquals(T0 + 0.25, hits.get(0).timestamp());
            assertEquals("say \"Quokka\" then back\\slash\\ and [café] quokkaé 😀quokka😀 end",
                    snippet(same("CAFÉ", f).get(0)), "a term that is not ASCII, in an escaped value");
            same("back\\slash\\", f);
            same("\"quokka😀 end\"", f);
            same("😀QUOKKA", f);
        }
    }

    @Test
    void multibyteCharactersAtTheWindowEdges_areCutAsTheParsedTextIs() throws Exception {
        // The match 100 characters from either end and one or two off, with the cut between the two chars of
        // a pair, inside an escape, inside a raw UTF-8 sequence.
        List<String> lines = new ArrayList<>();
        for (int before = 97; before <= 103; before++) {
            for (String fill : new String[] {"é", "😀", "日本", "a\"", "\n"}) {
                String left = fill.repeat(before).substring(0, before);
                String right = fill.repeat(before + 3).substring(1, before + 2);
                Map<String, Object> data = map("content", left + "QuOkKa" + right);
                lines.add(event("llm_response", data, lines.size() % 2 == 0));
            }
        }
        Path f = file(lines.toArray(new String[0]));
        List<Search.Hit> hits = same("quokka", f);
        assertEquals(lines.size(), hits.size());
        for (Search.Hit h : hits) {
            assertEquals("QuOkKa", h.snippet().substring(h.matchStart(), h.matchEnd()));
        }
    }

    @Test
    void aWordInAKey_isNotAValue() throws Exception {
        Path f = file(
                event("tool_call", map("tool_name", "Read", "quokka", "no such word here"), true),
                event("tool_call", map("tool_name", "Read", "quokka", map("quokka", 1, "v", "a quokka in a value")), true),
                event("tool_call", map("tool_name", "Read", "arguments", map("quokka", List.of("x", "QUOKKA"))), false));
        List<Search.Hit> hits = same("quokka", f);
        assertEquals(List.of(2L, 3L), hits.stream().map(Search.Hit::number).toList());
        assertEquals("a [quokka] in a value", snippet(hits.get(0)));
        assertEquals("[QUOKKA]", snippet(hits.get(1)));
        assertEquals(List.of(), same("event_type", f), "the keys of the event itself are no values either");
        assertEquals(List.of(), same("tool_call", f), "nor its type");
    }

    @Test
    void theFirstValueInTheEventsOrder_isShown() throws Exception {
        // data's values come first, then the event's own id and parent id, wherever they are on the line.
        Path f = file(
                "{\"event_id\":\"id-quokka\",\"event_type\":\"error\",\"timestamp\":5,\"data\":{\"n\":4007,"
                        + "\"m\":[1.5e3,{\"k\":\"late quokka\"}]},\"parent_id\":\"p-quokka\"}",
                "{\"parent_id\":\"p-quokka\",\"event_id\":\"id-quokka\",\"event_type\":\"error\",\"timestamp\":5}",
                "{\"parent_id\":\"p-quokka\",\"event_id\":\"\",\"event_type\":\"error\",\"timestamp\":5,\"data\":[\"quokka\"]}");
        assertEquals(List.of("late [quokka]", "id-[quokka]", "p-[quokka]"),
                same("quokka", f).stream().map(SearchInPlaceTest::snippet).toList());
        assertEquals(List.of("[4007]"), same("4007", f).stream().map(SearchInPlaceTest::snippet).toList());
        assertEquals(List.of("[1.5e3]"), same("1.5E3", f).stream().map(SearchInPlaceTest::snippet).toList(),
                "a number as written");
    }

    @Test
    void linesOutsideTheCommonShape_areParsedAndAgree() throws Exception {
        String ok = "\"event_type\":\"tool_call\",\"timestamp\":1795000000.5";
        Path f = write(String.join("\n",
                "{" + ok + ",\"data\":{\"v\":\"quokka one\",\"v\":\"quokka two\"}}",          // a repeated key
                "{" + ok + ",\"data\":{\"v\\u0041\":\"quokka three\"}}",                      // an escaped key
                "{\"event_type\":\"tool_call\",\"event_type\":\"error\",\"timestamp\":1,\"data\":{\"v\":\"quokka\"}}",
                "{" + ok + ",\"data\":{\"v\":\"quokka " + "[".repeat(70) + "]".repeat(70) + "\"}}",
                "{" + ok + ",\"data\":{\"v\":" + "[".repeat(70) + "\"deep quokka\"" + "]".repeat(70) + "}}",
                "  {" + ok + ",\"data\":{\"v\":\"spaced quokka\"}} \r",
                "{" + ok + ",\"data\":{\"v\":\"quokka \\/ \\u00C9 \\ud800 lone\"}}",
                "{" + ok + ",\"data\":\"quokka as data\"}",
                "{\"event_type\":\"\",\"timestamp\":1,\"data\":{\"v\":\"quokka, no type\"}}",
                "{\"event_type\":\"error\",\"timestamp\":\"1\",\"data\":{\"v\":\"quokka, a text time\"}}",
                "{\"event_type\":7,\"timestamp\":1,\"data\":{\"v\":\"quokka, a number type\"}}",
                "[\"quokka in an array\"]",
                "{" + ok + ",\"data\":{\"v\":\"quokka\"}} trailing",
                "{" + ok + ",\"data\":{\"v\":\"quokka\tcontrol\"}}",
                "{" + ok + ",\"data\":{\"v\":\"quokka\\x\"}}",
                "{" + ok + ",\"data\":{\"v\":01,\"w\":\"quokka\"}}",
                "{" + ok + ",\"data\":{\"v\":tru,\"w\":\"quokka\"}}",
                "{" + ok + ",\"data\":{\"v\":\"quokka\"},}",
                "{" + ok + ",\"data\":{\"v\":\"torn quokka"));
        List<Search.Hit> hits = same("quokka", f);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), hits.stream().map(Search.Hit::number).toList());
        assertEquals("[quokka] two", snippet(hits.get(0)), "the map keeps a repeated key's last value");
        assertEquals("error", hits.get(2).type());
        assertEquals("[quokka] / É \ud800 lone", snippet(hits.get(6)));
        same("quokka type:tool_call", f);
        same("\"quokka two\" OR lone", f);
    }

    @Test
    void bytesThatAreNotUtf8_areParsedAsBefore() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] bad : new byte[][] {{(byte) 0xff}, {(byte) 0xc0, (byte) 0xaf}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                {(byte) 0xe6, (byte) 0x97}, {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}}) {
            out.write("{\"event_type\":\"error\",\"timestamp\":2,\"data\":{\"v\":\"quokka ".getBytes(StandardCharsets.US_ASCII));
            out.write(bad);
            out.write(" x\"}}\n".getBytes(StandardCharsets.US_ASCII));
            out.write(bad);
            out.write("{\"event_type\":\"error\",\"timestamp\":2,\"data\":{\"v\":\"quokka\"}}\n".getBytes(StandardCharsets.US_ASCII));
        }
        Path f = write(out.toByteArray());
        List<Search.Hit> hits = same("quokka", f);
        assertEquals(6, hits.size(), "a bad byte inside a string is replaced; before the object it breaks the line");
    }

    @Test
    void fieldsReadInPlace_meanWhatTheParsedEventSays() throws Exception {
        Path f = file(
                event("tool_call", map("name", "mcp__github__get_issue", "arguments", map("q", "quokka")), true),
                event("tool_call", map("tool_name", "", "tool", "Bash", "command", "quokka"), true),
                event("tool_result", map("name", "Bash", "result", "quokka"), true),
                event("llm_response", map("model", "claude-Sonnet-4-5", "content", "quokka"), false),
                event("custom_thing", map("tool_name", "T\u00e9", "content", "quokka"), true),
                "{\"event_type\":\"tool\\u005fcall\",\"timestamp\":1,\"data\":{\"tool\":\"Read\",\"v\":\"quokka\"}}");
        for (String q : List.of("quokka", "quokka tool:github/*", "quokka tool:bash", "quokka tool:read",
                "quokka type:tool_call", "quokka -type:tool_call", "quokka model:sonnet", "quokka tool:té",
                "quokka session:s1", "quokka -session:s1", "type:tool_call", "tool:Bash OR model:claude", "-quokka",
                "quokka OR nothing", "nothing OR quokka", "-nothing quokka", "quokka -github")) {
            same(q, f);
        }
        assertEquals("github/get_issue", inPlace("quokka", f).get(0).tool());
        assertEquals(List.of(1L, 2L), inPlace("quokka type:tool_call", f).stream().map(Search.Hit::number).toList(),
                "a field's literal is looked for as stored");
        assertEquals("tool_call", inPlace("quokka", f).get(5).type(), "an escaped type, decoded");
        assertEquals("custom_thing", inPlace("quokka", f).get(4).type());
    }

    @Test
    void veryLongLines_findEveryMatchAndCutTheirSnippets() throws Exception {
        StringBuilder plain = new StringBuilder("start ");
        while (plain.length() < 5_000_000) {
            plain.append("lorem ipsum dolor ");
        }
        String escaped = plain.substring(0, 1_000_000).replace("ipsum", "ip\"s\u00fcm\n");
        Path f = file(
                event("tool_result", map("result", plain + "QUOKKA at the end"), true),
                event("tool_result", map("result", escaped + "quokka at the end"), true),
                event("tool_result", map("result", escaped + "quokka at the end"), false),
                event("tool_result", map("result", "quokka at the start" + escaped), true),
                event("tool_result", map("result", escaped.substring(0, 4096 * 3 - 7) + "quokka" + escaped), true));
        assertTrue(Files.size(f) > 5_000_000 + 4 * 1_200_000, "a line of five MB, four of more than one");
        List<Search.Hit> hits = same("quokka", f);
        assertEquals(5, hits.size());
        assertTrue(snippet(hits.get(0)).endsWith("dolor [QUOKKA] at the end"), snippet(hits.get(0)));
        assertTrue(snippet(hits.get(3)).startsWith("[quokka] at the start"), snippet(hits.get(3)));
        assertEquals(List.of(1L), inPlace("\"dolor quokka\"", f).stream().map(Search.Hit::number).toList());
    }

    @Test
    void randomLines_readInPlaceAsParsed() throws Exception {
        SplittableRandom random = new SplittableRandom(14);
        String[] words = {"quokka", "Quokka", "QUOKKA", "pytest", "r\u00e9sum\u00e9", "R\u00c9SUM\u00c9", "na\u00efve",
            "\u65e5\u672c\u8a9e", "\u0434\u0430\u043d\u043d\u044b\u0435", "\ud83d\ude00", "a\"b", "back\\slash", "tab\there",
            "line\nbreak", "ctl\u0001x", "\u2028", "\u017f", "\u212a", "\u0130", "\u00df", "tool_call", "Bash", "12.5", " ",
            "x", "/"};
        StringBuilder text = new StringBuilder();
        for (int n = 0; n < 600; n++) {
            Map<String, Object> data = randomObject(random, words, 0);
            if (random.nextInt(3) == 0) {
                data.put("tool_name", random.nextBoolean() ? "Bash" : "mcp__github__get_issue");
            }
            if (random.nextInt(4) == 0) {
                data.put("model", "claude-" + words[random.nextInt(words.length)]);
            }
            String type = random.nextInt(10) == 0 ? "custom_" + n : EventType.values()[random.nextInt(12)].wire();
            TraceEvent e = new TraceEvent(type, T0 + random.nextDouble() * 1e6, random.nextBoolean() ? "id-" + text(random, words) : null,
                    "s1", random.nextInt(5) == 0 ? text(random, words) : null, null, data);
            text.append(Json.write(e.toJson(), random.nextBoolean() ? Json.Style.COMPACT_ASCII : Json.Style.COMPACT)).append('\n');
        }
        Path f = write(text.toString());
        int hits = 0;
        for (int i = 0; i < 60; i++) {
            String w1 = words[random.nextInt(words.length)].trim();
            String w2 = words[random.nextInt(words.length)].trim();
            if (w1.isEmpty() || w2.isEmpty()) {
                continue;
            }
            String q = switch (random.nextInt(7)) {
                case 0 -> phrase(w1);
                case 1 -> phrase(w1) + " " + phrase(w2);
                case 2 -> phrase(w1) + " OR " + phrase(w2);
                case 3 -> phrase(w1) + " -" + phrase(w2);
                case 4 -> phrase(w1) + " type:" + EventType.values()[random.nextInt(12)].wire();
                case 5 -> phrase(w1) + " tool:bash";
                default -> phrase(w1 + w2.charAt(0));
            };
            try {
                SearchQuery.parse(q);
            } catch (SearchQuery.InvalidQuery e) {
                continue; // a phrase of what the query reads as spaces
            }
            hits += same(q, f).size();
        }
        assertTrue(hits > 150, "hits compared: " + hits);
    }

    private static String phrase(String w) {
        return "\"" + w.replace("\"", "") + "\"";
    }

    private static String text(SplittableRandom random, String[] words) {
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(6);
        for (int i = 0; i < n; i++) {
            sb.append(words[random.nextInt(words.length)]);
            if (random.nextBoolean()) {
                sb.append(' ');
            }
        }
        return sb.toString();
    }

    private static Map<String, Object> randomObject(SplittableRandom random, String[] words, int depth) {
        Map<String, Object> m = new LinkedHashMap<>();
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
            String key = random.nextInt(4) == 0 ? words[random.nextInt(words.length)] : "k" + i;
            m.put(key, randomValue(random, words, depth + 1));
        }
        return m;
    }

    private static Object randomValue(SplittableRandom random, String[] words, int depth) {
        return switch (depth > 2 ? random.nextInt(4) : random.nextInt(7)) {
            case 0 -> text(random, words);
            case 1 -> random.nextInt(3) == 0 ? JsonNumber.of("1" + random.nextInt(100) + "e" + random.nextInt(5))
                    : random.nextBoolean() ? (Object) random.nextLong() : (Object) (random.nextDouble() * 100);
            case 2 -> random.nextBoolean() ? Boolean.TRUE : null;
            case 3 -> text(random, words) + text(random, words);
            case 4 -> randomObject(random, words, depth);
            case 5 -> java.util.Arrays.asList(randomValue(random, words, depth + 1), randomValue(random, words, depth + 1));
            default -> new ArrayList<>();
        };
    }

    @Test
    void aTornLastLine_isNotCountedUntilItsWriterEndsIt() throws Exception {
        TraceStore store = new TraceStore(tmp.resolve("t"), TraceDirRegistry.NONE);
        store.create(SessionMeta.start("s1", T0, "a", ""), Redactor.disabled());
        Path f = store.eventsFile("s1");
        String whole = event("tool_result", map("result", "first quokka"), true) + "\n";
        String torn = event("tool_result", map("result", "second quokka at last"), true);
        Files.writeString(f, whole + torn.substring(0, torn.length() / 2 + 10));
        assertEquals(List.of(1L), same("quokka", f).stream().map(Search.Hit::number).toList());
        Files.writeString(f, torn.substring(torn.length() / 2 + 10), StandardOpenOption.APPEND);
        assertEquals(List.of(1L, 2L), same("quokka", f).stream().map(Search.Hit::number).toList(), "no newline yet");
        Files.writeString(f, "\n", StandardOpenOption.APPEND);
        assertEquals("second [quokka] at last", snippet(same("quokka", f).get(1)));
    }

    @Test
    void whileAWriterAppends_everySearchSeesAPrefixOfItsEvents() throws Exception {
        TraceStore store = new TraceStore(tmp.resolve("t"), TraceDirRegistry.NONE);
        store.create(SessionMeta.start("s1", T0, "a", ""), Redactor.disabled());
        Path f = store.eventsFile("s1");
        int total = 2000;
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try (SessionWriter w = store.writer("s1", Redactor.disabled())) {
                for (int i = 1; i <= total; i++) {
                    // Odd events hold the word; every 7th is long, so some appends are torn for a reader.
                    String pad = i % 7 == 0 ? "p\u00e9 ".repeat(3000) : "";
                    w.append(TraceEvent.of(EventType.TOOL_RESULT, T0 + i, "e" + i, "s1", null, null,
                            map("result", pad + (i % 2 == 1 ? "quokka " : "none ") + i)));
                }
            } catch (Throwable t) {
                failed.set(t);
            }
        }, "appender");
        writer.start();
        int searches = 0;
        while (writer.isAlive() || searches == 0) {
            List<Search.Hit> hits = inPlace("quokka", f);
            for (int k = 0; k < hits.size(); k++) {
                Search.Hit h = hits.get(k);
                long n = 2L * k + 1;
                assertEquals(n, h.number(), "hit " + k + " of search " + searches);
                assertTrue(h.snippet().endsWith("quokka " + n), h.snippet());
            }
            searches++;
        }
        writer.join();
        assertEquals(null, failed.get());
        assertEquals((total + 1) / 2, same("quokka", f).size());
    }

    @Test
    void theReader_answersForTheCommonShapeAndOnlyForIt() {
        EventLine r = new EventLine(new String[] {"quokka"});
        for (String ok : List.of(
                event("tool_call", map("tool_name", "Bash", "arguments", map("command", "ls quokka")), true),
                event("user_prompt", map("prompt", "r\u00e9sum\u00e9 \ud83d\ude00 \"q\""), false),
                "{\"event_type\":\"x\",\"timestamp\":-1.5e-3}")) {
            byte[] b = ok.getBytes(StandardCharsets.UTF_8);
            assertTrue(r.read(b, 0, b.length), ok);
        }
        for (String unsure : List.of("{\"event_type\":\"x\",\"timestamp\":1,\"a\":1,\"a\":2}",
                "{\"event_type\":\"x\",\"timestamp\":1,\"\\u0061\":1}", "{\"event_type\":\"x\"}",
                "{\"timestamp\":1}", "{\"event_type\":\"x\",\"timestamp\":1", "[]", "",
                "{\"event_type\":\"x\",\"timestamp\":1,\"data\":" + "[".repeat(EventLine.MAX_DEPTH) + "]".repeat(EventLine.MAX_DEPTH) + "}")) {
            byte[] b = unsure.getBytes(StandardCharsets.UTF_8);
            assertFalse(r.read(b, 0, b.length), unsure);
        }
        StringBuilder many = new StringBuilder("{\"event_type\":\"x\",\"timestamp\":1,\"data\":{");
        for (int i = 0; i <= EventLine.MAX_KEYS; i++) {
            many.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":1");
        }
        byte[] b = many.append("}}").toString().getBytes(StandardCharsets.UTF_8);
        assertFalse(r.read(b, 0, b.length), "more keys than are compared");
    }

}
