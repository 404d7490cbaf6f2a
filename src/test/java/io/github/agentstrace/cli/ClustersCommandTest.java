package io.github.agentstrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.replay.Golden;
import io.github.agentstrace.store.SessionWriter;
import io.github.agentstrace.store.TraceDirRegistry;
import io.github.agentstrace.store.TraceStore;
import io.github.agentstrace.term.Ansi;
import io.github.agentstrace.term.Line;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code clusters} on 69 generated sessions whose patterns are known: which clusters form, with and without
 * {@code --fuzzy}, their failure counts, failing prefixes and most failing calls, per phase, and the golden text.
 */
class ClustersCommandTest {
    private static final double T0 = 1_795_400_000.0;

    @TempDir
    Path tmp;
    CliHarness cli;
    private int sessions;

    /** One call of a generated session: its tool, arguments and whether it fails. */
    private record C(String tool, Map<String, Object> args, boolean fails) {
    }

    private static C call(String tool, Object... kv) {
        return new C(tool, map(kv), false);
    }

    private static C failing(String tool, Object... kv) {
        return new C(tool, map(kv), true);
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** Writes {@code count} sessions, each a prompt per phase followed by that phase's calls, one second apart. */
    private void sessions(TraceStore store, String pattern, int count, List<List<C>> phases) {
        for (int k = 0; k < count; k++) {
            String id = String.format("%s-%02d", pattern, k);
            double t = T0 + 1000.0 * sessions++;
            store.create(SessionMeta.start(id, t, "claude-code", "claude-code (startup)"), Redactor.disabled());
            try (SessionWriter w = store.writer(id, Redactor.disabled())) {
                int n = 0;
                w.append(TraceEvent.of(EventType.SESSION_START, t, id + "-s", id, null, null, map("mode", "claude-code-hooks")));
                for (List<C> phase : phases) {
                    w.append(TraceEvent.of(EventType.USER_PROMPT, t += 1, id + "-p" + n, id, null, null,
                            map("prompt", "work on " + pattern)));
                    for (C c : phase) {
                        String use = id + "-u" + (++n);
                        w.append(TraceEvent.of(EventType.TOOL_CALL, t += 1, use + "c", id, null, null,
                                map("tool_name", c.tool(), "arguments", c.args(), "tool_use_id", use)));
                        t += 1 + k % 3; // durations differ within a pattern
                        w.append(c.fails()
                                ? TraceEvent.of(EventType.ERROR, t, use + "e", id, null, 1000.0 * (1 + k % 3),
                                        map("tool_name", c.tool(), "error", c.tool() + " failed", "tool_use_id", use))
                                : TraceEvent.of(EventType.TOOL_RESULT, t, use + "r", id, null, 1000.0 * (1 + k % 3),
                                        map("tool_name", c.tool(), "result", "ok", "tool_use_id", use)));
                    }
                    w.append(TraceEvent.of(EventType.LLM_RESPONSE, t += 1, id + "-l" + n, id, null, null,
                            map("model", "claude-sonnet-4-5", "input_tokens", 1000, "output_tokens", 100 * phase.size())));
                }
                w.append(TraceEvent.of(EventType.SESSION_END, t + 1, id + "-x", id, null, null, map()));
            }
            store.updateMeta(id, m -> m.endedAt(T0));
        }
    }

    @BeforeEach
    void generate() {
        TraceStore store = new TraceStore(tmp.resolve("traces"), TraceDirRegistry.NONE);
        C read = call("Read", "file_path", "/src/app.py");
        C edit = call("Edit", "file_path", "/src/app.py", "old_string", "a", "new_string", "b");
        C pytestFails = failing("Bash", "command", "pytest -q");
        C pytestOk = call("Bash", "command", "pytest tests/");
        C issue = call("mcp__github__get_issue", "number", 7);
        C write = call("Write", "file_path", "/src/new.py", "content", "x");
        // A: reads, an edit, pytest fails (20); B: the same calls, pytest passes (15); A': pytest twice, the second fails (3)
        sessions(store, "a-fix-fail", 20, List.of(List.of(read, read, read, edit, pytestFails)));
        sessions(store, "b-fix-pass", 15, List.of(List.of(read, read, read, edit, pytestOk)));
        sessions(store, "a2-twice", 3, List.of(List.of(read, read, read, edit, pytestOk, pytestFails)));
        // C: npm test fails twice in a row (12)
        C npmFails = failing("Bash", "command", "cd web && npm test");
        sessions(store, "c-npm", 12, List.of(List.of(call("Grep", "pattern", "TODO"), read, edit, npmFails, npmFails)));
        // D: an issue, two reads, a write, then a second prompt that runs git (10); E1, E2: one token off D (4, 3),
        // two off each other
        C git = call("Bash", "command", "git status");
        sessions(store, "d-issue", 10, List.of(List.of(issue, read, read, write), List.of(git)));
        sessions(store, "e1-issue", 4, List.of(List.of(issue, read, read, read, write, git)));
        sessions(store, "e2-issue", 3, List.of(List.of(issue, read, read, write, git, git)));
        // F: pytest alone, through cd and an environment variable; one of two fails
        sessions(store, "f-alone", 1, List.of(List.of(call("Bash", "command", "cd app && FOO=1 pytest -q"))));
        sessions(store, "f-alone-x", 1, List.of(List.of(failing("Bash", "command", "FOO=1 pytest"))));
        cli = new CliHarness(tmp);
        cli.env.put("AGENT_TRACE_DIR", store.root().toString());
        cli.env.put("COLUMNS", "80");
    }

    private Map<String, Object> json(String... argv) {
        CliHarness.Result r = cli.run(argv);
        assertEquals(0, r.status(), r.toString());
        assertEquals("", r.err(), r.toString());
        return Json.asObject(Json.parse(r.out()));
    }

    /** Each cluster as "signature: count/failed". */
    private static List<String> summary(Map<String, Object> report) {
        List<String> out = new ArrayList<>();
        for (Object o : Json.asArray(report.get("clusters"))) {
            Map<String, Object> c = Json.asObject(o);
            out.add(String.join(" → ", Json.asArray(c.get("signature")).stream().map(Object::toString).toList())
                    + ": " + c.get("count") + "/" + c.get("failed"));
        }
        return out;
    }

    private static Map<String, Object> cluster(Map<String, Object> report, int i) {
        return Json.asObject(Json.asArray(report.get("clusters")).get(i));
    }

    @Test
    void identicalSignatures_formTheKnownClustersSortedByFailures() {
        Map<String, Object> r = json("clusters", "--json");
        assertEquals(69L, ((Number) r.get("items")).longValue());
        assertEquals(List.of(
                "Read×3 → Edit → Bash:pytest: 35/20",
                "Grep → Read → Edit → Bash:npm×2: 12/12",
                "Read×3 → Edit → Bash:pytest×2: 3/3",
                "Bash:pytest: 2/1",
                "github/get_issue → Read×2 → Write → Bash:git: 10/0",
                "github/get_issue → Read×3 → Write → Bash:git: 4/0",
                "github/get_issue → Read×2 → Write → Bash:git×2: 3/0"), summary(r));
        Map<String, Object> npm = cluster(r, 1);
        assertEquals(List.of(Map.of("call", "Bash:npm", "failures", 24L)), Json.asArray(npm.get("fails_most"))
                .stream().map(o -> Map.of("call", Json.asObject(o).get("call"), "failures",
                        ((Number) Json.asObject(o).get("failures")).longValue())).toList());
        assertEquals(List.of("Grep", "Read", "Edit", "Bash:npm×2"), npm.get("failing_prefix"));
        assertEquals(1.0, ((Number) npm.get("failure_rate")).doubleValue());
        assertEquals("c-npm-11", npm.get("sample"), "the newest failing member");
        Map<String, Object> pytest = cluster(r, 0);
        assertEquals(0.571, ((Number) pytest.get("failure_rate")).doubleValue());
        assertEquals("a-fix-fail-19", pytest.get("sample"));
        assertEquals(35, Json.asArray(pytest.get("members")).size());
        // Each session: its calls one to three seconds apart; the median of 35 is a middle one.
        assertTrue(((Number) pytest.get("median_duration_ms")).doubleValue() > 10_000, pytest.toString());
    }

    @Test
    void fuzzy_mergesSignaturesWithinKEditsOfTheFirst_withoutChaining() {
        Map<String, Object> r = json("clusters", "--json", "--fuzzy", "1");
        assertEquals(List.of(
                "Read×3 → Edit → Bash:pytest: 38/23",
                "Grep → Read → Edit → Bash:npm×2: 12/12",
                "Bash:pytest: 2/1",
                "github/get_issue → Read×2 → Write → Bash:git: 17/0"), summary(r));
        Map<String, Object> pytest = cluster(r, 0);
        assertEquals(2L, ((Number) pytest.get("signatures")).longValue());
        assertEquals(List.of("Read×3", "Edit"), pytest.get("failing_prefix"), "the failing members part at pytest");
        // Within two edits F's lone pytest joins the first cluster; C stays three away.
        assertEquals(List.of(
                "Read×3 → Edit → Bash:pytest: 40/24",
                "Grep → Read → Edit → Bash:npm×2: 12/12",
                "github/get_issue → Read×2 → Write → Bash:git: 17/0"), summary(json("clusters", "--json", "--fuzzy", "2")));
    }

    @Test
    void byPhase_clustersEachPromptsCalls() {
        Map<String, Object> r = json("clusters", "--json", "--by", "phase");
        assertEquals(79L, ((Number) r.get("items")).longValue(), "69 sessions, ten with a second phase");
        assertTrue(summary(r).contains("Bash:git: 10/0"), summary(r).toString());
        assertTrue(summary(r).contains("github/get_issue → Read×2 → Write: 10/0"), summary(r).toString());
        assertTrue(Json.asArray(cluster(r, 0).get("members")).get(0).toString().endsWith("#1"));
    }

    @Test
    void golden_textFitsTheWidth() {
        CliHarness.Result r = cli.run("clusters", "--fuzzy", "1");
        assertEquals(0, r.status(), r.toString());
        Golden.assertMatches("clusters-generated-fuzzy1-80cols.txt", r.out());
        Golden.assertMatches("clusters-generated-phase.json.txt", cli.run("clusters", "--by", "phase", "--json",
                "--limit", "4").out());
        cli.env.put("COLUMNS", "60");
        String narrow = cli.run("clusters", "--limit", "3").out();
        for (String line : narrow.split("\n")) {
            assertTrue(Line.width(Ansi.strip(line)) <= 60, "wider than 60: " + line);
        }
        Golden.assertMatches("clusters-generated-limit3-60cols.txt", narrow);
        Golden.assertMatches("clusters-generated-limit3-60cols.ansi.txt", cli.run("--color", "always", "clusters",
                "--limit", "3").out());
    }

    @Test
    void badInput_isAUsageErrorOfOneLine() {
        for (String[] argv : List.of(new String[] {"clusters", "--by", "day"}, new String[] {"clusters", "--fuzzy", "-1"},
                new String[] {"clusters", "--fuzzy", "x"}, new String[] {"clusters", "extra"},
                new String[] {"clusters", "--since", "soon"})) {
            CliHarness.Result r = cli.run(argv);
            assertEquals(2, r.status(), r.toString());
            assertEquals(1, r.err().lines().count(), r.toString());
            assertTrue(r.err().endsWith("; see 'agent-strace clusters --help'\n"), r.err());
        }
        assertEquals("agent-strace clusters: invalid --by 'day' (use session or phase); see 'agent-strace clusters"
                + " --help'\n", cli.run("clusters", "--by", "day").err());
    }
}
