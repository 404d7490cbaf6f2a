package io.github.agentstrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.cost.PriceTable;
import io.github.agentstrace.session.Call;
import io.github.agentstrace.session.Outcome;
import io.github.agentstrace.session.Reading;
import io.github.agentstrace.session.SessionListener;
import io.github.agentstrace.session.Step;
import io.github.agentstrace.store.TraceStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hook pre-tool --enforce}: the decision, the recorded denial, and failing open. */
class HookEnforcementTest {
    private static final String DENY_RM = "{\"commands\": {\"deny\": [\"rm -rf\"]}}";

    @TempDir
    Path dir;

    private static String pre(String command, String id) {
        return "{\"session_id\":\"enf-1\",\"hook_event_name\":\"PreToolUse\",\"tool_name\":\"Bash\","
                + "\"tool_input\":{\"command\":\"" + command + "\"},\"tool_use_id\":\"" + id + "\"}";
    }

    private CliHarness.Result hook(String stdin, String... args) {
        List<String> argv = new ArrayList<>(List.of("hook"));
        argv.addAll(List.of(args));
        return CliHarness.once(dir, Map.of("CLAUDE_PROJECT_DIR", dir.toString()), stdin.getBytes(StandardCharsets.UTF_8),
                argv.toArray(String[]::new));
    }

    private void policy(String name, String json) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, json);
    }

    private List<Map<String, Object>> events() throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve(".agent-traces/enf-1/events.ndjson"))) {
            out.add(Json.asObject(Json.parse(line.getBytes(StandardCharsets.UTF_8))));
        }
        return out;
    }

    private String errorLog() throws Exception {
        Path log = dir.resolve(".agent-traces/hook-errors.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Test
    void deniedCall_printsExactlyTheDecisionAndRecordsTheDenialAnsweringTheCall() throws Exception {
        policy(".agent-strace/policy.json", DENY_RM);
        CliHarness.Result r = hook(pre("rm -rf build", "toolu_a"), "pre-tool", "--enforce");
        assertEquals(0, r.status());
        assertEquals("", r.err());
        Map<String, Object> out = Json.asObject(Json.parse(r.out().getBytes(StandardCharsets.UTF_8)));
        assertTrue(r.out().endsWith("}\n") && r.out().indexOf('\n') == r.out().length() - 1, r.out());
        Map<String, Object> specific = Json.asObject(out.get("hookSpecificOutput"));
        assertEquals(List.of("hookSpecificOutput"), List.copyOf(out.keySet()));
        assertEquals("PreToolUse", specific.get("hookEventName"));
        assertEquals("deny", specific.get("permissionDecision"));
        String reason = (String) specific.get("permissionDecisionReason");
        assertTrue(reason.contains("commands.deny") && reason.contains(".agent-strace/policy.json"), reason);

        List<Map<String, Object>> events = events();
        Map<String, Object> call = events.get(events.size() - 2);
        Map<String, Object> error = events.get(events.size() - 1);
        assertEquals("tool_call", call.get("event_type"));
        assertEquals("error", error.get("event_type"));
        assertEquals(call.get("event_id"), error.get("parent_id"));
        Map<String, Object> data = Json.asObject(error.get("data"));
        assertEquals("policy", data.get("denied_by"));
        assertEquals("policy_denied", data.get("error_type"));
        assertEquals(reason, data.get("error"));
        assertEquals("toolu_a", data.get("tool_use_id"));
        assertEquals("commands.deny", Json.asObject(data.get("policy")).get("rule"));
        assertEquals("", errorLog());

        // The session model reads the call as answered by that error: it failed, nothing is pending.
        List<Call> calls = new ArrayList<>();
        Reading.of(new TraceStore(dir.resolve(".agent-traces")), PriceTable.load(null), w -> { })
                .read("enf-1", false, false, new SessionListener() {
                    @Override
                    public void step(Step step) {
                        if (step.call() != null) {
                            calls.add(step.call());
                        }
                    }
                });
        assertEquals(1, calls.size());
        assertEquals(Outcome.FAILED, calls.get(0).outcome(), "the denied call failed");
        assertEquals(reason, calls.get(0).error());
    }

    @Test
    void allowedCall_printsNothingAndIsRecordedAsAnOpenCall() throws Exception {
        policy(".agent-strace/policy.json", DENY_RM);
        CliHarness.Result r = hook(pre("ls -la", "toolu_b"), "pre-tool", "--enforce");
        assertEquals(0, r.status());
        assertEquals("", r.out() + r.err());
        List<Map<String, Object>> events = events();
        assertEquals("tool_call", events.get(events.size() - 1).get("event_type"));
        // Its result pairs with it as without --enforce.
        r = hook("{\"session_id\":\"enf-1\",\"hook_event_name\":\"PostToolUse\",\"tool_name\":\"Bash\","
                + "\"tool_input\":{\"command\":\"ls -la\"},\"tool_use_id\":\"toolu_b\",\"tool_response\":{\"stdout\":\"ok\"}}",
                "post-tool", "--enforce");
        assertEquals("", r.out() + r.err());
        events = events();
        assertEquals(events.get(events.size() - 2).get("event_id"), events.get(events.size() - 1).get("parent_id"));
    }

    @Test
    void withoutEnforce_thePolicyIsNotConsulted() throws Exception {
        policy(".agent-strace/policy.json", DENY_RM);
        CliHarness.Result r = hook(pre("rm -rf build", "toolu_c"), "pre-tool");
        assertEquals("", r.out() + r.err());
        assertTrue(events().stream().noneMatch(e -> "error".equals(e.get("event_type"))));
    }

    @Test
    void originalScopeFile_andPolicyFlag_areEnforced() throws Exception {
        policy(".agent-scope.json", "{\"commands\": {\"deny\": [\"curl\"]}}");
        assertTrue(hook(pre("curl https://x.example", "toolu_d"), "pre-tool", "--enforce").out()
                .contains("\"permissionDecision\":\"deny\""));
        policy("elsewhere/strict.json", "{\"commands\": {\"allow\": [\"git status\"]}}");
        CliHarness.Result r = hook(pre("ls", "toolu_e"), "pre-tool", "--enforce", "--policy", "elsewhere/strict.json");
        assertTrue(r.out().contains("commands.allow does not list"), r.out());
        assertTrue(r.out().contains("elsewhere/strict.json"), r.out());
    }

    @Test
    void invalidOrMissingPolicy_failsOpenAndSaysWhyInTheLog() throws Exception {
        policy(".agent-strace/policy.json", "{\"commands\": {\"deny\": \"rm\"}}");
        CliHarness.Result r = hook(pre("rm -rf build", "toolu_f"), "pre-tool", "--enforce");
        assertEquals(0, r.status());
        assertEquals("", r.out() + r.err());
        String log = errorLog();
        assertTrue(log.contains("pre-tool enforce: not checked, the call was allowed:"), log);
        assertTrue(log.contains("$.commands.deny must be a list of strings"), log);
        assertEquals("tool_call", events().get(events().size() - 1).get("event_type"), "the call is still recorded");

        r = hook(pre("rm -rf build", "toolu_g"), "pre-tool", "--enforce", "--policy", "no-such.json");
        assertEquals("", r.out() + r.err());
        assertTrue(errorLog().contains("no-such.json does not exist"), errorLog());
    }

    @Test
    void training_runsTheEnforcePathSilently_deniesAndRecords() throws Exception {
        Path traces = dir.resolve("training");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream ps = new java.io.PrintStream(out, true, StandardCharsets.UTF_8);
        HookEnforcement.train(traces, new Context(java.io.InputStream.nullInputStream(), ps, ps, Map.of(), dir,
                io.github.agentstrace.model.Clock.system(), null, io.github.agentstrace.term.ColorMode.NEVER, false));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        String events = Files.readString(traces.resolve("00000000-cds-enf/events.ndjson"));
        // rm -rf, the generated file, the gist and the MCP move are denied; git status with curl to github.com,
        // and the read in src, are not.
        assertEquals(4, events.split("\"denied_by\":\"policy\"", -1).length - 1, events);
        assertFalse(Files.exists(traces.resolve("hook-errors.log")), "the training path fails nowhere");
    }

    @Test
    void noPolicy_otherEventsAndBadInput_printNothing() throws Exception {
        assertEquals("", hook(pre("rm -rf build", "toolu_h"), "pre-tool", "--enforce").out());
        policy(".agent-strace/policy.json", DENY_RM);
        String post = "{\"session_id\":\"enf-1\",\"hook_event_name\":\"PostToolUse\",\"tool_name\":\"Bash\","
                + "\"tool_input\":{\"command\":\"rm -rf build\"},\"tool_use_id\":\"toolu_h\",\"tool_response\":{}}";
        assertEquals("", hook(post, "post-tool", "--enforce").out(), "only a call about to be made is denied");
        for (String bad : new String[] {"", "{nope", "[]", "{\"hook_event_name\":\"PreToolUse\",\"tool_name\":\"Bash\","
                + "\"tool_input\":\"rm -rf /\"}"}) {
            CliHarness.Result r = hook(bad, "pre-tool", "--enforce");
            assertEquals(0, r.status());
            assertEquals("", r.out() + r.err(), bad);
        }
    }
}
