package io.github.agentstrace.model;

import io.github.agentstrace.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code meta.json}: one session's summary, with the original's field names and meanings.
 *
 * <p>Times are epoch seconds, {@code totalDurationMs} milliseconds; {@code endedAt} is null while the
 * session runs. The counters are what capture paths increment as events land. Unknown keys found when
 * reading are ignored; on writing, null, empty and zero fields are omitted as the original does, so its
 * strict reader accepts our files ({@code attribution} is always written, {@code {}} when empty).
 */
public record SessionMeta(
        String sessionId,
        double startedAt,
        Double endedAt,
        String agentName,
        String command,
        long toolCalls,
        long llmRequests,
        long errors,
        long totalTokens,
        double totalDurationMs,
        String parentSessionId,
        String parentEventId,
        int depth,
        Map<String, Object> attribution) {

    public SessionMeta {
        agentName = agentName == null ? "" : agentName;
        command = command == null ? "" : command;
        parentSessionId = parentSessionId == null ? "" : parentSessionId;
        parentEventId = parentEventId == null ? "" : parentEventId;
        attribution = attribution == null ? new LinkedHashMap<>() : attribution;
    }

    /** A fresh session's meta. */
    public static SessionMeta start(String sessionId, double startedAt, String agentName, String command) {
        return new SessionMeta(sessionId, startedAt, null, agentName, command, 0, 0, 0, 0, 0, "", "", 0, null);
    }

    public SessionMeta withCounts(long toolCalls, long llmRequests, long errors) {
        return new SessionMeta(sessionId, startedAt, endedAt, agentName, command, toolCalls, llmRequests, errors,
                totalTokens, totalDurationMs, parentSessionId, parentEventId, depth, attribution);
    }

    /** Counters bumped by what one event says: a tool call, an LLM request or an error. */
    public SessionMeta counting(TraceEvent event) {
        EventType kind = event.kind();
        if (kind == null) {
            return this;
        }
        return switch (kind) {
            case TOOL_CALL -> withCounts(toolCalls + 1, llmRequests, errors);
            case LLM_REQUEST -> withCounts(toolCalls, llmRequests + 1, errors);
            case ERROR -> withCounts(toolCalls, llmRequests, errors + 1);
            default -> this;
        };
    }

    public SessionMeta withTotalTokens(long tokens) {
        return new SessionMeta(sessionId, startedAt, endedAt, agentName, command, toolCalls, llmRequests, errors,
                tokens, totalDurationMs, parentSessionId, parentEventId, depth, attribution);
    }

    /** Marks the session finished at {@code endedAt}, setting the total duration from the start. */
    public SessionMeta endedAt(double end) {
        return new SessionMeta(sessionId, startedAt, end, agentName, command, toolCalls, llmRequests, errors,
                totalTokens, (end - startedAt) * 1000.0, parentSessionId, parentEventId, depth, attribution);
    }

    public SessionMeta withParent(String parentSession, String parentEvent, int newDepth) {
        return new SessionMeta(sessionId, startedAt, endedAt, agentName, command, toolCalls, llmRequests, errors,
                totalTokens, totalDurationMs, parentSession, parentEvent, newDepth, attribution);
    }

    public SessionMeta withCommand(String newCommand) {
        return new SessionMeta(sessionId, startedAt, endedAt, agentName, newCommand, toolCalls, llmRequests, errors,
                totalTokens, totalDurationMs, parentSessionId, parentEventId, depth, attribution);
    }

    public SessionMeta withAttribution(Map<String, Object> newAttribution) {
        return new SessionMeta(sessionId, startedAt, endedAt, agentName, command, toolCalls, llmRequests, errors,
                totalTokens, totalDurationMs, parentSessionId, parentEventId, depth, newAttribution);
    }

    /** Duration in ms: the recorded total, or {@code now - startedAt} for a session still running. */
    public double durationMs(double nowSeconds) {
        if (totalDurationMs > 0) {
            return totalDurationMs;
        }
        return endedAt != null ? (endedAt - startedAt) * 1000.0 : Math.max(0, (nowSeconds - startedAt) * 1000.0);
    }

    public boolean finished() {
        return endedAt != null;
    }

    /** The meta.json object in the original's key order, empty fields omitted. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("session_id", sessionId);
        m.put("started_at", startedAt);
        if (endedAt != null && endedAt != 0) {
            m.put("ended_at", endedAt);
        }
        putText(m, "agent_name", agentName);
        putText(m, "command", command);
        putCount(m, "tool_calls", toolCalls);
        putCount(m, "llm_requests", llmRequests);
        putCount(m, "errors", errors);
        putCount(m, "total_tokens", totalTokens);
        if (totalDurationMs != 0) {
            m.put("total_duration_ms", totalDurationMs);
        }
        putText(m, "parent_session_id", parentSessionId);
        putText(m, "parent_event_id", parentEventId);
        putCount(m, "depth", depth);
        m.put("attribution", attribution);
        return m;
    }

    /** Reads a meta object leniently; {@code session_id} and a numeric {@code started_at} are required. */
    public static SessionMeta fromJson(Object parsed) {
        Map<String, Object> m = Json.asObject(parsed);
        String id = Json.asString(m.get("session_id"));
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("meta.json has no session_id");
        }
        if (!(m.get("started_at") instanceof Number started)) {
            throw new IllegalArgumentException("meta.json has no numeric started_at");
        }
        return new SessionMeta(id, started.doubleValue(),
                m.get("ended_at") instanceof Number e ? e.doubleValue() : null,
                Json.asString(m.get("agent_name")), Json.asString(m.get("command")),
                count(m, "tool_calls"), count(m, "llm_requests"), count(m, "errors"), count(m, "total_tokens"),
                m.get("total_duration_ms") instanceof Number d ? d.doubleValue() : 0.0,
                Json.asString(m.get("parent_session_id")), Json.asString(m.get("parent_event_id")),
                (int) count(m, "depth"),
                m.get("attribution") instanceof Map<?, ?> a ? new LinkedHashMap<>(Json.asObject(a)) : null);
    }

    private static long count(Map<String, Object> m, String key) {
        return m.get(key) instanceof Number n ? n.longValue() : 0;
    }

    private static void putText(Map<String, Object> m, String key, String value) {
        if (value != null && !value.isEmpty()) {
            m.put(key, value);
        }
    }

    private static void putCount(Map<String, Object> m, String key, long value) {
        if (value != 0) {
            m.put(key, value);
        }
    }
}
