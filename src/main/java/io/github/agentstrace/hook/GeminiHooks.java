package io.github.agentstrace.hook;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.transcript.GeminiShell;
import java.util.List;
import java.util.Map;

/**
 * Gemini CLI's hooks ({@code hooks} in {@code .gemini/settings.json}): snake_case fields like Claude Code's,
 * its own event names, and no tool-call id, so a tool result pairs with its call by order and input.
 *
 * <pre>
 * BeforeAgent → user prompt      BeforeTool → tool call       AfterTool → result (error when it has one)
 * AfterAgent  → answer           PreCompress (manual) → compaction   SessionStart, SessionEnd, Notification
 * </pre>
 * BeforeModel, AfterModel and BeforeToolSelection fire per request or per streamed chunk and are not recorded.
 * Two things the real CLI (0.61.0) showed that its documentation does not say: PreCompress with
 * {@code trigger: auto} fires before every model call, when Gemini CLI only checks whether to compress (so it
 * is not recorded; {@code /compress} is {@code manual}), and a shell command that exits non-zero comes back
 * without an {@code error}, its exit code only in the output ({@link GeminiShell}).
 */
final class GeminiHooks extends AgentHooks {
    @Override
    String name() {
        return "gemini";
    }

    @Override
    HookEvent event(String eventName, Payload p) {
        switch (eventName) {
            case "BeforeAgent" -> {
                return HookEvent.USER_PROMPT;
            }
            case "AfterAgent" -> {
                return HookEvent.STOP;
            }
            case "BeforeTool" -> {
                return HookEvent.PRE_TOOL;
            }
            case "AfterTool" -> {
                return failed(p) ? HookEvent.POST_TOOL_FAILURE : HookEvent.POST_TOOL;
            }
            case "PreCompress" -> {
                return "auto".equals(p.text("trigger")) ? null : HookEvent.PRE_COMPACT;
            }
            case "BeforeModel", "AfterModel", "BeforeToolSelection" -> {
                return null;
            }
            default -> {
                HookEvent e = ours(eventName);
                return e == HookEvent.POST_TOOL && failed(p) ? HookEvent.POST_TOOL_FAILURE : e;
            }
        }
    }

    /** AfterTool carries a tool's failure in {@code tool_response.error}, a shell command's in its output. */
    private static boolean failed(Payload p) {
        Map<String, Object> response = p.object("tool_response");
        return hasError(response) || resultOf(response) instanceof String output
                && GeminiShell.failed(p.text("tool_name"), output);
    }

    private static boolean hasError(Map<String, Object> response) {
        Object error = response.get("error");
        return error != null && !"".equals(error) && !Boolean.FALSE.equals(error);
    }

    @Override
    Map<String, Object> normalize(HookEvent event, Payload p) {
        Map<String, Object> m = copy(p);
        m.remove("hook_event_name");
        switch (event) {
            case STOP -> rename(m, "prompt_response", "last_assistant_message");
            case POST_TOOL, POST_TOOL_FAILURE -> {
                Map<String, Object> response = p.object("tool_response");
                if (event == HookEvent.POST_TOOL_FAILURE) {
                    Object error = response.get("error");
                    Object message = error instanceof Map<?, ?> em ? Json.asObject(em).get("message") : error;
                    if (!hasError(response)) {
                        message = resultOf(response); // a shell command's non-zero exit: its output says so
                    }
                    m.put("error", message instanceof String s ? s : Json.write(message));
                    m.remove("tool_response");
                } else if (!response.isEmpty()) {
                    m.put("tool_response", resultOf(response));
                }
            }
            case NOTIFICATION -> {
                if (m.get("details") != null && !m.containsKey("title")) {
                    m.put("title", Json.write(m.get("details")));
                }
            }
            default -> {
            }
        }
        return m;
    }

    /** What the model saw ({@code llmContent}: a text or parts), else what the user saw ({@code returnDisplay}). */
    private static Object resultOf(Map<String, Object> response) {
        Object llm = response.get("llmContent");
        if (llm instanceof String) {
            return llm;
        }
        if (llm instanceof List<?> parts) {
            StringBuilder sb = new StringBuilder();
            for (Object part : parts) {
                Object text = part instanceof String ? part : Json.asObject(part).get("text");
                if (text instanceof String s) {
                    sb.append(sb.length() > 0 ? "\n" : "").append(s);
                }
            }
            if (sb.length() > 0) {
                return sb.toString();
            }
        }
        Object display = response.get("returnDisplay");
        return display != null ? display : response;
    }
}
