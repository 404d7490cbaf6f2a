package io.github.agentstrace.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.redact.Redactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Session ids, resolution, permissions, tolerant reading and torn-line repair. */
class TraceStoreTest {
    @TempDir
    Path tmp;

    private final List<String> warnings = new ArrayList<>();

    private TraceStore store() {
        return new TraceStore(tmp.resolve("traces"));
    }

    private static TraceEvent event(EventType type, double ts, String marker) {
        return TraceEvent.of(type, ts, null, null, null, null, Map.of("marker", marker));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "..", ".", "/abs", "a/b", "a\\b", "", "a b", "a.b", "é", "a\u0000b", "x\n"})
    void sessionIds_rejectsPathsAndOddCharacters(String id) {
        assertFalse(SessionIds.isValid(id));
        StoreException e = assertThrows(StoreException.class, () -> SessionIds.requireValid(id));
        assertTrue(e.getMessage().startsWith("invalid session id '"), e.getMessage());
        assertTrue(e.getMessage().endsWith("ids are 1-128 characters of A-Z a-z 0-9 _ -"), e.getMessage());
        assertFalse(e.getMessage().contains("\u0000") || e.getMessage().contains("\n"), "control chars echoed");
        assertThrows(StoreException.class, () -> store().sessionDir(id));
        assertThrows(StoreException.class, () -> store().resolve(id, warnings::add));
    }

    @Test
    void sessionIds_lengthBoundIs128() {
        assertTrue(SessionIds.isValid("a".repeat(128)));
        assertFalse(SessionIds.isValid("a".repeat(129)));
        assertFalse(SessionIds.isValid(null));
        assertTrue(SessionIds.isValid("3b9e1f4a-6c2d-4f"));
    }

    @Test
    void traceDirs_flagThenEnvThenDefault() {
        Path cwd = Path.of("/work/project");
        assertEquals(Path.of("/work/project/.agent-traces"), TraceDirs.resolve(null, Map.of(), cwd));
        assertEquals(Path.of("/work/project/env"), TraceDirs.resolve(null, Map.of("AGENT_TRACE_DIR", "env"), cwd));
        assertEquals(Path.of("/flag"), TraceDirs.resolve("/flag", Map.of("AGENT_TRACE_DIR", "env"), cwd));
        assertEquals(Path.of("/work/project/.agent-traces"), TraceDirs.resolve("", Map.of("AGENT_TRACE_DIR", ""), cwd));
    }

    @Test
    void create_setsPrivatePermissions() throws IOException {
        assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"), "no POSIX permissions here");
        TraceStore store = store();
        store.create(SessionMeta.start("p1", 1.0, "", ""), Redactor.disabled());
        try (SessionWriter w = store.writer("p1", Redactor.disabled())) {
            w.append(event(EventType.TOOL_CALL, 2, "a"));
        }
        assertEquals("rwx------", mode(store.root()));
        assertEquals("rwx------", mode(store.sessionDir("p1")));
        assertEquals("rw-------", mode(store.sessionDir("p1").resolve("meta.json")));
        assertEquals("rw-------", mode(store.eventsFile("p1")));
        assertEquals("rw-------", mode(store.sessionDir("p1").resolve(".lock")));
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void create_isIdempotentAndKeepsExistingMeta() {
        TraceStore store = store();
        store.create(SessionMeta.start("c1", 1.0, "first", ""), Redactor.disabled());
        SessionMeta again = store.create(SessionMeta.start("c1", 2.0, "second", ""), Redactor.disabled());
        assertEquals("first", again.agentName());
        assertEquals("first", store.readMeta("c1").agentName());
    }

    @Test
    void writer_andReader_requireAnExistingSession() {
        StoreException w = assertThrows(StoreException.class, () -> store().writer("nope", Redactor.disabled()));
        assertEquals("Session not found: nope", w.getMessage());
        assertThrows(StoreException.class, () -> store().reader("nope", warnings::add));
        assertEquals("Session not found: nope", assertThrows(StoreException.class, () -> store().readMeta("nope")).getMessage());
    }

    @Test
    void reader_skipsATornLastLineWithOneWarningAndTheNextAppendRepairsIt() throws IOException {
        TraceStore store = store();
        store.create(SessionMeta.start("t1", 1.0, "", ""), Redactor.disabled());
        try (SessionWriter w = store.writer("t1", Redactor.disabled())) {
            w.append(event(EventType.TOOL_CALL, 2, "first"));
        }
        Files.writeString(store.eventsFile("t1"), "{\"event_type\":\"tool_result\",\"timest", StandardOpenOption.APPEND);

        assertEquals(List.of("first"), markers(store, "t1"));
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("events.ndjson line 2: skipped an invalid event"), warnings.get(0));

        try (SessionWriter w = store.writer("t1", Redactor.disabled())) {
            w.append(event(EventType.ERROR, 3, "after-crash"));
            w.append(event(EventType.TOOL_CALL, 4, "later"));
        }
        warnings.clear();
        assertEquals(List.of("first", "after-crash", "later"), markers(store, "t1"));
        assertEquals(1, warnings.size(), warnings.toString());
        String text = Files.readString(store.eventsFile("t1"));
        assertTrue(text.contains("\"timest\n{\"event_type\":\"error\""), "torn fragment not closed off: " + text);
        assertEquals(2, store.readMeta("t1").toolCalls());
        assertEquals(1, store.readMeta("t1").errors());
    }

    @Test
    void reader_skipsCorruptMiddleLinesAndBlankLinesAndKeepsGoing() throws IOException {
        TraceStore store = store();
        store.create(SessionMeta.start("m1", 1.0, "", ""), Redactor.disabled());
        String a = event(EventType.TOOL_CALL, 2, "a").toLine();
        String b = event(EventType.TOOL_RESULT, 3, "b").toLine();
        Files.write(store.eventsFile("m1"), (a + "\nnot json at all\n\n   \n{\"no_type\":1}\n[1,2]\n" + b + "\n")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("a", "b"), markers(store, "m1"));
        assertEquals(3, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("line 2:"), warnings.get(0));
        assertTrue(warnings.get(1).contains("line 5:"), warnings.get(1));
        assertTrue(warnings.get(2).contains("line 6:"), warnings.get(2));
    }

    @Test
    void reader_invalidUtf8BecomesReplacementCharactersNotAFailure() throws IOException {
        TraceStore store = store();
        store.create(SessionMeta.start("u1", 1.0, "", ""), Redactor.disabled());
        byte[] line = "{\"event_type\":\"error\",\"timestamp\":1.0,\"data\":{\"marker\":\"x\u00ffy\"}}\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        Files.write(store.eventsFile("u1"), line);
        assertEquals(List.of("x\uFFFDy"), markers(store, "u1"));
        assertTrue(warnings.isEmpty());
    }

    private List<String> markers(TraceStore store, String id) {
        List<String> out = new ArrayList<>();
        store.reader(id, warnings::add).forEach(e -> out.add(String.valueOf(e.data().get("marker"))));
        return out;
    }

    @Test
    void resolve_exactThenUniquePrefixThenAmbiguous() {
        TraceStore store = store();
        for (String id : List.of("abc", "abcd", "abd1", "xyz")) {
            store.create(SessionMeta.start(id, 1.0, "", ""), Redactor.disabled());
        }
        assertEquals("abc", store.resolve("abc", warnings::add)); // exact wins although also a prefix of abcd
        assertEquals("abcd", store.resolve("abcd", warnings::add));
        assertEquals("xyz", store.resolve("x", warnings::add));
        assertEquals("abd1", store.resolve("abd", warnings::add));
        StoreException amb = assertThrows(StoreException.class, () -> store.resolve("ab", warnings::add));
        assertEquals("ambiguous session prefix 'ab' matches 3 sessions: abc, abcd, abd1", amb.getMessage());
        StoreException missing = assertThrows(StoreException.class, () -> store.resolve("q", warnings::add));
        assertEquals("Session not found: q", missing.getMessage());
    }

    @Test
    void resolve_ambiguousPrefixListsAtMostTenCandidates() {
        TraceStore store = store();
        for (int i = 0; i < 12; i++) {
            store.create(SessionMeta.start(String.format("s%02d", i), i, "", ""), Redactor.disabled());
        }
        StoreException e = assertThrows(StoreException.class, () -> store.resolve("s", warnings::add));
        assertTrue(e.getMessage().startsWith("ambiguous session prefix 's' matches 12 sessions: s00, s01,"), e.getMessage());
        assertTrue(e.getMessage().endsWith("s09, ..."), e.getMessage());
    }

    @Test
    void resolve_latestIsTheMostRecentlyStartedNotTheLastName() {
        TraceStore store = store();
        store.create(SessionMeta.start("zzzz-old", 1000.0, "", ""), Redactor.disabled());
        store.create(SessionMeta.start("aaaa-new", 3000.0, "", ""), Redactor.disabled());
        store.create(SessionMeta.start("mmmm-mid", 2000.0, "", ""), Redactor.disabled());
        assertEquals("aaaa-new", store.resolve(null, warnings::add));
        assertEquals("aaaa-new", store.resolve("", warnings::add));
        assertEquals(List.of("aaaa-new", "mmmm-mid", "zzzz-old"),
                store.list(warnings::add).stream().map(SessionMeta::sessionId).toList());
    }

    @Test
    void resolve_latestAndPrefixesMeanTheTopLevelSessionNotItsSubagents() {
        TraceStore store = store();
        store.create(SessionMeta.start("parent1", 1000.0, "", ""), Redactor.disabled());
        store.create(SessionMeta.start("parent1-agent-a", 1001.0, "", "").withParent("parent1", "e1", 1),
                Redactor.disabled());
        store.create(SessionMeta.start("parent1-agent-b", 1002.0, "", "").withParent("parent1", "e2", 1),
                Redactor.disabled());
        assertEquals("parent1", store.resolve(null, warnings::add), "the subagents started later");
        assertEquals("parent1", store.resolve("par", warnings::add));
        assertEquals("parent1-agent-a", store.resolve("parent1-agent-a", warnings::add));
        StoreException amb = assertThrows(StoreException.class, () -> store.resolve("parent1-agent", warnings::add));
        assertTrue(amb.getMessage().startsWith("ambiguous session prefix"), amb.getMessage());
    }

    @Test
    void resolve_aSessionDirectoryWithoutMetaSaysWhatIsMissing() throws IOException {
        TraceStore store = store();
        store.create(SessionMeta.start("nometa-sibling", 5.0, "", ""), Redactor.disabled());
        Path dir = Files.createDirectories(store.root().resolve("nometa"));
        String expected = "session directory " + dir + " has no meta.json";
        assertEquals(expected, assertThrows(StoreException.class, () -> store.resolve("nometa", warnings::add)).getMessage(),
                "named exactly: not a prefix of nometa-sibling, not 'Session not found'");
        assertEquals(expected, assertThrows(StoreException.class, () -> store.readMeta("nometa")).getMessage());
        assertEquals(expected, assertThrows(StoreException.class, () -> store.reader("nometa", warnings::add)).getMessage());
        assertEquals("nometa-sibling", store.resolve("nometa-", warnings::add));
    }

    @Test
    void resolve_latestOnAnEmptyOrMissingStoreSaysNoSessions() {
        StoreException e = assertThrows(StoreException.class, () -> store().resolve(null, warnings::add));
        assertEquals("No sessions found in " + tmp.resolve("traces"), e.getMessage());
    }

    @Test
    void list_skipsBadDirectoriesWithAWarningAndNeverFails() throws IOException {
        TraceStore store = store();
        store.create(SessionMeta.start("good", 5.0, "", ""), Redactor.disabled());
        Files.createDirectories(store.root().resolve("no-meta"));
        Files.createDirectories(store.root().resolve("corrupt"));
        Files.writeString(store.root().resolve("corrupt/meta.json"), "{\"session_id\": \"corrupt\", \"started_");
        Files.createDirectories(store.root().resolve("copied"));
        Files.writeString(store.root().resolve("copied/meta.json"), "{\"session_id\": \"good\", \"started_at\": 9}");
        Files.createDirectories(store.root().resolve("bad.name"));
        Files.writeString(store.root().resolve("bad.name/meta.json"), "{\"session_id\": \"x\", \"started_at\": 9}");
        Files.writeString(store.root().resolve("stray-file"), "x");
        Files.createDirectories(store.root().resolve("meta-is-a-dir/meta.json"));
        assertEquals(List.of("good"), store.list(warnings::add).stream().map(SessionMeta::sessionId).toList());
        assertEquals(3, warnings.size(), warnings.toString());
        assertTrue(warnings.contains("skipped no-meta: session directory " + store.root().resolve("no-meta")
                + " has no meta.json"), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("skipped corrupt: corrupt ")), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.equals("skipped copied: its meta.json names session good")),
                warnings.toString());
    }

    @Test
    void list_ofThousandsOfSessionsListsEachOnceNewestFirstWithWarningsInTheDirectorysOrder() throws IOException {
        // Enough sessions to be read on several threads (when the machine has several cores): the result must
        // be the one a single reader gives, warnings included and in the order the directory lists them.
        TraceStore store = store();
        List<String> expectedIds = new ArrayList<>();
        for (int i = 0; i < 1600; i++) {
            String id = String.format("s%04d", i);
            if (i % 97 == 5) {
                Files.createDirectories(store.root().resolve(id)); // no meta.json
            } else if (i % 89 == 7) {
                Files.createDirectories(store.root().resolve(id));
                Files.writeString(store.root().resolve(id + "/meta.json"), "{\"session_id\": \"" + id + "\", \"st");
            } else {
                // Start times out of name order: the order comes from sorting, not from the reading.
                store.create(SessionMeta.start(id, (i * 7919) % 1600, "", ""), Redactor.disabled());
                expectedIds.add(id);
            }
        }
        List<String> expectedWarnings = new ArrayList<>();
        try (var entries = Files.newDirectoryStream(store.root())) {
            for (Path entry : entries) {
                String id = entry.getFileName().toString();
                int i = Integer.parseInt(id.substring(1));
                if (i % 97 == 5) {
                    expectedWarnings.add("skipped " + id + ": session directory " + entry + " has no meta.json");
                } else if (i % 89 == 7) {
                    expectedWarnings.add("skipped " + id + ": corrupt " + entry.resolve("meta.json"));
                }
            }
        }
        expectedIds.sort(java.util.Comparator.comparingInt((String id) -> (Integer.parseInt(id.substring(1)) * 7919) % 1600)
                .reversed());
        assertEquals(expectedIds, store.list(warnings::add).stream().map(SessionMeta::sessionId).toList());
        assertEquals(expectedWarnings.size(), warnings.size(), warnings.toString());
        for (int k = 0; k < warnings.size(); k++) {
            assertTrue(warnings.get(k).startsWith(expectedWarnings.get(k)), warnings.get(k) + " / " + expectedWarnings.get(k));
        }
    }

    @Test
    void list_ofAMissingDirectoryIsEmpty() {
        assertEquals(List.of(), store().list(warnings::add));
        assertFalse(Files.exists(tmp.resolve("traces")), "listing must not create the trace directory");
    }

    @Test
    void writer_closeIsIdempotentAndAppendAfterCloseFails() {
        TraceStore store = store();
        store.create(SessionMeta.start("w1", 1.0, "", ""), Redactor.disabled());
        SessionWriter w = store.writer("w1", Redactor.disabled());
        w.append(event(EventType.LLM_REQUEST, 2, "a"));
        w.close();
        w.close();
        assertEquals(1, store.readMeta("w1").llmRequests());
        assertThrows(IllegalStateException.class, () -> w.append(event(EventType.ERROR, 3, "b")));
    }

    @Test
    void writer_redactsBeforeAnythingTouchesDisk() throws IOException {
        TraceStore store = store();
        store.create(SessionMeta.start("r1", 1.0, "", ""), Redactor.standard());
        try (SessionWriter w = store.writer("r1", Redactor.standard())) {
            w.append(TraceEvent.of(EventType.TOOL_CALL, 2, null, null, null, null,
                    Map.of("auth", "Bearer abcdefghijklmnop1234")));
        }
        assertFalse(Files.readString(store.eventsFile("r1")).contains("abcdefghijklmnop1234"));
    }
}
