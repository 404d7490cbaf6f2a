package io.github.agentstrace.hook;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.json.JsonException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A coding agent other than Claude Code whose command hooks agent-strace records ({@code hook --agent}):
 * its name in traces and one small mapping of its payloads onto Claude Code's field names, so the rest of
 * the hook path (sessions, pairing, events, redaction) is the one Claude Code uses.
 *
 * <p>Each agent's mapping is its own class, made (and loaded) only when a hook names that agent, so the
 * Claude Code path loads none of them. A mapping is pure: it names the event (null: not recorded) and
 * returns a new payload with {@code session_id}, {@code tool_name}, {@code tool_input},
 * {@code tool_response}, {@code error}, {@code prompt}, {@code last_assistant_message} and friends; a call
 * id goes to {@code tool_use_id} when the agent sends one, else results pair by order and input
 * ({@link CallPairing}).
 */
abstract class AgentHooks {
    /** The names {@code --agent} accepts, in the order help lists them. */
    static final String NAMES = "codex, gemini, copilot, cursor";

    /** The agent for a {@code --agent}/{@code --provider} value (case-insensitive), or null for none we know. */
    static AgentHooks named(String name) {
        if (name == null) {
            return null;
        }
        switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "codex", "codex-cli", "openai-codex" -> {
                return new CodexHooks();
            }
            case "gemini", "gemini-cli" -> {
                return new GeminiHooks();
            }
            case "copilot", "copilot-cli", "github-copilot" -> {
                return new CopilotHooks();
            }
            case "cursor" -> {
                return new CursorHooks();
            }
            default -> {
                return null;
            }
        }
    }

    /** The agent's name in meta.json ({@code agent_name}) and in session_start's {@code mode}. */
    abstract String name();

    /** The event this payload is, from its own event name ({@code hook_event_name} or the command line). */
    abstract HookEvent event(String eventName, Payload p);

    /** The payload in Claude Code's field names, for {@code event}. */
    abstract Map<String, Object> normalize(HookEvent event, Payload p);

    /** The version the payload or the environment names, or null. */
    String version(Payload p, Map<String, String> env) {
        return null;
    }

    /**
     * Maps one hook: the event and the normalized payload, or null when this event is not recorded. The
     * payload's own event name wins over the command line's, as for Claude Code.
     */
    final Mapped map(String eventArg, Payload p) {
        HookEvent e = null;
        String own = p.text("hook_event_name");
        if (own != null) {
            e = event(own, p);
        }
        if (e == null && eventArg != null) {
            e = event(eventArg, p);
        }
        if (e == null) {
            return null;
        }
        return new Mapped(e, new Payload(normalize(e, p), this));
    }

    /** One mapped hook. */
    record Mapped(HookEvent event, Payload payload) {
    }

    // ---- helpers for the mappings ----------------------------------------------------------------------

    /** Our own spelling of an event ({@code pre-tool}, {@code PreToolUse}, ...), which every agent accepts too. */
    static HookEvent ours(String name) {
        return HookEvent.byName(name);
    }

    /** A copy of the fields, to rename and add to. */
    static Map<String, Object> copy(Payload p) {
        return new LinkedHashMap<>(p.fields());
    }

    /** Moves {@code from} to {@code to} when {@code to} is absent. */
    static void rename(Map<String, Object> m, String from, String to) {
        Object v = m.remove(from);
        if (v != null && !m.containsKey(to)) {
            m.put(to, v);
        }
    }

    /** A JSON text that holds an object or array becomes that value; anything else stays as it is. */
    static Object parsedIfJson(Object v) {
        if (v instanceof String s) {
            String t = s.trim();
            if (t.startsWith("{") || t.startsWith("[")) {
                try {
                    return Json.parse(t);
                } catch (JsonException e) {
                    return s;
                }
            }
        }
        return v;
    }

    static void putIfAbsent(Map<String, Object> m, String key, Object value) {
        if (value != null && !"".equals(value) && !m.containsKey(key)) {
            m.put(key, value);
        }
    }
}
