package io.github.agentstrace.replay;

import io.github.agentstrace.json.JsonNumber;
import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.TraceEvent;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Matches results to their calls while streaming: a tool_result, error or llm_response answers the
 * call named by its {@code parent_id}, else the one with the same JSON-RPC {@code request_id}, else the
 * same {@code tool_use_id}. Only calls still unanswered are kept, so memory follows the number of
 * calls in flight, not the size of the session.
 */
final class Pairing {
    /** An open call: what its answer needs to know (name, start time) and the keys it can be found by. */
    record Call(String key, String type, String toolName, double timestamp, String requestKey, String toolUseId) {
    }

    private final Map<String, Call> byEventId = new LinkedHashMap<>();
    private final Map<String, Call> byRequest = new HashMap<>();
    private final Map<String, Call> byToolUse = new HashMap<>();
    private long anonymous;

    /** True for the types that open a call. */
    static boolean opens(TraceEvent e) {
        EventType k = e.kind();
        return k == EventType.TOOL_CALL || k == EventType.LLM_REQUEST;
    }

    /** True for the types that answer one. */
    static boolean answers(TraceEvent e) {
        EventType k = e.kind();
        return k == EventType.TOOL_RESULT || k == EventType.ERROR || k == EventType.LLM_RESPONSE;
    }

    static String toolName(TraceEvent e) {
        return Tools.first(e.data(), "tool_name", "name", "tool");
    }

    void open(TraceEvent e) {
        String key = e.eventId() != null ? e.eventId() : "#" + (anonymous++);
        Call c = new Call(key, e.type(), toolName(e), e.timestamp(), requestKey(e), Tools.str(e.data(), "tool_use_id"));
        byEventId.put(key, c);
        if (c.requestKey() != null) {
            byRequest.put(c.requestKey(), c);
        }
        if (c.toolUseId() != null) {
            byToolUse.put(c.toolUseId(), c);
        }
    }

    /** The call this event answers, removed from the open set; null when none matches. */
    Call close(TraceEvent e) {
        Call c = null;
        if (e.parentId() != null) {
            c = byEventId.get(e.parentId());
        }
        if (c == null) {
            String rk = requestKey(e);
            if (rk != null) {
                c = byRequest.get(rk);
            }
        }
        if (c == null) {
            String tu = Tools.str(e.data(), "tool_use_id");
            if (tu != null) {
                c = byToolUse.get(tu);
            }
        }
        if (c != null) {
            byEventId.remove(c.key());
            if (c.requestKey() != null) {
                byRequest.remove(c.requestKey(), c);
            }
            if (c.toolUseId() != null) {
                byToolUse.remove(c.toolUseId(), c);
            }
        }
        return c;
    }

    /** Calls not answered so far, in call order. */
    Collection<Call> open() {
        return byEventId.values();
    }

    /** JSON-RPC ids 3 and "3" are different ids, so the key keeps the kind. */
    private static String requestKey(TraceEvent e) {
        Object id = e.data().get("request_id");
        if (id instanceof JsonNumber || id instanceof Number) {
            return "n:" + id;
        }
        return id instanceof String s ? "s:" + s : null;
    }

    /**
     * Registers a call, or matches an answer to its call, and tells what the event means in context:
     * the tool (answers often do not repeat it), the duration (recorded, else {@code data.duration_ms},
     * else computed from the call's timestamp) and whether it reports a failure.
     */
    EventFormatter.Resolved resolve(TraceEvent e) {
        String toolName = toolName(e);
        Double duration = e.durationMs();
        if (opens(e)) {
            open(e);
        } else if (answers(e)) {
            Call call = close(e);
            if (toolName == null && call != null && call.type().equals(EventType.TOOL_CALL.wire())) {
                toolName = call.toolName();
            }
            if (duration == null && e.data().get("duration_ms") instanceof Number n) {
                duration = n.doubleValue();
            }
            if (duration == null && call != null) {
                duration = Math.max(0, (e.timestamp() - call.timestamp()) * 1000.0);
            }
        }
        return new EventFormatter.Resolved(toolName, duration, Outcome.of(e));
    }
}
