package io.github.agentstrace.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.store.TraceStore;
import io.github.agentstrace.testsupport.TestJar;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real jar, one process per hook, fed each agent's payloads ({@code hook --agent <agent> <event>}): the
 * tool calls of a session start all at once, then all their results, and nothing is lost or mispaired.
 */
class AgentHooksIT {
    @TempDir
    Path dir;

    private Process start(Path payload, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(TestJar.java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-jar", TestJar.path().toString(), "hook"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectInput(payload.toFile());
        pb.environment().put("AGENT_TRACE_DIR", dir.resolve("traces").toString());
        pb.environment().remove("CLAUDE_PROJECT_DIR");
        return pb.start();
    }

    /** Waits for every process; each must exit 0 and print nothing. */
    private static void finish(List<Process> processes) throws Exception {
        for (Process p : processes) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            p.getInputStream().transferTo(out);
            p.getErrorStream().transferTo(err);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "hook did not finish");
            assertEquals(0, p.exitValue());
            assertEquals("", out.toString(StandardCharsets.UTF_8), "stdout must stay empty");
            assertEquals("", err.toString(StandardCharsets.UTF_8), "stderr must stay empty");
        }
    }

    private static boolean isCall(String event) {
        return event.equals("PreToolUse") || event.equals("BeforeTool") || event.equals("preToolUse")
                || event.equals("beforeShellExecution");
    }

    private static boolean isResult(String event) {
        return event.equals("PostToolUse") || event.equals("AfterTool") || event.startsWith("postToolUse")
                || event.equals("afterShellExecution");
    }

    @ParameterizedTest
    @CsvSource({
        "codex,   codex,                   019a6c1e-7d3f-7b, codex,       3",
        "gemini,  gemini,                  5c0b6f0e-2d7a-4f, gemini,      3",
        "copilot, copilot,                 b7e2c4a1-9f3d-4e, copilot,     3",
        "cursor,  cursor,                  3f9e1b2c-6d4a-4c, cursor,      3",
        "'',      copilot-claude-settings, c8f3d5b2-0a4e-4f, copilot,     2"})
    void hook_parallelCallsThenParallelResults_loseNothingAndPairEachResultWithItsCall(String agent, String folder,
            String sid, String agentName, int pairs) throws Exception {
        List<Path> before = new ArrayList<>();
        List<Path> calls = new ArrayList<>();
        List<Path> results = new ArrayList<>();
        List<Path> after = new ArrayList<>();
        for (Path f : AgentHooksTest.files(folder)) {
            String e = AgentHooksTest.eventOf(f);
            (isCall(e) ? calls : isResult(e) ? results : calls.isEmpty() ? before : after).add(f);
        }
        for (Path f : before) {
            finish(List.of(run(agent, f)));
        }
        List<Process> running = new ArrayList<>();
        for (Path f : calls) {
            running.add(run(agent, f));
        }
        finish(running);
        running.clear();
        for (Path f : results) {
            running.add(run(agent, f));
        }
        finish(running);
        for (Path f : after) {
            finish(List.of(run(agent, f)));
        }

        Path traces = dir.resolve("traces");
        assertTrue(!Files.exists(traces.resolve("hook-errors.log")), () -> read(traces.resolve("hook-errors.log")));
        TraceStore store = new TraceStore(traces);
        SessionMeta meta = store.readMeta(sid);
        assertEquals(agentName, meta.agentName());
        assertEquals(pairs, meta.toolCalls());
        List<TraceEvent> events = Fixtures.events(store, sid);
        Map<String, TraceEvent> open = new HashMap<>();
        for (TraceEvent e : events) {
            if (e.type().equals("tool_call")) {
                open.put(e.eventId(), e);
            }
        }
        assertEquals(pairs, open.size());
        int paired = 0;
        for (TraceEvent e : events) {
            if ((e.type().equals("tool_result") || e.type().equals("error")) && e.data().containsKey("tool_name")) {
                TraceEvent call = open.remove(e.parentId());
                assertNotNull(call, "result without its call: " + e.data());
                String command = Json.asString(Json.asObject(call.data().get("arguments")).get("command"));
                if (command != null) {
                    // the result belongs to this command: failures to make, listings to ls, reads to cat
                    String text = String.valueOf(e.type().equals("error") ? e.data().get("error") : e.data().get("result"));
                    assertEquals(command.startsWith("make"), e.type().equals("error") || text.contains("make"), text);
                    if (command.equals("ls")) {
                        assertTrue(text.contains("notes.md"), text);
                    }
                }
                paired++;
            }
        }
        assertEquals(pairs, paired);
        assertTrue(open.isEmpty());
    }

    private Process run(String agent, Path payload) throws IOException {
        String event = AgentHooksTest.eventOf(payload);
        return agent.isEmpty() ? start(payload, event) : start(payload, "--agent", agent, event);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
