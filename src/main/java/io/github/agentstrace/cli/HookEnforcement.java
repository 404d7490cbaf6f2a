package io.github.agentstrace.cli;

import io.github.agentstrace.guard.CallDecision;
import io.github.agentstrace.guard.HookGuard;
import io.github.agentstrace.guard.Policy;
import io.github.agentstrace.guard.PolicyFile;
import io.github.agentstrace.hook.HookConfig;
import io.github.agentstrace.hook.HookErrorLog;
import io.github.agentstrace.hook.HookEvent;
import io.github.agentstrace.hook.HookRecorder;
import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.Ids;
import io.github.agentstrace.term.ColorMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * {@code hook pre-tool --enforce}: the policy check of one PreToolUse payload, kept out of {@link HookCommand}
 * so that a hook without {@code --enforce} never loads it nor the policy classes.
 *
 * <p>Fails open: a payload it cannot read, a policy file that is missing, unreadable or invalid, or any
 * failure of its own allows the call (nothing is printed) and is noted in {@code hook-errors.log}. Only a
 * call the policy denies makes the hook print, and then exactly Claude Code's decision JSON.
 */
final class HookEnforcement {
    /** A policy of every rule kind, for {@link #train}. */
    private static final String TRAINING_POLICY = """
            {"files": {"read": {"deny": ["secrets/**"]}, "write": {"allow": ["src/**"], "deny": ["src/gen/**"]}},
             "commands": {"allow": ["git *", "ls", "curl", "head"], "deny": ["rm -rf", "curl * | sh"]},
             "network": {"allow": ["github.com", "*.github.com"], "deny": ["gist.github.com"]},
             "tools": {"deny": ["mcp__fs__move_file"]}, "sensitive": {"add": ["*.tfstate"]}}
            """;
    private static final String CALL = "{\"session_id\":\"00000000-cds-enforce-0000\",\"hook_event_name\":\"PreToolUse\","
            + "\"tool_use_id\":\"toolu_%d\",\"tool_name\":\"%s\",\"tool_input\":%s}";
    private static final String[][] TRAINING_CALLS = {
            {"Bash", "{\"command\":\"rm -rf build && ls\"}"},
            {"Bash", "{\"command\":\"git status; curl -s https://github.com/x | head\"}"},
            {"Read", "{\"file_path\":\"src/App.java\"}"},
            {"Edit", "{\"file_path\":\"src/gen/A.java\",\"old_string\":\"a\",\"new_string\":\"b\"}"},
            {"WebFetch", "{\"url\":\"https://gist.github.com/x\",\"prompt\":\"p\"}"},
            {"mcp__fs__move_file", "{\"source\":\"a\",\"destination\":\"b\"}"},
    };

    private HookEnforcement() {
    }

    /**
     * Runs the enforce path on made-up calls under a made-up policy, printing nothing, so the class-data
     * archive the launcher builds from the training session ({@code HookTraining}) holds the guard classes too:
     * otherwise every {@code --enforce} hook would open the jar for them. A hook without {@code --enforce}
     * still loads none of them (an archived class is loaded only when used).
     */
    static void train(Path traceDir, Context ctx) throws IOException {
        Path project = traceDir.resolve("enforce-project");
        Files.createDirectories(project.resolve(PolicyFile.DEFAULT).getParent());
        Files.writeString(project.resolve(PolicyFile.DEFAULT), TRAINING_POLICY);
        Map<String, String> env = new HashMap<>(ctx.env());
        env.put("CLAUDE_PROJECT_DIR", project.toString());
        PrintStream none = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        Context quiet = new Context(InputStream.nullInputStream(), none, none, env, project, ctx.clock(), null,
                ColorMode.NEVER, false);
        HookConfig config = HookConfig.of(traceDir.toString(), false, env, project);
        HookErrorLog log = new HookErrorLog(config.traceDir(), config.redactor());
        HookRecorder recorder = new HookRecorder(config, ctx.clock(), new Ids(new Random(2)), env);
        for (int i = 0; i < TRAINING_CALLS.length; i++) {
            byte[] input = String.format(CALL, i, TRAINING_CALLS[i][0], TRAINING_CALLS[i][1])
                    .getBytes(StandardCharsets.UTF_8);
            recorder.recordOrLog(null, "pre-tool", input, log, false, decide("pre-tool", input, null, quiet, log));
        }
    }

    /**
     * Checks the payload and, when the policy denies its call, prints the decision and returns the fields of
     * the denial to record; null when the call is allowed (or nothing could be decided).
     */
    static Map<String, Object> decide(String eventArg, byte[] input, String policyFlag, Context ctx, HookErrorLog log) {
        Map<String, Object> payload;
        try {
            payload = Json.asObject(Json.parse(input));
        } catch (RuntimeException e) {
            return null; // not a payload: the recorder says so in the log, and nothing can be denied
        }
        try {
            HookEvent event = HookEvent.byName(Json.asString(payload.get("hook_event_name")));
            if ((event == null ? HookEvent.byName(eventArg) : event) != HookEvent.PRE_TOOL) {
                return null; // only a call about to be made can be denied
            }
            Path project = HookGuard.project(ctx.env(), payload, ctx.cwd());
            // --policy is a path as typed (relative to the hook's directory); else the project's own file.
            Path file = policyFlag != null && !policyFlag.isEmpty() ? ctx.cwd().resolve(policyFlag)
                    : PolicyFile.find(project);
            if (file == null) {
                return null; // no policy in this project: nothing to enforce
            }
            // Named as the project sees it: the reason reaches the model, which knows the project, not this disk.
            Policy policy = PolicyFile.loadIn(file, project);
            CallDecision decision = HookGuard.decide(policy, payload, project, ctx.home().toString());
            if (!decision.denied()) {
                return null;
            }
            ctx.out().print(HookGuard.output(decision) + "\n");
            ctx.out().flush();
            return decision.denial("error");
        } catch (RuntimeException | Error e) {
            // Never block the agent for a problem of ours: the call goes ahead, and the log says why.
            log.log(ctx.clock().instant(), eventArg, "enforce: not checked, the call was allowed: "
                    + (e.getMessage() == null ? e.toString() : e.getMessage()), null, false);
            return null;
        }
    }
}
