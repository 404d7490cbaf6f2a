package io.github.agentstrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.testsupport.TestJar;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hook pre-tool --enforce} as Claude Code runs it: a real JVM per hook, from the jar (both {@code -jar}
 * and the launcher's {@code -cp jar io.github.agentstrace.cli.HookCommand}), stdin closed after the payload.
 */
class HookEnforceIT {
    private static final String JAR = TestJar.path().toString();
    private static final String DENIED = "{\"session_id\":\"it-enf\",\"hook_event_name\":\"PreToolUse\",\"tool_name\":\"Bash\","
            + "\"tool_input\":{\"command\":\"git push --force origin main\"},\"tool_use_id\":\"toolu_1\"}";
    private static final String ALLOWED = DENIED.replace("git push --force origin main", "git status")
            .replace("toolu_1", "toolu_2");

    @TempDir
    Path dir;

    record Result(int status, String out, String err) {
    }

    private Result run(List<String> jvm, String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(TestJar.java(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        cmd.addAll(jvm);
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().remove("AGENT_TRACE_DIR");
        pb.environment().put("CLAUDE_PROJECT_DIR", dir.toString());
        // 32 JVMs at once on a loaded 2-core machine: the watchdog must not stop a hook that is only slow.
        pb.environment().put("AGENT_STRACE_HOOK_TIMEOUT_MS", "120000");
        Process p = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread o = pump(p.getInputStream(), out);
        Thread e = pump(p.getErrorStream(), err);
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "hook did not finish");
        o.join();
        e.join();
        return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Thread pump(InputStream in, OutputStream out) {
        Thread t = new Thread(() -> {
            try (in) {
                in.transferTo(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        t.start();
        return t;
    }

    private Result jar(String stdin, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("hook"));
        all.addAll(Arrays.asList(args));
        return run(List.of("-jar", JAR), stdin, all.toArray(String[]::new));
    }

    private void policy() throws IOException {
        Files.createDirectories(dir.resolve(".agent-strace"));
        Files.writeString(dir.resolve(".agent-strace/policy.json"), "{\"commands\": {\"deny\": [\"git push --force\"]}}");
    }

    @Test
    void deniedCall_stdoutIsExactlyTheDecision_exit0_andTheDenialIsRecorded() throws Exception {
        policy();
        Result r = jar(DENIED, "pre-tool", "--enforce");
        assertEquals(0, r.status());
        assertEquals("", r.err());
        assertEquals("{\"hookSpecificOutput\":{\"hookEventName\":\"PreToolUse\",\"permissionDecision\":\"deny\","
                + "\"permissionDecisionReason\":\"agent-strace policy (.agent-strace/policy.json) denies this call: it runs \\\"git push --force origin main\\\", which commands.deny lists"
                + " (\\\"git push --force\\\").\"}}\n", r.out());
        List<String> lines = Files.readAllLines(dir.resolve(".agent-traces/it-enf/events.ndjson"));
        Map<String, Object> error = Json.asObject(Json.parse(lines.get(lines.size() - 1).getBytes(StandardCharsets.UTF_8)));
        assertEquals("error", error.get("event_type"));
        assertEquals("policy", Json.asObject(error.get("data")).get("denied_by"));
        assertFalse(Files.exists(dir.resolve(".agent-traces/hook-errors.log")));
    }

    @Test
    void launcherEntryClass_allowsSilently_andLoadsNoGuardClassWithoutEnforce() throws Exception {
        policy();
        Path loaded = dir.resolve("classes.log");
        Result r = run(List.of("-Xlog:class+load=info:file=" + loaded, "-cp", JAR), DENIED,
                "io.github.agentstrace.cli.HookCommand", "pre-tool");
        assertEquals(0, r.status());
        assertEquals("", r.out() + r.err(), "without --enforce the hook only records");
        assertFalse(Files.readString(loaded).contains("io.github.agentstrace.guard."),
                "a recording hook loads no guard class");

        r = run(List.of("-Xlog:class+load=info:file=" + loaded, "-cp", JAR), ALLOWED,
                "io.github.agentstrace.cli.HookCommand", "pre-tool", "--enforce");
        assertEquals(0, r.status());
        assertEquals("", r.out() + r.err(), "an allowed call gets no output at all");
        assertTrue(Files.readString(loaded).contains("io.github.agentstrace.guard.PolicyCheck"));

        r = run(List.of("-cp", JAR), DENIED.replace("toolu_1", "toolu_3"), "io.github.agentstrace.cli.HookCommand",
                "pre-tool", "--enforce");
        assertTrue(r.out().startsWith("{\"hookSpecificOutput\":{\"hookEventName\":\"PreToolUse\",\"permissionDecision\":\"deny\""),
                r.out());
    }

    @Test
    void brokenPolicy_failsOpen() throws Exception {
        Files.createDirectories(dir.resolve(".agent-strace"));
        Files.writeString(dir.resolve(".agent-strace/policy.json"), "{\"commands\": ");
        Result r = jar(DENIED, "pre-tool", "--enforce");
        assertEquals(0, r.status());
        assertEquals("", r.out() + r.err());
        assertTrue(Files.readString(dir.resolve(".agent-traces/hook-errors.log")).contains("is not valid JSON"));
    }

    @Test
    void thirtyTwoConcurrentHookProcesses_leaveAChainThatVerifies() throws Exception {
        String start = "{\"session_id\":\"it-chain\",\"hook_event_name\":\"SessionStart\",\"source\":\"startup\"}";
        assertEquals(0, jar(start, "session-start").status());
        List<Thread> threads = new ArrayList<>();
        List<Result> results = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 32; i++) {
            String pre = "{\"session_id\":\"it-chain\",\"hook_event_name\":\"PreToolUse\",\"tool_name\":\"Bash\","
                    + "\"tool_input\":{\"command\":\"echo " + i + "\"},\"tool_use_id\":\"toolu_c" + i + "\"}";
            Thread t = new Thread(() -> {
                try {
                    results.add(jar(pre, "pre-tool"));
                } catch (Exception e) {
                    results.add(new Result(-1, "", e.toString()));
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        for (Result r : results) {
            assertEquals(0, r.status(), r.err());
        }
        Path log = dir.resolve(".agent-traces/hook-errors.log");
        assertEquals(33, Files.readAllLines(dir.resolve(".agent-traces/it-chain/events.ndjson")).size(),
                Files.exists(log) ? Files.readString(log) : "no hook-errors.log");
        Result v = run(List.of("-jar", JAR), "", "verify", "it-chain");
        assertEquals(0, v.status(), v.out() + v.err());
        assertEquals("it-chain  intact, 33 lines\n", v.out());
    }
}
