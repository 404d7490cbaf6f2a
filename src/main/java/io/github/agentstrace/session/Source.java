package io.github.agentstrace.session;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.SessionMeta;
import java.util.Map;

/** How a session was recorded, which decides what it can know (an MCP proxy never sees the model's tokens). */
public enum Source {
    /** Hooks of a coding agent: Claude Code (ours or the original's), Codex, Gemini CLI, Copilot CLI, Cursor. */
    HOOKS("hooks"),
    /** An MCP server's traffic, through {@code record} or {@code record-http}. */
    MCP_PROXY("mcp proxy"),
    /** An agent instrumented in-process (the Java API, the original's decorators). */
    API("api"),
    /** A transcript turned into a session by {@code import}. */
    IMPORT("import"),
    /** Nothing says. */
    UNKNOWN("unknown");

    private final String word;

    Source(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    /** The source from what {@code session_start} says, else what meta.json says. */
    static Source of(SessionMeta meta, Map<String, Object> startData) {
        String mode = Json.asString(startData.get("mode"));
        if (mode != null) {
            switch (mode) {
                case "claude-code-hooks" -> {
                    return HOOKS;
                }
                case "mcp-stdio-proxy", "http", "mcp-http-proxy" -> {
                    return MCP_PROXY;
                }
                case "import" -> {
                    return IMPORT;
                }
                default -> {
                    if (mode.endsWith("-hooks")) {
                        return HOOKS; // another agent's hooks: codex-hooks, gemini-hooks, ...
                    }
                }
            }
        }
        if (meta.command().startsWith("claude-code") || meta.agentName().startsWith("claude-code")) {
            return HOOKS;
        }
        if (meta.command().startsWith("imported from")) {
            return IMPORT;
        }
        if (startData.get("command") instanceof java.util.List<?> || meta.command().startsWith("http-proxy")) {
            return MCP_PROXY; // the original's proxies record the server's argv
        }
        if (startData.containsKey("agent_name")) {
            return API;
        }
        return UNKNOWN;
    }
}
