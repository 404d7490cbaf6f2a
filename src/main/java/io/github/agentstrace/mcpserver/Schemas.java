package io.github.agentstrace.mcpserver;

import io.github.agentstrace.json.Json;
import java.util.Map;

/**
 * Output schemas, written as JSON text blocks beside each tool and parsed here. A fragment shared by several
 * schemas (a session's headline) is spliced in where a schema says {@code "$headline"}.
 */
final class Schemas {
    /** A session's headline facts: the first keys of {@code explain --json}. */
    static final String HEADLINE_PROPERTIES = """
            "session_id": {"type": "string"},
            "agent": {"type": "string"},
            "source": {"type": "string", "description": "hooks, mcp proxy, api, import or unknown"},
            "status": {"type": "string", "description": "running, ended or interrupted"},
            "model": {"type": ["string", "null"]},
            "cwd": {"type": ["string", "null"]},
            "duration_ms": {"type": ["number", "null"]},
            "active_ms": {"type": ["number", "null"]},
            "events": {"type": "integer"},
            "prompts": {"type": "integer"},
            "tool_calls": {"type": "integer", "description": "with its subagents"},
            "errors": {"type": "integer", "description": "failures, each counted once, with its subagents"},
            "llm_turns": {"type": "integer"},
            "tokens": {"type": "integer", "description": "input, output, cache read and cache write"},
            "cost_usd": {"type": "number"},
            "subagent_sessions": {"type": "integer"}
            """;
    static final String HEADLINE_REQUIRED = """
            "session_id", "agent", "source", "status", "events", "tool_calls", "errors", "llm_turns", "tokens",
            "cost_usd", "subagent_sessions"
            """;

    private Schemas() {
    }

    /** A schema from its JSON text, with {@code "$headline": {}} replaced by the headline's properties. */
    static Map<String, Object> parse(String json) {
        String text = json.replace("\"$headline\": {}", HEADLINE_PROPERTIES.strip())
                .replace("\"$headline_required\"", HEADLINE_REQUIRED.strip());
        return Json.asObject(Json.parse(text));
    }
}
