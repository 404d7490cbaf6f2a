package io.github.agentstrace.guard;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One thing a call did that the policy speaks of.
 *
 * @param rule     the rule
 * @param pattern  the policy entry (or built-in sensitive glob) that matched, or null for a miss of an allow list
 * @param target   what it concerns: a path (relative to the project when inside it), a command, a host, a tool
 * @param blocking true when the policy denies the call for it (a violation), false for a flag (a sensitive
 *                 path the policy does not deny)
 * @param message  one line: what the call did and which rule says so
 */
public record Finding(Rule rule, String pattern, String target, boolean blocking, String message) {

    /** The facts a recorded denial and the JSON reports carry. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rule", rule.id());
        if (pattern != null) {
            m.put("pattern", pattern);
        }
        m.put("target", target);
        m.put("blocking", blocking);
        m.put("message", message);
        return m;
    }
}
