package io.github.agentstrace.hook;

import io.github.agentstrace.model.Clock;
import io.github.agentstrace.model.Ids;
import io.github.agentstrace.redact.Redactor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/**
 * A small made-up session recorded in one JVM, so the launcher can build a class-data archive (AppCDS /
 * AOT cache) that holds every class a real hook loads. Run by {@code bin/agent-strace} in the background,
 * into a temporary trace directory it deletes afterwards; never by users.
 */
public final class HookTraining {
    /** The hidden event name that runs the training session instead of recording stdin. */
    public static final String EVENT = "cds-training";

    private static final String S = "\"session_id\":\"00000000-cds-training-0000\",\"cwd\":\"/tmp\","
            + "\"transcript_path\":\"/tmp/t.jsonl\",\"prompt_id\":\"p\",";

    private HookTraining() {
    }

    /** The few files git's own reader looks at: HEAD, a branch, a remote. */
    private static Path fakeRepository(Path traceDir) throws IOException {
        Path git = java.nio.file.Files.createDirectories(traceDir.resolve("cds-training-repo/.git/refs/heads"))
                .getParent().getParent();
        java.nio.file.Files.writeString(git.resolve("HEAD"), "ref: refs/heads/main\n");
        java.nio.file.Files.writeString(git.resolve("refs/heads/main"), "0123456789abcdef0123456789abcdef01234567\n");
        java.nio.file.Files.writeString(git.resolve("config"), "[remote \"origin\"]\n\turl = https://example.com/r.git\n");
        return git.getParent();
    }

    public static void run(Path traceDir, Map<String, String> env) throws IOException {
        // Configured as a real hook is (HookConfig.of), so the archive holds every class a hook loads: a single
        // class missing from it makes the JVM open the jar, which costs a hook more than the rest of its classes.
        HookConfig real = HookConfig.of(traceDir.toString(), false, env, traceDir);
        Redactor redactor = real.redactor();
        // The same generator class as a real hook's (HookCommand), so the archive holds it.
        HookRecorder r = new HookRecorder(new HookConfig(real.traceDir(), redactor, real.maxField(), 0, true),
                Clock.system(), new Ids(new Random(1)), env);
        String[][] steps = {
                {"session-start", "{" + S + "\"hook_event_name\":\"SessionStart\",\"source\":\"startup\"}"},
                {"user-prompt", "{" + S + "\"hook_event_name\":\"UserPromptSubmit\",\"prompt\":\"run ls\"}"},
                {"pre-tool", "{" + S + "\"hook_event_name\":\"PreToolUse\",\"tool_name\":\"Bash\","
                        + "\"tool_input\":{\"command\":\"ls\",\"description\":\"List\"},\"tool_use_id\":\"toolu_1\"}"},
                {"post-tool", "{" + S + "\"hook_event_name\":\"PostToolUse\",\"tool_name\":\"Bash\","
                        + "\"tool_input\":{\"command\":\"ls\"},\"tool_response\":{\"stdout\":\"a\\nb\",\"stderr\":\"\","
                        + "\"interrupted\":false},\"tool_use_id\":\"toolu_1\",\"duration_ms\":12}"},
                {"pre-tool", "{" + S + "\"hook_event_name\":\"PreToolUse\",\"tool_name\":\"mcp__s__t\","
                        + "\"tool_input\":{\"q\":1.5,\"ok\":true,\"n\":null,\"l\":[1]}}"},
                {"post-tool-failure", "{" + S + "\"hook_event_name\":\"PostToolUseFailure\",\"tool_name\":\"mcp__s__t\","
                        + "\"error\":\"Exit code 1\",\"is_interrupt\":false}"},
                {"pre-tool", "{" + S + "\"hook_event_name\":\"PreToolUse\",\"tool_name\":\"Agent\","
                        + "\"tool_input\":{\"prompt\":\"p\",\"subagent_type\":\"general-purpose\"},\"tool_use_id\":\"toolu_2\"}"},
                {"subagent-start", "{" + S + "\"hook_event_name\":\"SubagentStart\",\"agent_id\":\"a0cdstraining\","
                        + "\"agent_type\":\"general-purpose\"}"},
                {"post-tool", "{" + S + "\"hook_event_name\":\"PostToolUse\",\"tool_name\":\"Agent\","
                        + "\"tool_response\":{\"status\":\"completed\",\"agentId\":\"a0cdstraining\","
                        + "\"content\":[{\"type\":\"text\",\"text\":\"done\"}],\"usage\":{\"input_tokens\":1}},"
                        + "\"tool_use_id\":\"toolu_2\",\"duration_ms\":40}"},
                {"subagent-stop", "{" + S + "\"hook_event_name\":\"SubagentStop\",\"agent_id\":\"a0cdstraining\","
                        + "\"last_assistant_message\":\"done\",\"stop_hook_active\":false}"},
                {"stop", "{" + S + "\"hook_event_name\":\"Stop\",\"last_assistant_message\":\"ok\","
                        + "\"stop_hook_active\":false}"},
                {"notification", "{" + S + "\"hook_event_name\":\"Notification\",\"message\":\"m\"}"},
                {"session-end", "{" + S + "\"hook_event_name\":\"SessionEnd\",\"reason\":\"other\"}"},
        };
        // A session starting and ending in a git work tree loads the provenance classes a real one does.
        String repo = io.github.agentstrace.json.Json.write(fakeRepository(traceDir).toString());
        for (String[] step : steps) {
            String payload = step[0].equals("session-start") || step[0].equals("session-end")
                    ? step[1].replace("\"cwd\":\"/tmp\"", "\"cwd\":" + repo) : step[1];
            r.record(step[0], HookRecorder.utf8(payload));
        }
        new HookErrorLog(traceDir, redactor).log(Clock.system().instant(), EVENT, "training session recorded",
                null, false);
    }
}
