package io.github.agentstrace.session;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.TraceEvent;
import java.util.Map;

/**
 * Whether an event reports a failure, and the words for it. Failures come in many shapes: error events;
 * MCP results with {@code isError}; hook results with {@code error} or {@code is_interrupt}; Bash results
 * with a non-zero exit code; and any of those inside {@code result}. This is the only place that decides.
 *
 * @param failed      the event reports a failure (an interruption is one too)
 * @param interrupted the failure was an interruption (the user or the agent stopped the call)
 * @param label       a short tag ({@code exit 3}, {@code interrupted}, {@code error}), or null
 * @param message     the failure's text, from whichever field holds it, or null
 */
public record Failure(boolean failed, boolean interrupted, String label, String message) {
    /** No failure. */
    public static final Failure NONE = new Failure(false, false, null, null);

    /** What an event says of failure: only error, tool_result and llm_response events can report one. */
    public static Failure of(TraceEvent e) {
        EventType kind = e.kind();
        if (kind == EventType.ERROR) {
            Map<String, Object> d = e.data();
            boolean interrupted = truthy(d.get("is_interrupt")) || truthy(d.get("interrupted"));
            return new Failure(true, interrupted, interrupted ? "interrupted" : null, message(d));
        }
        if (kind == EventType.TOOL_RESULT || kind == EventType.LLM_RESPONSE) {
            Failure f = ofResult(e.data());
            if (!f.failed && e.data().get("result") instanceof Map<?, ?> inner) {
                f = ofResult(Json.asObject(inner));
            }
            if (f.failed && f.message == null) {
                // An error result often says what went wrong only in its content ("Not found").
                String text = Results.text(e.data());
                f = new Failure(true, f.interrupted, f.label, text.isBlank() ? null : text);
            }
            return f;
        }
        return NONE;
    }

    private static Failure ofResult(Map<String, Object> d) {
        long exit = exitCode(d);
        if (exit != 0) {
            return new Failure(true, false, "exit " + exit, message(d));
        }
        if (truthy(d.get("is_interrupt")) || truthy(d.get("interrupted"))) {
            return new Failure(true, true, "interrupted", message(d));
        }
        if (truthy(d.get("isError")) || truthy(d.get("is_error"))
                || present(d.get("error")) || "error".equals(d.get("status"))) {
            return new Failure(true, false, "error", message(d));
        }
        return NONE;
    }

    private static long exitCode(Map<String, Object> d) {
        for (String key : new String[] {"exit_code", "exitCode", "returncode"}) {
            if (d.get(key) instanceof Number n) {
                return n.longValue();
            }
        }
        return 0;
    }

    private static boolean present(Object o) {
        return o != null && !(o instanceof Boolean b && !b) && !(o instanceof String s && s.isEmpty());
    }

    static boolean truthy(Object o) {
        return Boolean.TRUE.equals(o) || (o instanceof String s && s.equalsIgnoreCase("true"));
    }

    /**
     * The failure text of an event's data: {@code message}, then {@code error} (a string, or an object's
     * {@code message}), {@code error_message}, {@code stderr}, {@code reason}; null when none holds text.
     */
    public static String message(Map<String, Object> d) {
        for (String key : new String[] {"message", "error", "error_message", "errorMessage", "stderr", "reason"}) {
            Object v = d.get(key);
            if (v instanceof String s && !s.isBlank()) {
                return s;
            }
            if (v instanceof Map<?, ?> m) {
                String inner = message(Json.asObject(m));
                return inner != null ? inner : Json.write(v);
            }
        }
        if (d.get("result") instanceof Map<?, ?> m) {
            return message(Json.asObject(m));
        }
        return null;
    }
}
