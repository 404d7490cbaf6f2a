package io.github.agentstrace.hook;

import java.util.Map;

/**
 * Codex CLI's hooks ({@code .codex/hooks.json}): the same event names and snake_case fields as Claude Code,
 * with {@code tool_use_id} on tool events and {@code turn_id} on every turn-scoped one, so the mapping only
 * names the agent. {@code PermissionRequest} is not recorded (its PreToolUse is).
 */
final class CodexHooks extends AgentHooks {
    @Override
    String name() {
        return "codex";
    }

    @Override
    HookEvent event(String eventName, Payload p) {
        return ours(eventName);
    }

    @Override
    Map<String, Object> normalize(HookEvent event, Payload p) {
        return copy(p);
    }

    @Override
    String version(Payload p, Map<String, String> env) {
        return null;
    }
}
