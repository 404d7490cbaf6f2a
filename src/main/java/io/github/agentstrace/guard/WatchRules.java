package io.github.agentstrace.guard;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.json.JsonException;
import io.github.agentstrace.model.DataError;
import java.util.Map;
import java.util.Set;

/**
 * What {@code watch} alerts on; each limit is off when 0 (or null for the policy).
 *
 * @param maxRetries  the same call (tool and subject) retried after failing this many times
 * @param maxLoop     the same call this many times within the last {@link #LOOP_WINDOW} calls
 * @param maxErrors   this many failed calls in a row
 * @param maxCostUsd  the session's LLM cost reaches this many dollars
 * @param maxTokens   the session's tokens reach this many
 * @param maxDuration the session has run this many seconds
 * @param policy      a call breaks this policy (null: no policy rule)
 */
public record WatchRules(int maxRetries, int maxLoop, int maxErrors, double maxCostUsd, long maxTokens,
                         double maxDuration, Policy policy) {
    /** How many of the latest calls the loop rule looks at. */
    public static final int LOOP_WINDOW = 20;

    private static final Set<String> KEYS = Set.of("max_retries", "max_loop", "max_errors", "max_cost",
            "max_tokens", "max_duration");

    /** Whether any rule is on. */
    public boolean any() {
        return maxRetries > 0 || maxLoop > 0 || maxErrors > 0 || maxCostUsd > 0 || maxTokens > 0 || maxDuration > 0
                || policy != null;
    }

    /** The same rules with {@code policy}. */
    public WatchRules withPolicy(Policy p) {
        return new WatchRules(maxRetries, maxLoop, maxErrors, maxCostUsd, maxTokens, maxDuration, p);
    }

    /**
     * A rules file: a JSON object with any of {@code max_retries}, {@code max_loop}, {@code max_errors},
     * {@code max_cost}, {@code max_tokens}, {@code max_duration} (non-negative numbers); {@code name} names it
     * in messages.
     */
    public static WatchRules parse(byte[] json, String name) {
        Map<String, Object> m;
        try {
            Object root = Json.parse(json);
            if (!(root instanceof Map<?, ?>)) {
                throw new DataError("watch rules " + name + ": $ must be an object");
            }
            m = Json.asObject(root);
        } catch (JsonException e) {
            throw new DataError("watch rules " + name + " is not valid JSON: " + e.getMessage());
        }
        for (String k : m.keySet()) {
            if (!KEYS.contains(k)) {
                throw new DataError("watch rules " + name + ": unknown key $." + k + " (known: max_retries, max_loop,"
                        + " max_errors, max_cost, max_tokens, max_duration)");
            }
        }
        return new WatchRules((int) number(m, "max_retries", name), (int) number(m, "max_loop", name),
                (int) number(m, "max_errors", name), number(m, "max_cost", name), (long) number(m, "max_tokens", name),
                number(m, "max_duration", name), null);
    }

    private static double number(Map<String, Object> m, String key, String name) {
        Object v = m.get(key);
        if (v == null) {
            return 0;
        }
        if (!(v instanceof Number n) || n.doubleValue() < 0) {
            throw new DataError("watch rules " + name + ": $." + key + " must be a non-negative number, got "
                    + Json.write(v));
        }
        return n.doubleValue();
    }
}
