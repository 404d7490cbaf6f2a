package io.github.agentstrace.replay;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.TraceEvent;
import java.util.Map;

/**
 * Whether an event reports a failure, and the words for it. Failures come in many shapes: error
 * events; MCP results with {@code isError}; hook results with {@code error} or {@code is_interrupt};
 * Bash results with a non-zero exit code; and any of those inside {@code result}.
 *
 * @param failed  the event reports a failure
 * @param label   a short tag for the title line ({@code exit 3}, {@code interrupted}, {@code error}), or null
 * @param message the failure's text, from whichever field holds it, or null
 */
record Outcome(boolean failed, String label, String message) {
    static final Outcome OK = new Outcome(false, null, null);

    static Outcome of(TraceEvent e) {
        EventType kind = e.kind();
        if (kind == EventType.ERROR) {
            return new Outcome(true, null, message(e.data()));
        }
        if (kind == EventType.TOOL_RESULT || kind == EventType.LLM_RESPONSE) {
            Outcome o = ofResult(e.data());
            if (!o.failed && e.data().get("result") instanceof Map<?, ?> inner) {
                o = ofResult(Json.asObject(inner));
            }
            return o;
        }
        return OK;
    }

    private static Outcome ofResult(Map<String, Object> d) {
        long exit = exitCode(d);
        if (exit != 0) {
            return new Outcome(true, "exit " + exit, message(d));
        }
        if (Tools.truthy(d.get("is_interrupt")) || Tools.truthy(d.get("interrupted"))) {
            return new Outcome(true, "interrupted", message(d));
        }
        if (Tools.truthy(d.get("isError")) || Tools.truthy(d.get("is_error"))
                || present(d.get("error")) || "error".equals(d.get("status"))) {
            return new Outcome(true, "error", message(d));
        }
        return OK;
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

    /**
     * The failure text of an event's data: {@code message}, then {@code error} (a string, or an object's
     * {@code message}), {@code error_message}, {@code stderr}, {@code reason}; null when none holds text.
     */
    static String message(Map<String, Object> d) {
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
