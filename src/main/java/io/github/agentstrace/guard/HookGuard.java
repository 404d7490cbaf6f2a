package io.github.agentstrace.guard;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.session.Subject;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The policy at the moment of the call, for Claude Code's PreToolUse hook ({@code hook pre-tool --enforce}):
 * which policy applies to a payload, and the hook's one output, Claude Code's documented decision
 * ({@code {"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": "deny",
 * "permissionDecisionReason": "..."}}}, with exit status 0). Claude Code does not run the call and shows the
 * reason to the model. A call the policy allows gets no output at all, so Claude Code's own permission
 * rules decide as if the hook were not there.
 *
 * <p>Loaded only by {@code --enforce}: a recording hook never loads this package.
 */
public final class HookGuard {
    private HookGuard() {
    }

    /** The project directory of a hook payload: {@code $CLAUDE_PROJECT_DIR}, else its {@code cwd}, else {@code cwd}. */
    public static Path project(Map<String, String> env, Map<String, Object> payload, Path cwd) {
        String dir = env.get("CLAUDE_PROJECT_DIR");
        if (dir == null || dir.isEmpty()) {
            dir = Json.asString(payload.get("cwd"));
        }
        return dir == null || dir.isEmpty() ? cwd : cwd.resolve(dir);
    }

    /** The verdict on a PreToolUse payload's call; paths are taken from {@code project}. */
    public static CallDecision decide(Policy policy, Map<String, Object> payload, Path project, String home) {
        String tool = Json.asString(payload.get("tool_name"));
        if (tool == null || tool.isEmpty()) {
            return CallDecision.of(List.of(), policy.source());
        }
        Map<String, Object> input = Json.asObject(payload.get("tool_input"));
        PolicyCheck check = PolicyCheck.of(policy, project.toString(), home);
        return CallDecision.of(check.check(tool, Subject.of(tool, input, null), input), policy.source());
    }

    /** What the hook prints for a denied call: Claude Code's decision JSON, on one line. */
    public static String output(CallDecision decision) {
        Map<String, Object> specific = new LinkedHashMap<>();
        specific.put("hookEventName", "PreToolUse");
        specific.put("permissionDecision", "deny");
        specific.put("permissionDecisionReason", decision.reason());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("hookSpecificOutput", specific);
        return Json.write(out);
    }
}
