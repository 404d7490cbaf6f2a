package io.github.agentstrace.hook;

import io.github.agentstrace.json.Json;
import java.util.Map;

/**
 * Read-only, forgiving access to one hook's stdin object: wrong types read as absent. A payload of another
 * agent ({@link AgentHooks}) is already in Claude Code's field names and knows whose it is.
 */
final class Payload {
    private final Map<String, Object> fields;
    /** The agent that sent it, null for Claude Code. */
    private final AgentHooks agent;

    Payload(Map<String, Object> fields) {
        this(fields, null);
    }

    Payload(Map<String, Object> fields, AgentHooks agent) {
        this.fields = fields;
        this.agent = agent;
    }

    /** The agent that sent it, null for Claude Code. */
    AgentHooks agent() {
        return agent;
    }

    /** The sending agent's name: {@code claude-code}, {@code codex}, {@code gemini}, {@code copilot}, {@code cursor} */
    String agentName() {
        return agent == null ? HookRecorder.AGENT_NAME : agent.name();
    }

    /** session_start's {@code mode}: {@code claude-code-hooks}, {@code codex-hooks}, ... */
    String mode() {
        return agent == null ? HookRecorder.MODE : agent.name() + "-hooks";
    }

    Map<String, Object> fields() {
        return fields;
    }

    Object get(String key) {
        return fields.get(key);
    }

    /** A non-empty string field, else null. */
    String text(String key) {
        Object v = fields.get(key);
        return v instanceof String s && !s.isEmpty() ? s : null;
    }

    String text(String key, String fallback) {
        String v = text(key);
        return v == null ? fallback : v;
    }

    boolean flag(String key) {
        Object v = fields.get(key);
        return v instanceof Boolean b ? b : v instanceof String s && s.equalsIgnoreCase("true");
    }

    /** A number field as a double, else null. */
    Double number(String key) {
        Object v = fields.get(key);
        if (v instanceof Number n) {
            double d = n.doubleValue();
            return Double.isFinite(d) && d >= 0 ? d : null;
        }
        return null;
    }

    Map<String, Object> object(String key) {
        return Json.asObject(fields.get(key));
    }
}
