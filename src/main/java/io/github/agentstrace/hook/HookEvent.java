package io.github.agentstrace.hook;

import java.util.Locale;

/**
 * The Claude Code hook events agent-strace records, each with the original's command-line name
 * ({@code pre-tool}) and Claude Code's own name ({@code PreToolUse}).
 *
 * <p>{@link #byName} accepts either spelling, case-insensitively; any other name is not an error for a
 * hook (it is ignored), so new Claude Code events never break a session.
 */
public enum HookEvent {
    SESSION_START("session-start", "SessionStart"),
    USER_PROMPT("user-prompt", "UserPromptSubmit"),
    PRE_TOOL("pre-tool", "PreToolUse"),
    POST_TOOL("post-tool", "PostToolUse"),
    POST_TOOL_FAILURE("post-tool-failure", "PostToolUseFailure"),
    PERMISSION_DENIED("permission-denied", "PermissionDenied"),
    STOP("stop", "Stop"),
    STOP_FAILURE("stop-failure", "StopFailure"),
    SUBAGENT_START("subagent-start", "SubagentStart"),
    SUBAGENT_STOP("subagent-stop", "SubagentStop"),
    NOTIFICATION("notification", "Notification"),
    PRE_COMPACT("pre-compact", "PreCompact"),
    POST_COMPACT("post-compact", "PostCompact"),
    SESSION_END("session-end", "SessionEnd");

    private final String cliName;
    private final String claudeName;

    HookEvent(String cliName, String claudeName) {
        this.cliName = cliName;
        this.claudeName = claudeName;
    }

    /** The name used on agent-strace's command line, e.g. {@code pre-tool}. */
    public String cliName() {
        return cliName;
    }

    /** Claude Code's name of the event, e.g. {@code PreToolUse} (the key in settings.json). */
    public String claudeName() {
        return claudeName;
    }

    /** The event for either spelling (case-insensitive), or null for a name agent-strace does not record. */
    public static HookEvent byName(String name) {
        if (name == null || name.isEmpty()) {
            return null;
        }
        for (HookEvent e : values()) {
            if (e.cliName.equalsIgnoreCase(name) || e.claudeName.equalsIgnoreCase(name)) {
                return e;
            }
        }
        // Forgiving spellings such as pre_tool or PRE-TOOL-USE.
        String folded = fold(name);
        for (HookEvent e : values()) {
            if (fold(e.cliName).equals(folded) || fold(e.claudeName).equals(folded)) {
                return e;
            }
        }
        return null;
    }

    private static String fold(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '-' && c != '_') {
                sb.append(c);
            }
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }
}
