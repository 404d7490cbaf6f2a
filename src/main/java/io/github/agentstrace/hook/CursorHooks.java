package io.github.agentstrace.hook;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cursor's hooks ({@code .cursor/hooks.json}): snake_case fields, camelCase event names, the session named
 * by {@code conversation_id}, the project by {@code workspace_roots}. {@code preToolUse}, {@code postToolUse}
 * and {@code postToolUseFailure} carry {@code tool_use_id}; the older per-kind events
 * ({@code beforeShellExecution}/{@code afterShellExecution}, {@code beforeMCPExecution}/{@code afterMCPExecution})
 * carry none and pair by order and input (a shell command is the tool {@code Shell} with input
 * {@code {command, cwd}}). {@code tool_output} and {@code result_json} are JSON texts, read as the values they
 * hold. {@code afterFileEdit}, {@code beforeReadFile} and {@code afterAgentThought} are not recorded: the tool
 * events already show those calls.
 */
final class CursorHooks extends AgentHooks {
    static final String SHELL = "Shell";

    @Override
    String name() {
        return "cursor";
    }

    @Override
    String version(Payload p, Map<String, String> env) {
        return p.text("cursor_version");
    }

    @Override
    HookEvent event(String eventName, Payload p) {
        switch (eventName) {
            case "beforeSubmitPrompt" -> {
                return HookEvent.USER_PROMPT;
            }
            case "beforeShellExecution", "beforeMCPExecution" -> {
                return HookEvent.PRE_TOOL;
            }
            case "afterShellExecution", "afterMCPExecution" -> {
                return HookEvent.POST_TOOL;
            }
            case "afterAgentResponse" -> {
                return HookEvent.STOP;
            }
            case "stop" -> {
                // The answer came with afterAgentResponse; a stop only matters when the loop failed.
                return "error".equals(p.text("status")) ? HookEvent.STOP_FAILURE : null;
            }
            case "afterFileEdit", "beforeReadFile", "afterAgentThought", "beforeTabFileRead", "afterTabFileEdit" -> {
                return null;
            }
            default -> {
                return ours(eventName);
            }
        }
    }

    @Override
    Map<String, Object> normalize(HookEvent event, Payload p) {
        Map<String, Object> m = copy(p);
        String own = p.text("hook_event_name");
        m.remove("hook_event_name");
        Object conversation = m.remove("conversation_id");
        if (conversation != null) {
            m.put("session_id", conversation);
        }
        if (!m.containsKey("cwd") && p.get("workspace_roots") instanceof List<?> roots && !roots.isEmpty()
                && roots.get(0) instanceof String root) {
            m.put("cwd", root);
        }
        rename(m, "duration", "duration_ms");
        boolean shell = own != null && own.endsWith("ShellExecution");
        if (shell) {
            m.put("tool_name", SHELL);
            Map<String, Object> input = new LinkedHashMap<>();
            putIfAbsent(input, "command", p.get("command"));
            putIfAbsent(input, "cwd", p.get("cwd"));
            m.put("tool_input", input);
            m.remove("command");
        } else if (m.get("tool_input") != null) {
            m.put("tool_input", parsedIfJson(m.get("tool_input")));
        }
        switch (event) {
            case POST_TOOL -> {
                Object out = shell ? m.remove("output") : m.containsKey("tool_output") ? m.remove("tool_output") : m.remove("result_json");
                m.put("tool_response", parsedIfJson(out));
            }
            case POST_TOOL_FAILURE -> {
                rename(m, "error_message", "error");
                if (!(m.get("error") instanceof String)) {
                    Object type = m.get("failure_type");
                    m.put("error", "tool call " + (type instanceof String s ? s : "failed"));
                }
            }
            case STOP -> rename(m, "text", "last_assistant_message");
            case STOP_FAILURE -> {
                m.put("error", "agent loop error");
            }
            default -> {
            }
        }
        return m;
    }
}
