package io.github.agentstrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.Ids;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.replay.TestSessions;
import io.github.agentstrace.store.TraceStore;
import io.github.agentstrace.transcript.TranscriptFixture;
import io.github.agentstrace.transcript.TranscriptImport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One session, one set of facts: {@code stats --json}, {@code cost --json}, {@code report --by session --json}
 * and the OTLP export's root spans show the same tool-call count, error count, tokens and cost, for every sample
 * session, every session the original wrote, and our own writer's sessions (with subagents).
 */
class ConsistencyTest {
    @TempDir
    Path tmp;

    /** The four facts, as one report states them. */
    record Facts(long toolCalls, long errors, long tokens, double costUsd) {
    }

    @Test
    void statsCostAndOtlpAgree_onEverySession() throws Exception {
        Path all = Files.createDirectories(tmp.resolve("all"));
        copyTree(ExplainWhyDiffTest.SAMPLES, all);
        CliHarness.copyFixtures(all);
        TestSessions.kitchenSink(all);
        TestSessions.subagents(all);
        // Exact usage of two models across a session and its subagent, from a Claude Code transcript.
        new TranscriptImport(new TraceStore(all), Redactor.standard(), Ids.secure(), w -> { })
                .importFile(TranscriptFixture.write(tmp.resolve("claude")));
        CliHarness cli = new CliHarness(tmp);
        cli.env.put("AGENT_TRACE_DIR", all.toString());
        List<String> checked = new ArrayList<>();
        Map<String, Facts> reportTrees = report(cli, false);
        Map<String, Facts> reportFlat = report(cli, true);
        for (Object s : Json.asArray(Json.parse(cli.run("list", "--json").out()))) {
            String id = (String) Json.asObject(s).get("session_id");
            Facts tree = stats(cli, id, true);
            assertEquals(tree, cost(cli, id), id + ": stats --include-subagents and cost");
            assertEquals(stats(cli, id, false), reportFlat.get(id), id + ": stats and report --by session --flat");
            if (reportTrees.containsKey(id)) {
                assertEquals(tree, reportTrees.get(id), id + ": stats --include-subagents and report --by session");
            }
            List<Facts> spans = otlpRoots(cli, id);
            assertEquals(tree, sum(spans), id + ": stats and the OTLP root spans of the tree");
            assertEquals(stats(cli, id, false), spans.get(0), id + ": stats and its own root span");
            checked.add(id);
        }
        assertTrue(checked.size() >= 10, "every session was checked: " + checked);
        assertTrue(checked.contains("9cc82d8d0a3ce14b"), checked.toString());
        assertTrue(reportTrees.containsKey("ec60f27c-f718-4d") && !reportTrees.containsKey("aa7ddf1d23bc5b3bb"),
                "a subagent counts with its parent: " + reportTrees.keySet());
        assertTrue(checked.contains(TranscriptFixture.SESSION), checked.toString());
        Facts imported = stats(cli, TranscriptFixture.SESSION, true);
        assertEquals(0.024480, imported.costUsd(), 1e-9, "three priced turns over two models and a subagent");
        Facts api = stats(cli, "9cc82d8d0a3ce14b", false);
        assertTrue(api.costUsd() > 0, "a Java API session names its model on the request: priced, " + api);
    }

    private static Facts stats(CliHarness cli, String id, boolean tree) {
        CliHarness.Result r = tree ? cli.run("stats", id, "--json", "--include-subagents") : cli.run("stats", id, "--json");
        assertEquals(0, r.status(), r.toString());
        Map<String, Object> t = Json.asObject(Json.asObject(Json.parse(r.out())).get("totals"));
        return new Facts(n(t, "tool_calls"), n(t, "errors"), n(t, "tokens"), d(t, "cost_usd"));
    }

    /** The rows of {@code report --by session --json}: each session with its subagents, or each alone. */
    private static Map<String, Facts> report(CliHarness cli, boolean flat) {
        CliHarness.Result r = flat ? cli.run("report", "--by", "session", "--json", "--flat")
                : cli.run("report", "--by", "session", "--json");
        assertEquals(0, r.status(), r.toString());
        Map<String, Facts> rows = new java.util.LinkedHashMap<>();
        for (Object row : Json.asArray(Json.asObject(Json.parse(r.out())).get("rows"))) {
            Map<String, Object> t = Json.asObject(row);
            rows.put((String) t.get("key"), new Facts(n(t, "tool_calls"), n(t, "errors"), n(t, "tokens"),
                    d(t, "cost_usd")));
        }
        return rows;
    }

    private static Facts cost(CliHarness cli, String id) {
        CliHarness.Result r = cli.run("cost", id, "--json");
        assertEquals(0, r.status(), r.toString());
        Map<String, Object> t = Json.asObject(Json.asObject(Json.parse(r.out())).get("total"));
        return new Facts(n(t, "tool_calls"), n(t, "errors"), n(t, "tokens"), d(t, "cost_usd"));
    }

    /** The invoke_agent spans of the session's tree, the session's own first. */
    private static List<Facts> otlpRoots(CliHarness cli, String id) {
        CliHarness.Result r = cli.run("export", id, "--format", "otlp");
        assertEquals(0, r.status(), r.toString());
        List<Facts> roots = new ArrayList<>();
        Facts own = null;
        for (Object rs : Json.asArray(Json.asObject(Json.parse(r.out())).get("resourceSpans"))) {
            for (Object ss : Json.asArray(Json.asObject(rs).get("scopeSpans"))) {
                for (Object sp : Json.asArray(Json.asObject(ss).get("spans"))) {
                    Map<String, Object> span = Json.asObject(sp);
                    if (!((String) span.get("name")).startsWith("invoke_agent")) {
                        continue;
                    }
                    Map<String, Object> a = new java.util.HashMap<>();
                    for (Object kv : Json.asArray(span.get("attributes"))) {
                        a.put((String) Json.asObject(kv).get("key"), Json.asObject(Json.asObject(kv).get("value")));
                    }
                    Facts f = new Facts(attr(a, "agent_strace.tool_calls"), attr(a, "agent_strace.errors"),
                            attr(a, "agent_strace.total_tokens"), ((Number) Json.asObject(a.get("agent_strace.cost_usd"))
                            .get("doubleValue")).doubleValue());
                    long tokens = attr(a, "gen_ai.usage.input_tokens") + attr(a, "gen_ai.usage.output_tokens");
                    assertEquals(f.tokens(), tokens, "input plus output tokens are all the tokens");
                    if (Json.asObject(a.get("agent_strace.session_id")).get("stringValue").equals(id)) {
                        own = f;
                    } else {
                        roots.add(f);
                    }
                }
            }
        }
        roots.add(0, own);
        return roots;
    }

    private static Facts sum(List<Facts> fs) {
        long calls = 0;
        long errors = 0;
        long tokens = 0;
        double cost = 0;
        for (Facts f : fs) {
            calls += f.toolCalls();
            errors += f.errors();
            tokens += f.tokens();
            cost += f.costUsd();
        }
        return new Facts(calls, errors, tokens, Math.round(cost * 1e6) / 1e6);
    }

    private static long attr(Map<String, Object> a, String key) {
        Object v = a.get(key);
        if (v == null) {
            return 0;
        }
        Object i = Json.asObject(v).get("intValue");
        return i instanceof String s ? Long.parseLong(s) : ((Number) i).longValue();
    }

    private static long n(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).longValue();
    }

    private static double d(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).doubleValue();
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
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
