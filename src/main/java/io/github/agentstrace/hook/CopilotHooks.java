package io.github.agentstrace.hook;

import io.github.agentstrace.json.Json;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitHub Copilot CLI's hooks, in both of its payload formats: camelCase ({@code sessionId},
 * {@code toolName}, {@code toolArgs}, {@code toolResult}) for hooks configured under camelCase event names
 * ({@code .github/hooks/*.json}), and snake_case ({@code session_id}, {@code tool_input},
 * {@code tool_result}, an ISO {@code timestamp}) for PascalCase names, which is what Copilot CLI sends to the
 * hooks of a repository's {@code .claude/settings.json}. No tool-call id: results pair by order and input.
 *
 * <pre>
 * userPromptSubmitted → user prompt   preToolUse → call   postToolUse → result (failure/denied/error: error)
 * postToolUseFailure  → error         agentStop → Stop    errorOccurred → failed turn   preCompact, notification
 * </pre>
 * The real CLI (1.0.102) reports a shell command that exits non-zero as {@code resultType: success}; only the
 * text the model gets ends with {@code <shellId: N completed with exit code M>}, which is read here.
 */
final class CopilotHooks extends AgentHooks {
    private static final Pattern EXIT = Pattern.compile("<shellId: [^>]* completed with exit code (-?\\d+)>");

    @Override
    String name() {
        return "copilot";
    }

    @Override
    HookEvent event(String eventName, Payload p) {
        switch (eventName) {
            case "userPromptSubmitted" -> {
                return HookEvent.USER_PROMPT;
            }
            case "agentStop" -> {
                return HookEvent.STOP;
            }
            case "errorOccurred", "ErrorOccurred" -> {
                return HookEvent.STOP_FAILURE;
            }
            case "permissionRequest", "PermissionRequest" -> {
                return null; // its preToolUse is recorded
            }
            default -> {
                HookEvent e = ours(eventName);
                return e == HookEvent.POST_TOOL && failed(p) ? HookEvent.POST_TOOL_FAILURE : e;
            }
        }
    }

    private static Map<String, Object> result(Payload p) {
        Map<String, Object> r = p.object("toolResult");
        return r.isEmpty() ? p.object("tool_result") : r;
    }

    private static boolean failed(Payload p) {
        Map<String, Object> r = result(p);
        Object type = r.containsKey("resultType") ? r.get("resultType") : r.get("result_type");
        if (type instanceof String s && !s.equals("success")) {
            return true;
        }
        if (textOf(r) instanceof String text) {
            Matcher m = EXIT.matcher(text);
            return m.find() && !m.group(1).equals("0");
        }
        return false;
    }

    private static Object textOf(Map<String, Object> r) {
        return r.containsKey("textResultForLlm") ? r.get("textResultForLlm") : r.get("text_result_for_llm");
    }

    @Override
    Map<String, Object> normalize(HookEvent event, Payload p) {
        Map<String, Object> m = copy(p);
        m.remove("hook_event_name");
        m.remove("timestamp");
        rename(m, "sessionId", "session_id");
        rename(m, "toolName", "tool_name");
        rename(m, "toolArgs", "tool_input");
        rename(m, "transcriptPath", "transcript_path");
        rename(m, "customInstructions", "custom_instructions");
        rename(m, "agentName", "agent_type");
        rename(m, "agent_name", "agent_type");
        if (m.get("tool_input") != null) {
            m.put("tool_input", parsedIfJson(m.get("tool_input")));
        }
        Map<String, Object> r = result(p);
        m.remove("toolResult");
        m.remove("tool_result");
        switch (event) {
            case SESSION_START -> {
                if ("new".equals(m.get("source"))) {
                    m.put("source", "startup");
                }
            }
            case POST_TOOL -> {
                Object text = textOf(r);
                m.put("tool_response", text != null ? text : r);
            }
            case POST_TOOL_FAILURE -> {
                if (!(m.get("error") instanceof String)) {
                    Object text = textOf(r);
                    Object type = r.containsKey("resultType") ? r.get("resultType") : r.get("result_type");
                    m.put("error", text instanceof String s && !s.isEmpty() ? s : "tool call " + (type == null ? "failed" : type));
                }
            }
            case STOP_FAILURE -> {
                Map<String, Object> error = Json.asObject(p.get("error"));
                Object context = p.get("errorContext") != null ? p.get("errorContext") : p.get("error_context");
                m.put("error", context instanceof String s ? s : Json.asString(error.get("name")));
                Object message = error.get("message");
                m.put("error_details", message instanceof String s ? s : Json.text(p.get("error")));
            }
            default -> {
            }
        }
        return m;
    }
}
