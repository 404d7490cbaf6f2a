package io.github.agentstrace.hook;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.Ids;
import io.github.agentstrace.model.TraceEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Claude Code hook payloads → trace events, one small method per hook event. Pure mapping: it reads the
 * payload, caps long strings ({@link FieldLimits}) and names the event; it never touches a file, so the
 * event ids of calls and the links between sessions are decided by its callers.
 */
final class EventMapper {
    private final Ids ids;
    private final FieldLimits limits;
    private final boolean redacting;

    EventMapper(Ids ids, FieldLimits limits, boolean redacting) {
        this.ids = ids;
        this.limits = limits;
        this.redacting = redacting;
    }

    // ---- session start and end -------------------------------------------------------------------------

    /** A main session's session_start; {@code lazy} when hooks were installed mid-session. */
    TraceEvent sessionStart(Payload p, String sid, double now, String claudeSession, String source, boolean lazy) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("mode", p.mode());
        data.put("source", source);
        putText(data, "model", p.text("model"));
        data.put(p.agent() == null ? "claude_session_id" : "agent_session_id", claudeSession);
        putText(data, "agent_type", p.text("agent_type"));
        putText(data, "session_title", limits.cap(p.text("session_title")));
        putText(data, "cwd", p.text("cwd"));
        putText(data, "transcript_path", p.text("transcript_path"));
        putText(data, "permission_mode", p.text("permission_mode"));
        data.put("redaction", redacting ? "on" : "off");
        if (lazy) {
            data.put("lazy", true);
        }
        return event(EventType.SESSION_START, sid, now, null, null, data);
    }

    /** A subagent session's session_start; {@code parentSession} null when it only resumes. */
    TraceEvent childStart(Payload p, String child, double now, String agentType, String source,
                          String parentSession, String parentEvent) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("mode", p.mode());
        data.put("source", source);
        data.put("agent_id", child);
        putText(data, "agent_type", agentType);
        putText(data, p.agent() == null ? "claude_session_id" : "agent_session_id", p.text("session_id"));
        data.put("redaction", redacting ? "on" : "off");
        if (parentSession != null) {
            data.put("parent_session_id", parentSession);
            putText(data, "parent_event_id", parentEvent);
        }
        return event(EventType.SESSION_START, child, now, null, null, data);
    }

    /** session_end of a main session (SessionEnd) or of a subagent's ({@code subagent}: SubagentStop). */
    TraceEvent sessionEnd(Payload p, String sid, double now, double durationMs, boolean subagent) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("duration_ms", durationMs);
        if (subagent) {
            putText(data, "agent_id", p.text("agent_id"));
            putText(data, "agent_transcript_path", p.text("agent_transcript_path"));
        } else {
            putText(data, "reason", p.text("reason"));
        }
        return event(EventType.SESSION_END, sid, now, null, durationMs, data);
    }

    // ---- the conversation ------------------------------------------------------------------------------

    TraceEvent userPrompt(Payload p, String target, double now) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("prompt", limits.cap(p.text("prompt", "")));
        putText(data, "prompt_id", p.text("prompt_id"));
        return event(EventType.USER_PROMPT, target, now, null, null, data);
    }

    /** The answer a Stop or SubagentStop carries; null when there is none or a stop hook made Claude go on. */
    TraceEvent assistantResponse(Payload p, String target, double now) {
        if (p.flag("stop_hook_active")) {
            return null; // a stop hook made Claude continue: the message is not a new answer
        }
        String text = p.text("last_assistant_message");
        if (text == null) {
            return null;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("text", limits.cap(text));
        putText(data, "prompt_id", p.text("prompt_id"));
        return event(EventType.ASSISTANT_RESPONSE, target, now, null, null, data);
    }

    TraceEvent stopFailure(Payload p, String target, double now) {
        Map<String, Object> data = new LinkedHashMap<>();
        String kind = p.text("error", "unknown");
        String detail = p.text("error_details");
        if (detail == null) {
            detail = p.text("last_assistant_message", "turn failed: " + kind);
        }
        data.put("error", limits.cap(detail));
        data.put("code", kind);
        data.put("stage", "stop");
        return event(EventType.ERROR, target, now, null, null, data);
    }

    TraceEvent notification(Payload p, String target, double now) {
        String type = p.text("notification_type");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("choice", type == null ? "notification" : "notification: " + type);
        data.put("reason", limits.cap(p.text("message", "")));
        putText(data, "title", limits.cap(p.text("title")));
        data.put("kind", "notification");
        return event(EventType.DECISION, target, now, null, null, data);
    }

    /** PreCompact ({@code before}) or PostCompact as a decision. */
    TraceEvent compact(Payload p, String target, double now, boolean before) {
        String what = before ? "compact" : "compacted";
        String trigger = p.text("trigger");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("choice", trigger == null ? what : what + " (" + trigger + ")");
        data.put("reason", limits.cap(p.text(before ? "custom_instructions" : "compact_summary", "")));
        data.put("kind", before ? "pre_compact" : "post_compact");
        return event(EventType.DECISION, target, now, null, null, data);
    }

    // ---- tool calls ------------------------------------------------------------------------------------

    /** PreToolUse as a tool_call with the given event id (derived from tool_use_id when there is one). */
    TraceEvent toolCall(Payload p, String target, double now, String eventId) {
        String tool = p.text("tool_name", "unknown");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("tool_name", tool);
        Object input = p.get("tool_input");
        data.put("arguments", input == null ? new LinkedHashMap<String, Object>() : limits.capValue(input));
        putText(data, "tool_use_id", p.text("tool_use_id"));
        mcpNames(data, tool);
        if (isAgentTool(tool)) {
            putText(data, "subagent_type", subagentType(p));
        }
        putText(data, "prompt_id", p.text("prompt_id"));
        return finish(new TraceEvent(EventType.TOOL_CALL.wire(), now, eventId, target, null, null, data));
    }

    /**
     * PostToolUse as a tool_result, or PostToolUseFailure ({@code failed}) as an error, answering
     * {@code parentId}. An Agent/Task result also names the subagent it ran and that agent's usage.
     */
    TraceEvent toolResult(Payload p, String target, double now, String eventId, String parentId, Double durationMs,
                          boolean failed) {
        String tool = p.text("tool_name", "unknown");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("tool_name", tool);
        EventType type;
        if (failed) {
            type = EventType.ERROR;
            String error = p.text("error");
            if (error == null) {
                Object legacy = p.get("tool_output");
                error = legacy == null || "".equals(legacy) ? "tool call failed" : ToolResults.readable(legacy);
            }
            data.put("error", limits.cap(error));
            if (p.get("is_interrupt") instanceof Boolean b) {
                data.put("is_interrupt", b);
            }
        } else {
            type = EventType.TOOL_RESULT;
            Object response = toolResponse(p);
            data.put("result", limits.cap(ToolResults.readable(response)));
            var types = ToolResults.contentTypes(response);
            if (types != null) {
                data.put("content_types", types);
            }
            if (isAgentTool(tool)) {
                agentFields(data, Json.asObject(response));
            }
        }
        putText(data, "tool_use_id", p.text("tool_use_id"));
        mcpNames(data, tool);
        putText(data, "prompt_id", p.text("prompt_id"));
        return finish(new TraceEvent(type.wire(), now, eventId, target, parentId, durationMs, data));
    }

    private void agentFields(Map<String, Object> data, Map<String, Object> response) {
        putText(data, "agent_id", Json.asString(response.get("agentId")));
        putText(data, "status", Json.asString(response.get("status")));
        putText(data, "model", Json.asString(response.get("resolvedModel")));
        if (response.get("totalTokens") instanceof Number n) {
            data.put("total_tokens", n);
        }
        if (response.get("usage") instanceof Map<?, ?> usage) {
            data.put("usage", limits.capValue(usage));
        }
    }

    /** PermissionDenied as an error answering the denied call ({@code parentId}, null when unknown). */
    TraceEvent permissionDenied(Payload p, String target, double now, String eventId, String parentId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("tool_name", p.text("tool_name", "unknown"));
        String reason = p.text("reason");
        data.put("error", limits.cap(reason == null ? "permission denied" : "permission denied: " + reason));
        putText(data, "tool_use_id", p.text("tool_use_id"));
        return new TraceEvent(EventType.ERROR.wire(), now, eventId, target, parentId, null, data);
    }

    /**
     * A call the policy denied at PreToolUse ({@code hook pre-tool --enforce}), as an error answering it
     * ({@code callId}) with the denial's fields ({@code denied_by}, {@code error_type}, {@code error},
     * {@code policy}).
     */
    TraceEvent policyDenial(Payload p, String target, double now, String eventId, String callId,
                            Map<String, Object> denial) {
        String tool = p.text("tool_name", "unknown");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("tool_name", tool);
        data.putAll(denial);
        putText(data, "tool_use_id", p.text("tool_use_id"));
        mcpNames(data, tool);
        putText(data, "prompt_id", p.text("prompt_id"));
        return new TraceEvent(EventType.ERROR.wire(), now, eventId, target, callId, null, data);
    }

    /** Claude Code's {@code tool_response}, else the original's {@code tool_output}. */
    static Object toolResponse(Payload p) {
        Object response = p.get("tool_response");
        return response == null ? p.get("tool_output") : response;
    }

    /** The {@code subagent_type} an Agent/Task call asks for (null when absent). */
    static String subagentType(Payload p) {
        return Json.asString(p.object("tool_input").get("subagent_type"));
    }

    static boolean isAgentTool(String tool) {
        return tool.equals("Agent") || tool.equals("Task");
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private TraceEvent event(EventType type, String sid, double ts, String parent, Double duration,
                             Map<String, Object> data) {
        return finish(new TraceEvent(type.wire(), ts, ids.eventId(), sid, parent, duration, data));
    }

    /** Marks an event whose data had anything cut, so readers need not search for the marker. */
    private TraceEvent finish(TraceEvent e) {
        if (limits.takeTruncated() && !e.data().containsKey("truncated")) {
            e.data().put("truncated", true);
        }
        return e;
    }

    /** {@code mcp__server__tool} → {@code mcp_server}, {@code mcp_tool} (server names may hold {@code _}). */
    private static void mcpNames(Map<String, Object> data, String tool) {
        if (!tool.startsWith("mcp__")) {
            return;
        }
        int sep = tool.indexOf("__", 5);
        if (sep > 5 && sep + 2 < tool.length()) {
            data.put("mcp_server", tool.substring(5, sep));
            data.put("mcp_tool", tool.substring(sep + 2));
        }
    }

    static void putText(Map<String, Object> m, String key, String value) {
        if (value != null && !value.isEmpty()) {
            m.put(key, value);
        }
    }
}
