package io.github.agentstrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {
    @TempDir
    Path tmp;
    CliHarness cli;
    Path traces;

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliHarness(tmp);
        traces = CliHarness.copyFixtures(tmp.resolve("traces"));
        cli.env.put("AGENT_TRACE_DIR", traces.toString());
    }

    private Map<String, Object> expected(String id) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("session", Json.parse(Files.readString(traces.resolve(id + "/meta.json"))));
        List<Object> events = new ArrayList<>();
        for (String line : Files.readAllLines(traces.resolve(id + "/events.ndjson"), StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                events.add(Json.parse(line));
            }
        }
        m.put("events", events);
        return m;
    }

    @Test
    void inspect_isValidJsonEqualToMetaPlusEvents() throws IOException {
        for (String id : List.of("a0e78b1d5c424034", "a9fa908b3ec146e3", "3b9e1f4a-6c2d-4f")) {
            CliHarness.Result r = cli.run("inspect", id);
            assertEquals(0, r.status(), r.toString());
            assertEquals("", r.err());
            assertEquals(expected(id), Json.parse(r.out()));
            assertTrue(r.out().startsWith("{\n  \"session\": {\n    \"session_id\": \"" + id + "\",\n"), r.out());
            assertTrue(r.out().endsWith("\n  ]\n}\n"));
        }
    }

    @Test
    void inspect_isByteIdenticalToPythonsIndent2Dump() throws IOException {
        // Streaming writes the same text as writing the whole document at once.
        CliHarness.Result r = cli.run("inspect", "a9fa");
        assertEquals(Json.write(expected("a9fa908b3ec146e3"), Json.Style.PRETTY_ASCII) + "\n", r.out());
    }

    @Test
    void inspect_escapesNonAsciiLikeTheOriginal() throws IOException {
        Files.writeString(traces.resolve("a9fa908b3ec146e3/events.ndjson"),
                "{\"event_type\":\"user_prompt\",\"timestamp\":1.5,\"data\":{\"prompt\":\"caf\\u00e9 \\ud83d\\ude00\"}}\n");
        CliHarness.Result r = cli.run("inspect", "a9fa908b3ec146e3");
        assertEquals(0, r.status());
        assertEquals(true, r.out().contains("\"prompt\": \"caf\\u00e9 \\ud83d\\ude00\""), r.out());
    }

    @Test
    void inspect_withoutAnIdIsTheMostRecentlyStarted() throws IOException {
        assertEquals(expected("a0e78b1d5c424034"), Json.parse(cli.run("inspect").out()));
        assertEquals(expected("3b9e1f4a-6c2d-4f"), Json.parse(cli.run("inspect", "3b").out()));
    }

    @Test
    void inspect_emptySessionHasAnEmptyEventsArray() throws IOException {
        Files.write(traces.resolve("a9fa908b3ec146e3/events.ndjson"), new byte[0]);
        CliHarness.Result r = cli.run("inspect", "a9fa908b3ec146e3");
        assertEquals(0, r.status());
        assertEquals(List.of(), Json.asObject(Json.parse(r.out())).get("events"));
    }

    @Test
    void inspect_missingEventsFileIsAnEmptySession() throws IOException {
        Files.delete(traces.resolve("a9fa908b3ec146e3/events.ndjson"));
        CliHarness.Result r = cli.run("inspect", "a9fa908b3ec146e3");
        assertEquals(0, r.status(), r.toString());
        assertEquals(List.of(), Json.asObject(Json.parse(r.out())).get("events"));
    }

    @Test
    void inspect_skipsBadLinesWithAWarningOnStderr() throws IOException {
        Files.writeString(traces.resolve("a9fa908b3ec146e3/events.ndjson"), "{\"event_type\":\"tool_c",
                StandardOpenOption.APPEND);
        CliHarness.Result r = cli.run("inspect", "a9fa908b3ec146e3");
        assertEquals(0, r.status());
        assertEquals(21, Json.asArray(Json.asObject(Json.parse(r.out())).get("events")).size());
        assertTrue(r.err().startsWith("agent-strace inspect: "), r.err());
        assertTrue(r.err().contains("events.ndjson line 22: skipped an invalid event"), r.err());
        assertEquals(1, r.err().lines().count());
    }

    @Test
    void inspect_dataErrorsExit1WithOneLine() {
        assertData("agent-strace inspect: Session not found: nosuch", "inspect", "nosuch");
        assertData("agent-strace inspect: ambiguous session prefix 'a' matches 2 sessions: a0e78b1d5c424034, "
                + "a9fa908b3ec146e3", "inspect", "a");
        assertData("agent-strace inspect: invalid session id '../x': ids are 1-128 characters of A-Z a-z 0-9 _ -",
                "inspect", "../x");
        assertData("agent-strace inspect: invalid session id '/etc': ids are 1-128 characters of A-Z a-z 0-9 _ -",
                "inspect", "/etc");
        assertData("agent-strace inspect: No sessions found in " + tmp.resolve("none"), "--trace-dir", "none", "inspect");
    }

    private void assertData(String message, String... argv) {
        CliHarness.Result r = cli.run(argv);
        assertEquals(1, r.status(), r.toString());
        assertEquals(message + "\n", r.err());
        assertEquals("", r.out());
    }
}
