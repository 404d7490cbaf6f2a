package io.github.agentstrace.term;

import java.util.Locale;
import java.util.Map;

/**
 * The colour policy every command shares: {@code --color always|never|auto}; in auto, {@code NO_COLOR}
 * (any non-empty value) turns colour off, {@code FORCE_COLOR} (non-empty, not "0") turns it on, and
 * otherwise colour is used only when stdout is a terminal.
 */
public enum ColorMode {
    AUTO, ALWAYS, NEVER;

    /** Parses a {@code --color} value; null for an unknown word. */
    public static ColorMode parse(String word) {
        if (word == null) {
            return null;
        }
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "auto" -> AUTO;
            case "always", "yes", "force" -> ALWAYS;
            case "never", "no", "none" -> NEVER;
            default -> null;
        };
    }

    /** Whether to emit ANSI escapes under this mode, the environment and the terminal-ness of stdout. */
    public boolean enabled(Map<String, String> env, boolean stdoutIsTerminal) {
        switch (this) {
            case ALWAYS:
                return true;
            case NEVER:
                return false;
            default:
                if (!env.getOrDefault("NO_COLOR", "").isEmpty()) {
                    return false;
                }
                String force = env.getOrDefault("FORCE_COLOR", "");
                if (!force.isEmpty() && !force.equals("0") && !force.equalsIgnoreCase("false")) {
                    return true;
                }
                return stdoutIsTerminal && !"dumb".equals(env.get("TERM"));
        }
    }
}
