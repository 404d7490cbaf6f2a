package io.github.agentstrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.store.EventChain;
import io.github.agentstrace.store.SessionWriter;
import io.github.agentstrace.store.TraceStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verify}: each kind of tampering with a session recorded by the real hook, and what is not tampering. */
class VerifyCommandTest {
    private static final String SID = "chain-1";

    @TempDir
    Path dir;
    private Path events;

    private CliHarness.Result cli(String stdin, String... argv) {
        return CliHarness.once(dir, Map.of("CLAUDE_PROJECT_DIR", dir.toString()), stdin.getBytes(StandardCharsets.UTF_8), argv);
    }

    @BeforeEach
    void session() {
        cli("{\"session_id\":\"" + SID + "\",\"hook_event_name\":\"SessionStart\",\"source\":\"startup\"}", "hook",
                "session-start");
        for (int i = 1; i <= 3; i++) {
            String base = "{\"session_id\":\"" + SID + "\",\"tool_name\":\"Bash\",\"tool_input\":{\"command\":\"echo "
                    + i + "\"},\"tool_use_id\":\"t" + i + "\"";
            cli(base + ",\"hook_event_name\":\"PreToolUse\"}", "hook", "pre-tool");
            cli(base + ",\"hook_event_name\":\"PostToolUse\",\"tool_response\":{\"stdout\":\"" + i + "\"}}", "hook",
                    "post-tool");
        }
        events = dir.resolve(".agent-traces/" + SID + "/events.ndjson");
    }

    private List<String> lines() throws Exception {
        return new ArrayList<>(Files.readAllLines(events));
    }

    private void write(List<String> lines) throws Exception {
        Files.writeString(events, String.join("\n", lines) + "\n");
    }

    private CliHarness.Result verify(String... args) {
        List<String> argv = new ArrayList<>(List.of("verify"));
        argv.addAll(List.of(args));
        return cli("", argv.toArray(String[]::new));
    }

    private void assertBrokenAt(int line, String words) {
        CliHarness.Result r = verify(SID);
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.out().startsWith(SID + "  broken at line " + line + " (event #" + line + "): "), r.out());
        assertTrue(r.out().contains(words), r.out());
    }

    @Test
    void intact_whenNothingChanged() throws Exception {
        int n = lines().size();
        assertEquals(7, n);
        CliHarness.Result r = verify(SID);
        assertEquals(0, r.status(), r.out() + r.err());
        assertEquals(SID + "  intact, 7 lines\n", r.out());
        assertEquals(7L * EventChain.ENTRY, Files.size(events.resolveSibling(EventChain.FILE)));
    }

    @Test
    void altered_aLineEditedInPlace() throws Exception {
        List<String> l = lines();
        String edited = l.get(1).replace("echo 1", "echo 9");
        assertEquals(l.get(1).length(), edited.length());
        assertTrue(!edited.equals(l.get(1)));
        l.set(1, edited);
        write(l);
        assertBrokenAt(2, "does not match its link");
    }

    @Test
    void deleted_insertedAndReordered() throws Exception {
        List<String> original = lines();
        List<String> l = new ArrayList<>(original);
        l.remove(3);
        write(l);
        assertBrokenAt(4, "");

        l = new ArrayList<>(original);
        l.add(2, original.get(5));
        write(l);
        assertBrokenAt(3, "");

        l = new ArrayList<>(original);
        l.set(3, original.get(4));
        l.set(4, original.get(3));
        write(l);
        assertBrokenAt(4, "");
    }

    @Test
    void truncatedOrAppendedOutsideTheRecorder() throws Exception {
        List<String> original = lines();
        write(original.subList(0, 5));
        assertBrokenAt(6, "truncated");

        List<String> l = new ArrayList<>(original);
        l.add(original.get(6));
        write(l);
        assertBrokenAt(8, "has no link");
    }

    @Test
    void aTornLastLineIsACrash_andTheNextAppendRepairsAndChains() throws Exception {
        Files.writeString(events, "{\"event_type\":\"tool_ca", StandardOpenOption.APPEND);
        CliHarness.Result r = verify(SID);
        assertEquals(0, r.status(), r.out());
        assertTrue(r.out().contains("intact, 7 lines; the last line is torn"), r.out());
        // The next writer ends the fragment with a newline and links its own lines (one at a time, and a batch).
        TraceStore store = new TraceStore(dir.resolve(".agent-traces"));
        try (SessionWriter w = store.writer(SID, Redactor.standard())) {
            w.append(TraceEvent.of(EventType.USER_PROMPT, 1.8e9, "aaaaaaaaaaaa", SID, null, null, Map.of("prompt", "p")));
            w.appendAll(List.of(
                    TraceEvent.of(EventType.USER_PROMPT, 1.8e9, "bbbbbbbbbbbb", SID, null, null, Map.of("prompt", "q")),
                    TraceEvent.of(EventType.USER_PROMPT, 1.8e9, "cccccccccccc", SID, null, null, Map.of("prompt", "r"))));
        }
        r = verify(SID);
        assertEquals(0, r.status(), r.out());
        assertEquals(SID + "  intact, 11 lines\n", r.out());
    }

    @Test
    void unchainedSessionsAreNotFailures_butABrokenOneFailsAll() throws Exception {
        TraceStore store = new TraceStore(dir.resolve(".agent-traces"));
        store.create(SessionMeta.start("old-1", 1.7e9, "original", "x"), Redactor.standard());
        Files.writeString(store.eventsFile("old-1"), "{\"event_type\":\"session_start\",\"timestamp\":1.7e9,\"data\":{}}\n");
        // A writer opening a session recorded without a chain leaves it unchained.
        try (SessionWriter w = store.writer("old-1", Redactor.standard())) {
            w.append(TraceEvent.of(EventType.USER_PROMPT, 1.7e9, "dddddddddddd", "old-1", null, null, Map.of("prompt", "p")));
        }
        assertTrue(verify("old-1").out().startsWith("old-1  unchained"));
        assertEquals(0, verify("--all").status());
        List<String> l = lines();
        l.set(1, l.get(1) + " ");
        write(l);
        CliHarness.Result r = verify("--all");
        assertEquals(1, r.status());
        assertTrue(r.out().endsWith("2 sessions, 1 broken\n"), r.out());
    }
}
